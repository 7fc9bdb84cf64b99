import type { z } from 'zod';

/**
 * What a schema field holds, read off the zod schema itself: used to derive Strapi's populate
 * parameter and to hold Strapi's own content-type schema to the kernel (cms/src/validation).
 */
export type FieldInfo =
  | { kind: 'string' | 'number' | 'boolean' | 'other'; required: boolean }
  | { kind: 'enum'; values: string[]; required: boolean }
  | { kind: 'object'; shape: Record<string, z.ZodType>; required: boolean }
  | { kind: 'array'; element: FieldInfo; required: boolean };

type Def = {
  type: string; in?: z.ZodType; innerType?: z.ZodType; element?: z.ZodType;
  shape?: Record<string, z.ZodType>; entries?: Record<string, string>;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** `required`: the schema refuses the field missing or null (no optional, nullable or default wrapper). */
export function fieldInfo(schema: z.ZodType, required = true): FieldInfo {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': return fieldInfo(def.innerType!, false);
    case 'readonly': return fieldInfo(def.innerType!, required);
    case 'pipe': return fieldInfo(def.in!, required); // a transform reshapes what was read; the input is what Strapi must send
    case 'string': case 'number': case 'boolean': return { kind: def.type, required };
    case 'enum': return { kind: 'enum', values: Object.values(def.entries ?? {}), required };
    case 'object': return { kind: 'object', shape: def.shape ?? {}, required };
    case 'array': return { kind: 'array', element: fieldInfo(def.element!), required };
    default: return { kind: 'other', required };
  }
}

/** The object a field holds (itself, or the elements of its array); null for a scalar. */
export function objectShapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  const info = fieldInfo(schema);
  const inner = info.kind === 'array' ? info.element : info;
  return inner.kind === 'object' ? inner.shape : null;
}

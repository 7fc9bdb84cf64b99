import type { z } from 'zod';
import { DOCUMENT_SCHEMAS } from './schema';

/**
 * What to ask Strapi to populate for a whole document, read off the schema: every field holding
 * an object (a relation, component or media) is populated, nested as deep as the schema reads it.
 * A field added to the schema is fetched without touching the publisher's client.
 */
export type Populate = { [field: string]: true | { populate: Populate } };

type Def = { type: string; in?: z.ZodType; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object a field holds once wrappers (optional, nullable, default, transform) and arrays are peeled off; null for a scalar. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': return def.shape ?? null;
    case 'pipe': return objectShape(def.in!);
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': return objectShape(def.innerType!);
    case 'array': return objectShape(def.element!);
    default: return null;
  }
}

export function populateOf(shape: Record<string, z.ZodType>): Populate {
  const populate: Populate = {};
  for (const [field, schema] of Object.entries(shape)) {
    const inner = objectShape(schema);
    if (!inner) continue;
    const nested = populateOf(inner);
    populate[field] = Object.keys(nested).length > 0 ? { populate: nested } : true;
  }
  return populate;
}

/** The populate parameter for each document kind. */
export const DOCUMENT_POPULATE = {
  interpretation: populateOf(DOCUMENT_SCHEMAS.interpretation.shape),
  'policy-document': populateOf(DOCUMENT_SCHEMAS['policy-document'].shape),
} as const;

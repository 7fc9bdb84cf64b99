import type { z } from 'zod';
import { interpretationSchema, policyDocumentSchema } from './schema';
import type { Interpretation, PolicyDocument } from './types';

/**
 * What each field an author may leave empty becomes ('' for text, [] for lists, null for a missing
 * relation), read off the schema. Code that builds a document by hand (tests, fixtures, drills)
 * spreads these first, so a field added to the schema needs no edit there.
 */
type Optional<S extends z.ZodObject> = { [K in keyof z.input<S>]-?: undefined extends z.input<S>[K] ? K : never }[keyof z.input<S>];

function defaultsOf(shape: Record<string, z.ZodType>): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(shape)) {
    const parsed = schema.safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) defaults[field] = parsed.data;
  }
  return defaults;
}

export type InterpretationDefaults = Pick<Interpretation, Optional<typeof interpretationSchema> & keyof Interpretation>;
export type PolicyDocumentDefaults = Pick<PolicyDocument, Optional<typeof policyDocumentSchema> & keyof PolicyDocument>;

export const interpretationDefaults = (): InterpretationDefaults => defaultsOf(interpretationSchema.shape) as InterpretationDefaults;
export const policyDocumentDefaults = (): PolicyDocumentDefaults => defaultsOf(policyDocumentSchema.shape) as PolicyDocumentDefaults;

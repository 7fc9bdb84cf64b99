import type { z } from 'zod';
import { objectShapeOf } from './introspect';
import { DOCUMENT_SCHEMAS } from './schema';

/**
 * What to ask Strapi to populate for a whole document, read off the schema: every field holding
 * an object (a relation, component or media) is populated, nested as deep as the schema reads it.
 * A field added to the schema is fetched without touching the publisher's client.
 */
export type Populate = { [field: string]: true | { populate: Populate } };

export function populateOf(shape: Record<string, z.ZodType>): Populate {
  const populate: Populate = {};
  for (const [field, schema] of Object.entries(shape)) {
    const inner = objectShapeOf(schema);
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
  event: populateOf(DOCUMENT_SCHEMAS.event.shape),
} as const;

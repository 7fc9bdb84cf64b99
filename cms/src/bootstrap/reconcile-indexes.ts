import type { Core } from '@strapi/strapi';

/** The content types the publisher reconciles (publisher/src/ingest/published-view.ts KINDS). */
const RECONCILED = ['api::policy-document.policy-document', 'api::interpretation.interpretation', 'api::open-event.open-event'] as const;
const COLUMNS = ['updated_at', 'published_at'] as const;

/**
 * Every few seconds the publisher asks which documents were written or published since its last look
 * (a filter on updated_at or published_at) and how many are published. Strapi indexes neither column,
 * so each question read every row, bodies and all: at 20,000 interpretations about 60 ms of the CMS's
 * time per question, growing with everything ever written. With an index per column SQLite and
 * PostgreSQL answer from the indexes (both use the two for the OR). Made on every start after Strapi's
 * schema sync (IF NOT EXISTS: nothing to do once made), so a sync that drops indexes it does not know
 * costs one rebuild.
 */
export async function ensureReconcileIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  for (const uid of RECONCILED) {
    const table = strapi.db.metadata.get(uid).tableName;
    for (const column of COLUMNS) await knex.raw('create index if not exists ?? on ?? (??)', [`${table}_${column}_idx`, table, column]);
  }
}

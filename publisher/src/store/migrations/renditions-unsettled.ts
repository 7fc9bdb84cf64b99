import type { Migration } from 'kysely/migration';

/**
 * Every reconcile round (every few seconds) asks for renditions still queued or rendering a while
 * after their last change (a job Redis lost). Without an index that read every rendition ever made,
 * payloads and all on SQLite: a cost of an idle deployment that grew with everything published.
 * By status and time, the question reads only the few unsettled ones.
 */
export const renditionsUnsettled: Migration = {
  async up(db) {
    await db.schema.createIndex('renditions_status_updated').on('renditions').columns(['status', 'updated_at']).execute();
  },
};

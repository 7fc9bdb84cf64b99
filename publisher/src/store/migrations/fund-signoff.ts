import type { Migration } from 'kysely/migration';

/**
 * Who uploaded a payment batch in the CMS, who signed it off (签发) and who withdrew it: two people,
 * as for interpretations — the uploader cannot sign off their own batch. Batches imported from the
 * command line have none of them.
 */
export const fundSignoff: Migration = {
  async up(db) {
    for (const column of ['uploaded_by', 'uploaded_by_name', 'signed_off_by', 'signed_off_by_name', 'withdrawn_by_name']) {
      await db.schema.alterTable('fund_batches').addColumn(column, 'text').execute();
    }
  },
};

import type { Migration } from 'kysely/migration';

/**
 * 公租房 (public rental housing) rosters, published like a payment batch: each import of a county's
 * round (2026年第二批公租房) is a fund_batches row of kind 'housing' whose title is the round, so it
 * goes live, is corrected and withdrawn by the same commands; its applicants are housing_applications.
 * A round's newer version replaces the live one when it goes live (replaced_by), and the old one stays:
 * housing_versions keeps what each version changed against the one it replaced, for the history page.
 * Applicants' names and full ID numbers are kept (masked on every output, funds/masking.ts); the ID's
 * HMAC (applicant_key) is what an applicant's own check and the change count match on. Unit and door
 * numbers, phones, bank accounts and addresses are not stored at all.
 */
export const housing: Migration = {
  async up(db) {
    await db.schema.createTable('housing_applications')
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('applicant_name', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull())
      .addColumn('applicant_key', 'text', (c) => c.notNull())
      .addColumn('township', 'text')
      .addColumn('household_size', 'integer', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      /** 受理, 初审通过, 公示中, 审核通过 or 不予通过. */
      .addColumn('status', 'text', (c) => c.notNull())
      /** Why not approved: told to the applicant in their own check, never on a public page. */
      .addColumn('reason', 'text')
      .addColumn('waiting_order', 'integer')
      /** 配租结果: the estate and building only (a door number would locate a family). */
      .addColumn('estate', 'text')
      .addColumn('building', 'text')
      .addColumn('allocated_on', 'text')
      .addPrimaryKeyConstraint('housing_applications_pk', ['batch_id', 'row_number'])
      .execute();
    await db.schema.createIndex('housing_applications_key').on('housing_applications').columns(['applicant_key']).execute();
    await db.schema.createTable('housing_versions')
      .addColumn('batch_id', 'integer', (c) => c.primaryKey())
      /** Against the version live when this one was imported: applicants added, removed, and rows changed. */
      .addColumn('added', 'integer', (c) => c.notNull())
      .addColumn('removed', 'integer', (c) => c.notNull())
      .addColumn('changed', 'integer', (c) => c.notNull())
      .execute();
  },
};

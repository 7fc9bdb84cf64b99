import type { Migration } from 'kysely/migration';

/** A live batch taken back (撤回) with its reason: it leaves every page, feed and terminal, and stays as history. */
export const fundWithdrawals: Migration = {
  async up(db) {
    await db.schema.alterTable('fund_batches').addColumn('withdrawn_at', 'text').execute();
    await db.schema.alterTable('fund_batches').addColumn('withdrawn_reason', 'text').execute();
  },
};

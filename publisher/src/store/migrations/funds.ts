import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { onPostgres as isPostgres } from '../dialect';


/**
 * 民生资金公开 (Huitong's 196 livelihood funds "一项不留、一分不少"): the county's villages, its funds,
 * and the import batches with their payment rows. A batch's rows are written while it is
 * 'importing' and shown by nothing until the batch is live, so a batch goes in whole or not at all;
 * a corrected batch replaces the one before, which stays as history (replaced_by).
 * Payees' ID numbers are kept in full (auditors' cross-checks) and as an HMAC (lookups); names in full.
 * Bank accounts, phones and addresses are not stored at all.
 */
export const funds: Migration = {
  async up(db) {
    const id = (table: ReturnType<Kysely<any>['schema']['createTable']>) =>
      table.addColumn('id', isPostgres(db) ? 'serial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()));
    await db.schema.createTable('fund_villages')
      .addColumn('county', 'text', (c) => c.notNull()).addColumn('township', 'text', (c) => c.notNull()).addColumn('village', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fund_villages_pk', ['county', 'township', 'village']).execute();
    await db.schema.createTable('fund_funds')
      .addColumn('county', 'text', (c) => c.notNull()).addColumn('name', 'text', (c) => c.notNull())
      .addColumn('source', 'text').addColumn('level', 'text')
      /** The standard per payment, in fen (分); null when the fund has none. */
      .addColumn('standard_fen', 'bigint').addColumn('total_fen', 'bigint')
      .addColumn('period_from', 'text', (c) => c.notNull()).addColumn('period_to', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fund_funds_pk', ['county', 'name']).execute();
    await id(db.schema.createTable('fund_batches'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('county', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      /** importing → staged (checked, waiting for sign-off) → live → replaced; failed keeps its errors. */
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('total_fen', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('errors', 'text')
      .addColumn('replaces', 'integer')
      .addColumn('replaced_by', 'integer')
      /** The visible 更正 note of a batch that corrects an earlier one. */
      .addColumn('correction_note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('live_at', 'text')
      .execute();
    await db.schema.createTable('fund_payments')
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('fund', 'text', (c) => c.notNull())
      .addColumn('township', 'text', (c) => c.notNull())
      .addColumn('village', 'text', (c) => c.notNull())
      .addColumn('payee_name', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull())
      .addColumn('payee_key', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('paid_on', 'text', (c) => c.notNull())
      .addColumn('item', 'text')
      .execute();
    // Made after a bulk load would be faster; made here so a live batch is always indexed.
    await db.schema.createIndex('fund_payments_batch_place').on('fund_payments').columns(['batch_id', 'township', 'village']).execute();
    await db.schema.createIndex('fund_payments_payee').on('fund_payments').columns(['payee_key']).execute();
  },
};

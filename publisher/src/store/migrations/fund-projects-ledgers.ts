import type { Migration } from 'kysely/migration';

/**
 * 民生项目 and 村级财务 (issue 21): two more kinds of fund batch (fund_batches.kind 'projects' and
 * 'ledgers'), with the same life — importing → staged → live → replaced / withdrawn, a correction
 * replacing its batch with a visible 更正 note and the old one kept. A project is known across
 * corrections by its key (county, township, village and name hashed), which its page and its poster's
 * QR code carry. Ledger lines are the village's own public accounts: no column of a person is stored.
 */
export const fundProjectsLedgers: Migration = {
  async up(db) {
    await db.schema.createTable('fund_projects')
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('project_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('fund', 'text', (c) => c.notNull())
      .addColumn('township', 'text', (c) => c.notNull())
      /** '' for a project of the whole township. */
      .addColumn('village', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('implementer', 'text', (c) => c.notNull())
      .addColumn('started_on', 'text', (c) => c.notNull())
      .addColumn('finished_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('results', 'text')
      .addPrimaryKeyConstraint('fund_projects_pk', ['batch_id', 'row_number'])
      .execute();
    await db.schema.createIndex('fund_projects_key').on('fund_projects').columns(['project_key', 'batch_id']).execute();
    await db.schema.createTable('fund_ledger_lines')
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('township', 'text', (c) => c.notNull())
      .addColumn('village', 'text', (c) => c.notNull())
      /** As shown (2026年第3季度, 2026年7月) and as sorted (2026-Q3, 2026-07). */
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('period_key', 'text', (c) => c.notNull())
      /** 收入 or 支出. */
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('entry_on', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fund_ledger_lines_pk', ['batch_id', 'row_number'])
      .execute();
    await db.schema.createIndex('fund_ledger_lines_village').on('fund_ledger_lines').columns(['batch_id', 'township', 'village', 'period_key']).execute();
  },
};

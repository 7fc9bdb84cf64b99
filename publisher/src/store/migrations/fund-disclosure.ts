import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * What the disclosure pages read (民生资金公开): each checked batch summed per township, village and
 * fund when it is staged, so a county's, a township's and a village's totals come from a few hundred
 * rows however many payments there are, and add up at every level by construction. A village's
 * payment list pages through its rows in sheet order, so the place index ends with row_number.
 */
export const fundDisclosure: Migration = {
  async up(db) {
    await db.schema.createTable('fund_batch_places')
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('township', 'text', (c) => c.notNull())
      .addColumn('village', 'text', (c) => c.notNull())
      .addColumn('fund', 'text', (c) => c.notNull())
      .addColumn('payments', 'integer', (c) => c.notNull())
      .addColumn('total_fen', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('fund_batch_places_pk', ['batch_id', 'township', 'village', 'fund'])
      .execute();
    // Batches staged before this table existed.
    await sql`insert into fund_batch_places (batch_id, township, village, fund, payments, total_fen)
      select p.batch_id, p.township, p.village, p.fund, count(*), sum(p.amount_fen)
      from fund_payments p join fund_batches b on b.id = p.batch_id where b.status in ('staged', 'live', 'replaced')
      group by p.batch_id, p.township, p.village, p.fund`.execute(db);
    await db.schema.dropIndex('fund_payments_batch_place').execute();
    await db.schema.createIndex('fund_payments_village_rows').on('fund_payments').columns(['batch_id', 'township', 'village', 'row_number']).execute();
  },
};

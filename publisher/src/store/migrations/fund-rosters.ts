import type { Migration } from 'kysely/migration';

/**
 * The auditors' rosters for 民生资金公开's cross-checks (数据碰撞), private like fund_payments and
 * never shown on any page: people who died or moved away (死亡/迁出名单) and village officials with
 * their households (村干部名单). Each is replaced whole per county. Payees are matched by payee_key,
 * the same HMAC of the ID number the payments carry; names and full ID numbers are kept for the
 * discipline-inspection office's copy.
 */
export const fundRosters: Migration = {
  async up(db) {
    await db.schema.createTable('fund_departed')
      .addColumn('county', 'text', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('payee_name', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull())
      .addColumn('payee_key', 'text', (c) => c.notNull())
      /** 死亡 or 迁出. */
      .addColumn('reason', 'text', (c) => c.notNull())
      /** The day of death or of moving away; a payment after it is a finding. */
      .addColumn('since', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('fund_departed_pk', ['county', 'payee_key'])
      .execute();
    await db.schema.createTable('fund_officials')
      .addColumn('county', 'text', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('township', 'text', (c) => c.notNull())
      .addColumn('village', 'text', (c) => c.notNull())
      .addColumn('payee_name', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull())
      .addColumn('payee_key', 'text', (c) => c.notNull())
      .addColumn('post', 'text', (c) => c.notNull())
      /** 本人, 配偶, 子女 …: an official's household member is listed under the official's post. */
      .addColumn('relation', 'text', (c) => c.notNull())
      .addColumn('head_id_number', 'text')
      .addPrimaryKeyConstraint('fund_officials_pk', ['county', 'payee_key'])
      .execute();
  },
};

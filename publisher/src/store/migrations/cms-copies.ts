import type { Migration } from 'kysely/migration';

/**
 * Last good copies of what the CMS says, by name (store/county-places-copy.ts: the counties and where
 * sites and terminals belong), so a process started while the CMS is away still knows them.
 */
export const cmsCopies: Migration = {
  async up(db) {
    await db.schema.createTable('cms_copies')
      .addColumn('name', 'text', (c) => c.primaryKey()).addColumn('body', 'text', (c) => c.notNull()).addColumn('saved_at', 'text', (c) => c.notNull())
      .execute();
  },
};

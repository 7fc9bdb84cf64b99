import type { Migration } from 'kysely/migration';

/**
 * The CMS's own last-change time of each question (its updatedAt), copied with its state: the
 * sweep asks the CMS for what changed since the latest one, so an outcome (已采纳…) changed after
 * the answer is copied too, not only the changes of questions still open.
 */
export const questionCmsUpdated: Migration = {
  async up(db) {
    await db.schema.alterTable('questions').addColumn('cms_updated_at', 'text').execute();
  },
};

import type { Migration } from 'kysely/migration';

/**
 * 我要监督 on the 民生资金公开 pages: a report is a question of the kind 'supervision' (the kind
 * column is free text), with the place and fund it is about kept beside it for the CMS.
 */
export const fundReports: Migration = {
  async up(db) {
    await db.schema.alterTable('questions').addColumn('subject', 'text').execute();
  },
};

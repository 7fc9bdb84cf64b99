import type { Migration } from 'kysely/migration';
import { onPostgres as isPostgres } from '../dialect';


/**
 * 在线访谈's live text: each turn the editor posts while the interview is on air, in order. The
 * database is the record (a reader who opens the live page late reads every turn so far); Redis
 * only carries the news of a new turn to every API process.
 */
export const interviewTurns: Migration = {
  async up(db) {
    await db.schema
      .createTable('interview_turns')
      .addColumn('id', isPostgres(db) ? 'serial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('speaker', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('highlight', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('posted_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('interview_turns_document').on('interview_turns').columns(['document_id', 'id']).execute();
  },
};

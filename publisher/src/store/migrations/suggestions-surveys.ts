import type { Migration } from 'kysely/migration';

/**
 * 你建言我来办 and 问卷调查: the question desk learns a kind (咨询 / 建议), a suggestion's outcome
 * (已采纳 / 部分采纳 / 暂不采纳, copied back from the CMS) and the survey a suggestion came from;
 * survey responses are kept here (one per registration or per issued receipt: the unique key).
 */
export const suggestionsSurveys: Migration = {
  async up(db) {
    await db.schema.alterTable('questions').addColumn('kind', 'text', (c) => c.notNull().defaultTo('question')).execute();
    await db.schema.alterTable('questions').addColumn('outcome', 'text').execute();
    await db.schema.alterTable('questions').addColumn('source_survey', 'text').execute();
    await db.schema
      .createTable('survey_responses')
      .addColumn('receipt', 'text', (c) => c.primaryKey())
      .addColumn('survey_id', 'text', (c) => c.notNull())
      .addColumn('respondent_key', 'text', (c) => c.notNull())
      .addColumn('site', 'text')
      .addColumn('department_code', 'text')
      .addColumn('event_id', 'text')
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('client_key', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('survey_responses_once', ['survey_id', 'respondent_key'])
      .execute();
    await db.schema.createIndex('survey_responses_received').on('survey_responses').columns(['received_at']).execute();
  },
};

'use strict';
/**
 * 问卷调查's open event was a typed documentId (surveys.event_document_id); it is now the relation
 * `event`. Strapi runs this once, before it syncs the schema, and that sync drops the old column and
 * makes the relation's join table. So the values are set aside here, in a table Strapi leaves alone,
 * and the CMS's bootstrap links them once the join table exists (src/surveys/legacy-event-links.ts),
 * then drops this table. Draft and published rows are kept apart: each row keeps its own value.
 */
const HOLDING = 'tongyuan_survey_event_ids';

module.exports = {
  async up(knex, db) {
    const schema = () => db.getSchemaConnection(knex); // a schema builder runs once: a fresh one per call
    const table = (name) => (db.getSchemaName() ? knex(name).withSchema(db.getSchemaName()) : knex(name));
    // A new installation (or one made after the relation) has nothing to keep.
    if (!(await schema().hasTable('surveys')) || !(await schema().hasColumn('surveys', 'event_document_id'))) return;
    if (!(await schema().hasTable(HOLDING))) {
      await schema().createTable(HOLDING, (t) => {
        t.integer('survey_id').notNullable();
        t.string('event_document_id', 255).notNullable();
      });
    }
    await table(HOLDING).insert(
      table('surveys').select('id as survey_id', 'event_document_id').whereNotNull('event_document_id').whereNot('event_document_id', ''),
    );
  },
  async down() {
    throw new Error('问卷调查的开放活动已改为关联字段，不能退回文本编号');
  },
};

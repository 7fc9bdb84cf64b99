import type { Core } from '@strapi/strapi';

/**
 * The second half of database/migrations/2026.12.04T00.00.00.survey-event-relation.js: each survey
 * row whose old 开放活动编号 was set aside is linked to that event — a draft row to the event's draft,
 * a published row to the event's published version (Strapi 5 keeps both; a published survey whose
 * event is not published stays unlinked, as Strapi itself would publish it). Then the holding table
 * goes. Runs at every start and does nothing once the table is gone; a start stopped halfway rolls
 * back and links again at the next.
 */
export const HOLDING = 'tongyuan_survey_event_ids';
const SURVEY = 'api::survey.survey';
const OPEN_EVENT = 'api::open-event.open-event';

export async function linkLegacySurveyEvents(strapi: Core.Strapi): Promise<void> {
  const db = strapi.db;
  if (!(await db.getSchemaConnection().hasTable(HOLDING))) return;
  const unknown: string[] = [];
  let linked = 0;
  await db.transaction(async ({ trx }) => {
    const pairs = (await db.getConnection(HOLDING).select('survey_id', 'event_document_id').transacting(trx)) as Array<{ survey_id: number; event_document_id: string }>;
    for (const pair of pairs) {
      const survey = await db.query(SURVEY).findOne({ where: { id: pair.survey_id }, select: ['id', 'title', 'publishedAt'] });
      if (!survey) continue; // deleted since: nothing to link
      const eventId = String(pair.event_document_id).trim();
      const event = eventId && (await db.query(OPEN_EVENT).findOne({
        where: { documentId: eventId, publishedAt: survey.publishedAt ? { $notNull: true } : { $null: true } }, select: ['id'],
      }));
      if (event) {
        await db.query(SURVEY).update({ where: { id: survey.id }, data: { event: event.id } });
        linked += 1;
      } else if (!survey.publishedAt) {
        // An id that names no event: said once, in the log, so the author can pick the event.
        unknown.push(`“${survey.title}”（${eventId}）`);
      }
    }
    await db.getSchemaConnection(trx).dropTable(HOLDING);
  });
  strapi.log.info(`[tongyuan] 问卷调查的开放活动编号已改为关联的开放活动：关联 ${linked} 条`);
  if (unknown.length) strapi.log.warn(`[tongyuan] 这些问卷填写的开放活动编号找不到对应的开放活动，未关联，请在后台为它们选择开放活动：${unknown.join('、')}`);
}

import type { Selectable } from 'kysely';
import type { Db } from './db';
import type { SurveyResponsesTable } from './schema';

export type SurveyResponseRow = Selectable<SurveyResponsesTable>;

/**
 * Survey responses (问卷调查), kept here for the organizer's results and the annual report's count.
 * (survey, respondent) is unique in the database, so two submissions racing for one registration
 * store one response.
 */
export class SurveyResponseStore {
  constructor(private readonly db: Db) {}

  /** false when this respondent has already answered this survey (the unique key said so). */
  async insert(row: SurveyResponseRow): Promise<boolean> {
    const result = await this.db.insertInto('survey_responses').values(row)
      .onConflict((c) => c.columns(['survey_id', 'respondent_key']).doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async answered(surveyId: string, respondentKey: string): Promise<SurveyResponseRow | undefined> {
    return this.db.selectFrom('survey_responses').selectAll().where('survey_id', '=', surveyId).where('respondent_key', '=', respondentKey).executeTakeFirst();
  }

  async ofSurvey(surveyId: string): Promise<SurveyResponseRow[]> {
    return this.db.selectFrom('survey_responses').selectAll().where('survey_id', '=', surveyId).orderBy('received_at').execute();
  }

  /** Responses received in [from, to): the annual report counts them per site and department. */
  async receivedBetween(from: string, to: string): Promise<Array<Pick<SurveyResponseRow, 'site' | 'department_code' | 'survey_id'>>> {
    return this.db.selectFrom('survey_responses').select(['site', 'department_code', 'survey_id'])
      .where('received_at', '>=', from).where('received_at', '<', to).execute();
  }
}

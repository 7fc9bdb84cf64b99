import { createHash, createHmac } from 'node:crypto';
import { chinaDateTime } from '@tongyuan/document';
import type { Config } from '../config';
import { PublisherError } from '../errors';
import type { Logger } from '../logger';
import type { Queues } from '../pipeline/queues';
import { dueTime, newReceipt } from '../questions/receive-question';
import type { Sender, SpamGuard } from '../questions/spam-guard';
import type { WorkingDayCalendar } from '../questions/working-days';
import type { QuestionStore } from '../store/questions';
import type { SurveyResponseStore } from '../store/survey-responses';
import { checkAnswers, type SurveyForm } from './survey-answers';
import { surveyState, type Survey } from './survey-source';

/**
 * Taking one response to a survey (问卷调查). Who may answer once:
 *  - an event's survey: one response per registration — the registration's receipt code, checked
 *    with the registration desk (`registrations`); a second response on the same code is refused;
 *  - a standing survey: one response per ticket — a random ticket the survey page hands the browser
 *    (a cookie and a hidden field); the response issues a receipt, and the same browser (or the same
 *    form sent again) gets that receipt back instead of a second response. Another browser, or
 *    cleared cookies, is a new ticket: what stops mass answering there is the proof of work and the
 *    hourly allowance per address, not identity — the results say "responses", not "people".
 * Free-text answers go to the question desk as 建议 (kind suggestion) of the organizing department,
 * naming the survey, so each is recorded and answered (记录在册).
 */
export interface RegistrationCheck {
  /** Whether this receipt code is a registration (confirmed or attended) for this event. */
  (eventId: string, receiptCode: string): Promise<boolean>;
}
export interface SurveyResponseDeps {
  surveyResponses: SurveyResponseStore; questionDesk: QuestionStore; spamGuard: SpamGuard; queues: Queues; clock: () => Date;
  calendar: WorkingDayCalendar; config: Pick<Config, 'QUESTION_DUE_WORKING_DAYS' | 'HOOK_SECRET'>; logger: Logger;
  /** The registration desk's check; absent → an event survey cannot verify codes and refuses (says so). */
  registrations?: RegistrationCheck;
}
export interface ResponseOrigin { sender: Sender; proofOfWork?: unknown; honeypot?: unknown; ticket?: string; registrationCode?: string }
export interface SurveyReceipt { receipt: string; receivedAt: string; duplicate: boolean; suggestions: number }

export const TICKET = /^[A-Za-z0-9_-]{16,64}$/;
const REGISTRATION_CODE = /^[A-Za-z0-9-]{4,40}$/;

/** The stored key of one respondent: a keyed hash, so neither a ticket nor a registration code is kept as given. */
export const respondentKeyOf = (secret: string, surveyId: string, raw: string) => createHmac('sha256', secret).update(`survey:${surveyId}:${raw}`).digest('hex').slice(0, 40);

function respondentKey(services: SurveyResponseDeps, survey: Survey, origin: ResponseOrigin): string {
  const refuse = (message: string, field: string) => new PublisherError('SURVEY_INVALID', message, { details: { field } });
  const key = (raw: string) => respondentKeyOf(services.config.HOOK_SECRET, survey.documentId, raw);
  if (survey.eventId) {
    const code = (origin.registrationCode ?? '').trim().toUpperCase();
    if (!code) throw refuse('这是活动问卷，请填写报名回执编号（报名成功时页面和短信中给出的编号）', 'registration');
    if (!REGISTRATION_CODE.test(code)) throw refuse('报名回执编号格式不正确：请按报名回执上的编号填写', 'registration');
    return key(`registration:${code}`);
  }
  if (!origin.ticket || !TICKET.test(origin.ticket)) throw refuse('问卷页面已过期：请刷新页面后重新填写', 'ticket');
  return key(`ticket:${origin.ticket}`);
}

export async function receiveSurveyResponse(services: SurveyResponseDeps, survey: Survey, form: SurveyForm, origin: ResponseOrigin): Promise<SurveyReceipt> {
  const { surveyResponses, spamGuard, clock } = services;
  if (typeof origin.honeypot === 'string' && origin.honeypot.trim() !== '') throw new PublisherError('QUESTION_CHECK_FAILED', '提交未通过防刷校验：请刷新页面后重新填写');
  const now = clock();
  const state = surveyState(survey, now);
  if (state === 'closed') throw new PublisherError('SURVEY_CLOSED', `问卷已于 ${chinaDateTime(new Date(survey.closesAt!))} 截止，不再接受填写；意见建议可以从“我要咨询”页面选择“建议”提交`);
  if (state === 'not_yet') throw new PublisherError('SURVEY_CLOSED', `问卷将于 ${chinaDateTime(new Date(survey.opensAt!))} 开始填写，请到时再来`);
  const respondent = respondentKey(services, survey, origin);
  // The same ticket or registration again (the back button, a double click): its receipt, before the proof is looked at.
  const earlier = await surveyResponses.answered(survey.documentId, respondent);
  if (earlier) {
    if (survey.eventId) throw new PublisherError('SURVEY_ANSWERED', `这个报名已经填写过本问卷（回执 ${earlier.receipt}），每个报名只能填写一次`);
    return { receipt: earlier.receipt, receivedAt: earlier.received_at, duplicate: true, suggestions: 0 };
  }
  const answers = checkAnswers(survey, form);
  if (origin.sender.kind !== 'operator') await spamGuard.checkProofOfWork(origin.proofOfWork);
  if (survey.eventId) {
    if (!services.registrations) throw new PublisherError('SURVEY_INVALID', '暂时无法核对报名回执编号（报名系统未启用）：请稍后再试，或在活动现场填写纸质问卷');
    if (!(await services.registrations(survey.eventId, origin.registrationCode!.trim().toUpperCase()))) {
      throw new PublisherError('SURVEY_INVALID', '没有找到这个报名回执编号（或报名已取消）：请核对报名回执上的编号', { details: { field: 'registration' } });
    }
  } else {
    // A venue's visitors may share one address: the registration, not the address, bounds an event survey.
    await spamGuard.allow(origin.sender);
  }

  const receipt = newReceipt(now, 'S');
  const clientKey = spamGuard.senderKey(origin.sender);
  const stored = await surveyResponses.insert({
    receipt, survey_id: survey.documentId, respondent_key: respondent, site: survey.site?.code ?? null, department_code: survey.department?.code ?? null,
    event_id: survey.eventId, answers: JSON.stringify(answers), client_key: clientKey, received_at: now.toISOString(),
  });
  if (!stored) {
    const winner = await surveyResponses.answered(survey.documentId, respondent);
    if (survey.eventId || !winner) throw new PublisherError('SURVEY_ANSWERED', '这个报名已经填写过本问卷，每个报名只能填写一次');
    return { receipt: winner.receipt, receivedAt: winner.received_at, duplicate: true, suggestions: 0 };
  }
  const texts = answers.filter((a) => a.kind === 'free_text' && typeof a.value === 'string' && a.value) as Array<{ question: string; value: string }>;
  for (const text of texts) await recordSuggestion(services, survey, text.value, clientKey, now);
  return { receipt, receivedAt: now.toISOString(), duplicate: false, suggestions: texts.length };
}

/** A free-text answer as a 建议 in the question desk: the organizing department answers it; the survey is named. */
async function recordSuggestion(services: SurveyResponseDeps, survey: Survey, body: string, clientKey: string, now: Date) {
  const receipt = newReceipt(now);
  await services.questionDesk.insert({
    receipt, site: survey.site?.code ?? null, source: 'survey', terminal: null, about: null, department_choice: survey.department?.code ?? null,
    body, asker_name: null, asker_contact: null, client_key: clientKey,
    body_hash: createHash('sha256').update(JSON.stringify([survey.documentId, body])).digest('hex'),
    received_at: now.toISOString(), due_at: dueTime(services, now), kind: 'suggestion', source_survey: survey.documentId,
  });
  await services.queues.enqueueQuestionDelivery(receipt).catch((error) => services.logger.warn({ receipt, err: (error as Error).message }, '问卷意见已保存为建议，投递任务稍后由巡查补发'));
}

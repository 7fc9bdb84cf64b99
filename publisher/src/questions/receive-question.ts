import { CHANNEL_ROLES } from '@tongyuan/channels';
import { chinaDayOf } from '@tongyuan/document';
import { createHash, randomInt } from 'node:crypto';
import { PublisherError } from '../errors';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Queues } from '../pipeline/queues';
import type { PublicationQueries } from '../store/queries';
import type { QuestionStore } from '../store/questions';
import { checkQuestion, type QuestionKind } from './question-input';
import type { Sender, SpamGuard } from './spam-guard';
import type { WorkingDayCalendar } from './working-days';

/**
 * Taking a question from the public (宜企问), written once for the site form, the kiosk and the
 * GraphQL mutation. It is checked, counted against its sender's allowance, stored here first and
 * handed to the CMS by a job, so an unreachable CMS costs a delay, never a question. The asker gets
 * a receipt number and the due time: 2 working days on the State Council calendar.
 */
export interface QuestionOrigin {
  /** The channel it came through (a channel code), or 'api'. */
  source: string;
  sender: Sender;
  terminal?: string;
  /** The ALTCHA payload: the site form's widget, or the kiosk app's own solve (required but for operators). */
  proofOfWork?: unknown;
  /** The form's hidden field: people leave it empty. */
  honeypot?: unknown;
}
export interface ReceiveQuestionDeps {
  questionDesk: QuestionStore; spamGuard: SpamGuard; clock: () => Date; queries: PublicationQueries; queues: Queues;
  calendar: WorkingDayCalendar; config: Pick<Config, 'QUESTION_DUE_WORKING_DAYS'>; logger: Logger;
}
export interface QuestionReceipt { receipt: string; receivedAt: string; dueAt: string | null; duplicate: boolean; kind?: QuestionKind }

const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read out over the phone
const REPEAT_WINDOW_MS = 24 * 3600_000;

/** Q… for a question, suggestion or report; S… for a survey response. */
export function newReceipt(now: Date, prefix: 'Q' | 'S' = 'Q'): string {
  const suffix = Array.from({ length: 6 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join('');
  return `${prefix}${chinaDayOf(now).replaceAll('-', '')}-${suffix}`;
}

export async function receiveQuestion(services: ReceiveQuestionDeps, input: unknown, origin: QuestionOrigin): Promise<QuestionReceipt> {
  const { questionDesk: desk, spamGuard, clock } = services;
  if (typeof origin.honeypot === 'string' && origin.honeypot.trim() !== '') {
    throw new PublisherError('QUESTION_CHECK_FAILED', '提交未通过防刷校验：请刷新页面后重新填写');
  }
  const question = checkQuestion(input);
  if (origin.source === CHANNEL_ROLES.portal && !question.site) throw new PublisherError('QUESTION_INVALID', '缺少站点：请从网站的“我要咨询”页面提问');
  if (question.site && !(await services.queries.siteOn(CHANNEL_ROLES.portal, question.site))) {
    throw new PublisherError('QUESTION_INVALID', `没有“${question.site}”这个站点：请从网站的“我要咨询”页面提问`, { details: { field: 'site' } });
  }
  if (question.about && !(await services.queries.liveItem(CHANNEL_ROLES.portal, question.about))) {
    throw new PublisherError('QUESTION_INVALID', '要咨询的解读不存在或已撤回：请回到网站首页，从“我要咨询”提问', { details: { field: 'about' } });
  }

  const now = clock();
  const clientKey = spamGuard.senderKey(origin.sender);
  // Who asked is part of it: two people relayed by one WeChat backend asking alike are two questions.
  const bodyHash = createHash('sha256').update(JSON.stringify([question.site, question.body, question.askerName, question.askerContact, question.kind, question.subject])).digest('hex');
  // A double click, a resubmitted form, a kiosk retrying after a lost answer: the same receipt again.
  const repeat = await desk.findRepeat(clientKey, bodyHash, new Date(now.getTime() - REPEAT_WINDOW_MS).toISOString());
  // (Before the proof of work: a form sent again with the back button carries the used proof, and still gets its receipt.)
  if (repeat) return { receipt: repeat.receipt, receivedAt: repeat.received_at, dueAt: repeat.due_at, duplicate: true, kind: repeat.kind };
  // Readers' browsers and kiosk terminals solve the proof of work (a terminal's code is in its public address, so
  // anyone could claim to be one); operators' apps are known by their token and have their own allowance.
  if (origin.sender.kind !== 'operator') await spamGuard.checkProofOfWork(origin.proofOfWork);
  await spamGuard.allow(origin.sender);

  const dueAt = dueTime(services, now);
  const receipt = newReceipt(now);
  await desk.insert({
    receipt, site: question.site, source: origin.source, terminal: origin.terminal ?? null, about: question.about,
    department_choice: question.department, body: question.body, asker_name: question.askerName, asker_contact: question.askerContact,
    client_key: clientKey, body_hash: bodyHash, received_at: now.toISOString(), due_at: dueAt, kind: question.kind, source_survey: null,
    subject: question.subject,
  });
  // Stored is received: if the queue is away, the worker's sweep hands it over later.
  await services.queues.enqueueQuestionDelivery(receipt).catch((error) => services.logger.warn({ receipt, err: (error as Error).message }, '咨询已保存，投递任务稍后由巡查补发'));
  return { receipt, receivedAt: now.toISOString(), dueAt, duplicate: false, kind: question.kind };
}

/** Due time, or null (and a loud log) when the calendar does not reach that far: the question is still taken. */
export function dueTime(services: Pick<ReceiveQuestionDeps, 'calendar' | 'config' | 'logger'>, now: Date): string | null {
  try {
    return services.calendar.addWorkingDays(now, services.config.QUESTION_DUE_WORKING_DAYS).toISOString();
  } catch (error) {
    if (!(error instanceof PublisherError) || error.code !== 'CALENDAR_NOT_COVERED') throw error;
    services.logger.error({ err: error.message }, '工作日日历未覆盖：咨询已受理，但无法计算答复时限');
    return null;
  }
}

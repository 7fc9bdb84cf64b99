import { createHash } from 'node:crypto';
import { PublisherError } from '../errors';
import { checkText, QUESTION_MAX_CHARS } from '../questions/question-input';
import { dueTime, newReceipt, type ReceiveQuestionDeps } from '../questions/receive-question';
import type { EventForRegistration } from './event-seats';

/**
 * 现场意见簿: the comments people write in an open event's comment book, typed in by the organizing
 * department afterwards. Each becomes a 建议 in the question desk — routed to that department, due
 * like any other, recorded and answered (记录在册) — naming the event as its source. Nobody's name:
 * a comment book is anonymous. The same comment entered twice for one event is recorded once.
 */
export type CommentBookDeps = Pick<ReceiveQuestionDeps, 'questionDesk' | 'queues' | 'clock' | 'calendar' | 'config' | 'logger'>;
export const COMMENT_BOOK_MAX = 200;

export interface RecordedComment { receipt: string; duplicate: boolean }

/** Checks every comment before storing any (a refusal names the one to fix), then records each. */
export async function recordCommentBook(deps: CommentBookDeps, event: EventForRegistration, input: unknown): Promise<RecordedComment[]> {
  const comments = (input as { comments?: unknown } | null)?.comments;
  if (!Array.isArray(comments) || comments.length === 0) throw new PublisherError('QUESTION_INVALID', '请至少录入一条意见（每条意见一段）');
  if (comments.length > COMMENT_BOOK_MAX) throw new PublisherError('QUESTION_INVALID', `一次最多录入 ${COMMENT_BOOK_MAX} 条意见，这次有 ${comments.length} 条：请分几次录入`);
  const texts = comments.map((comment, i) => {
    const text = checkText(typeof comment === 'string' ? comment : '', `comments.${i}`, `第 ${i + 1} 条意见`, QUESTION_MAX_CHARS);
    if (!text) throw new PublisherError('QUESTION_INVALID', `第 ${i + 1} 条意见是空的：请删去或填写内容`, { details: { field: `comments.${i}` } });
    return text;
  });
  const now = deps.clock();
  const clientKey = `comment-book:${event.documentId}`;
  const recorded: RecordedComment[] = [];
  for (const body of texts) {
    const bodyHash = createHash('sha256').update(JSON.stringify(['comment-book', event.documentId, body])).digest('hex');
    const earlier = await deps.questionDesk.findRepeat(clientKey, bodyHash, '');
    if (earlier) {
      recorded.push({ receipt: earlier.receipt, duplicate: true });
      continue;
    }
    const receipt = newReceipt(now);
    await deps.questionDesk.insert({
      receipt, site: event.sites[0]?.code ?? null, source: 'onsite', terminal: null, about: null, department_choice: event.department?.code ?? null,
      body, asker_name: null, asker_contact: null, client_key: clientKey, body_hash: bodyHash, received_at: now.toISOString(),
      due_at: dueTime(deps, now), kind: 'suggestion', source_survey: event.documentId,
    });
    await deps.queues.enqueueQuestionDelivery(receipt).catch((error) => deps.logger.warn({ receipt, err: (error as Error).message }, '现场意见已保存为建议，投递任务稍后由巡查补发'));
    recorded.push({ receipt, duplicate: false });
  }
  return recorded;
}

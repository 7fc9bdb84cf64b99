import { UnrecoverableError } from 'bullmq';
import { PublisherError } from '../errors';
import type { CmsDeskClient } from '../ingest/desk-client';
import type { Logger } from '../logger';
import type { QuestionStore } from '../store/questions';

export interface QuestionSyncDeps { questionDesk: QuestionStore; cmsDesk: CmsDeskClient; clock: () => Date; logger: Logger }

/**
 * Between the publisher, which takes questions from the public, and the CMS, where departments
 * answer them: hand each question over (then forget the asker's details here), copy the CMS's
 * state back (answered, reassigned), and flag in the CMS the open questions past due by this
 * process's clock and the working-day calendar.
 */
export async function deliverQuestion(services: QuestionSyncDeps, receipt: string): Promise<'delivered' | 'already' | 'missing'> {
  const { questionDesk: desk, clock } = services;
  const row = await desk.get(receipt);
  if (!row) return 'missing';
  if (row.delivered_at) return 'already';
  try {
    const result = await services.cmsDesk.deliverQuestion({
      receipt, body: row.body, askerName: row.asker_name, askerContact: row.asker_contact, site: row.site, about: row.about,
      department: row.department_choice, source: row.source, terminal: row.terminal, receivedAt: row.received_at, dueAt: row.due_at,
      kind: row.kind, sourceSurvey: row.source_survey,
    });
    await desk.markDelivered(receipt, result, clock().toISOString());
    return 'delivered';
  } catch (error) {
    const message = (error as Error).message;
    await desk.markDeliveryFailed(receipt, message, clock().toISOString());
    // The CMS refusing the question's shape will refuse it every time: keep it here, shown on /status.
    if (error instanceof PublisherError && error.code === 'QUESTION_INVALID') throw new UnrecoverableError(message);
    throw error;
  }
}

export interface QuestionSweep { delivered: number; failed: number; updated: number; overdue: number }

export async function sweepQuestions(services: QuestionSyncDeps): Promise<QuestionSweep> {
  const { questionDesk: desk, clock, logger } = services;
  const report: QuestionSweep = { delivered: 0, failed: 0, updated: 0, overdue: 0 };
  for (const receipt of await desk.undelivered()) {
    try {
      if ((await deliverQuestion(services, receipt)) === 'delivered') report.delivered += 1;
    } catch (error) {
      report.failed += 1;
      logger.warn({ receipt, err: (error as Error).message }, '咨询暂未送达 CMS，稍后重试');
    }
  }
  const open = (await desk.open()).filter((q) => q.delivered_at);
  if (open.length > 0) {
    // Answers never go back to open, so the oldest open question bounds what can have changed.
    const oldest = open.reduce((a, q) => (q.received_at < a ? q.received_at : a), open[0].received_at);
    const since = new Date(Date.parse(oldest) - 1000).toISOString();
    const byReceipt = new Map(open.map((q) => [q.receipt, q]));
    for (const state of await services.cmsDesk.questionStates(since)) {
      const known = byReceipt.get(state.receipt);
      if (!known) continue;
      if (known.status === state.status && known.answered_at === state.answeredAt && known.department_code === (state.department?.code ?? null) && known.outcome === (state.outcome ?? null)) continue;
      await desk.updateState(state.receipt, state, clock().toISOString());
      report.updated += 1;
    }
  }
  const overdue = await desk.overdue(clock().toISOString());
  report.overdue = overdue.length;
  await services.cmsDesk.reportOverdue(overdue.filter((q) => q.delivered_at).map((q) => q.receipt));
  return report;
}

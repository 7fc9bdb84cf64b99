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
      kind: row.kind, sourceSurvey: row.source_survey, subject: row.subject,
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

/** How far before the latest copied change the sweep reads again: the CMS stamps updatedAt before its write commits. */
const WATERMARK_MARGIN_MS = 5 * 60_000;

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
  // Every question the CMS changed since the latest change copied here — answers, reassignments, and an
  // outcome (已采纳…) changed after the answer — a margin back for writes that committed out of order;
  // before any, everything since the oldest question handed over.
  const { latestChange, oldestDelivered } = await desk.cmsWatermark();
  const from = latestChange ? Date.parse(latestChange) - WATERMARK_MARGIN_MS : oldestDelivered ? Date.parse(oldestDelivered) - 1000 : null;
  if (from !== null) {
    const states = await services.cmsDesk.questionStates(new Date(from).toISOString());
    const known = new Map((await desk.byReceipts(states.map((s) => s.receipt))).map((q) => [q.receipt, q]));
    for (const state of states) {
      const row = known.get(state.receipt);
      if (!row?.delivered_at || row.cms_updated_at === state.updatedAt) continue;
      const changed = !(row.status === state.status && row.answered_at === state.answeredAt && row.department_code === (state.department?.code ?? null) && row.outcome === (state.outcome ?? null));
      await desk.updateState(state.receipt, state, clock().toISOString());
      if (changed) report.updated += 1;
    }
  }
  const overdue = await desk.overdue(clock().toISOString());
  report.overdue = overdue.length;
  await services.cmsDesk.reportOverdue(overdue.filter((q) => q.delivered_at).map((q) => q.receipt));
  return report;
}

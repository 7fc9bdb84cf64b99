import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { QUESTION } from './intake-route';
import { SUPERVISION } from './supervision';
import { groupSimilarQuestions } from './grouping';
import { draftAnswerInterpretation, draftGroupInterpretation } from './qa-drafts';

/**
 * Admin API routes (a logged-in admin user) for the Q&A desk:
 *   POST /tongyuan/questions/:documentId/qa-draft   an answered question → a 政策问答 draft
 *   GET  /tongyuan/question-groups?days=N           similar questions grouped; big groups flagged
 *   POST /tongyuan/question-groups/draft            { receipts, label } → one Q&A draft for a short video
 * Drafts are written as the logged-in user, so the workflow's own rules apply (a department
 * interpreter drafts for their own department only).
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const RECEIPT = /^Q\d{8}-[A-Z0-9]{6}$/;

async function answer(ctx: any, work: () => Promise<unknown>) {
  try {
    ctx.body = await work();
  } catch (error) {
    const known = error instanceof errors.ApplicationError;
    if (!known) throw error;
    ctx.status = error instanceof errors.NotFoundError ? 404 : error instanceof errors.PolicyError || error instanceof errors.ForbiddenError ? 403 : 400;
    ctx.body = { error: error.name, message: error.message, details: (error as any).details ?? {} };
  }
}

/** Questions of the last `days` days, grouped by their wording (public wording first: it is what the clerk corrected). */
export async function questionGroups(strapi: any, days: number, now = new Date()) {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const questions = await strapi.db.query(QUESTION).findMany({
    // Reports (监督) are not policy questions and never become public Q&A.
    where: { receivedAt: { $gte: since }, handling: { $ne: 'declined' }, kind: { $ne: SUPERVISION } },
    select: ['receipt', 'body', 'publicQuestion', 'handling', 'answer', 'receivedAt'],
    populate: { department: { select: ['code', 'name'] } },
    orderBy: { receipt: 'asc' },
  });
  const byReceipt = new Map<string, any>(questions.map((q: any) => [q.receipt, q]));
  const groups = groupSimilarQuestions(questions.map((q: any) => ({ id: q.receipt, text: q.publicQuestion || q.body })));
  return {
    since, questions: questions.length,
    groups: groups.map((group) => ({
      ...group,
      members: group.ids.map((id) => {
        const q = byReceipt.get(id);
        return { receipt: id, question: q.publicQuestion || q.body, answered: q.handling === 'answered', department: q.department?.name ?? null };
      }),
    })),
  };
}

export function registerQuestionDeskRoutes(strapi: Core.Strapi) {
  const config = { policies: ['admin::isAuthenticatedAdmin'] };
  const info = { type: 'admin', pluginName: 'tongyuan' };
  strapi.server.routes({
    type: 'admin',
    routes: [
      {
        method: 'POST', path: '/tongyuan/questions/:documentId/qa-draft', config, info,
        handler: (ctx: any) => answer(ctx, async () => {
          if (!ID.test(String(ctx.params.documentId))) throw new errors.ValidationError('documentId 格式不正确');
          return draftAnswerInterpretation(strapi, ctx.params.documentId);
        }),
      },
      {
        method: 'GET', path: '/tongyuan/question-groups', config, info,
        handler: (ctx: any) => answer(ctx, async () => {
          const days = Number(ctx.query.days ?? 365);
          if (!Number.isInteger(days) || days < 1 || days > 3660) throw new errors.ValidationError('days 应为 1–3660 的整数（统计最近多少天的咨询）');
          return questionGroups(strapi, days);
        }),
      },
      {
        method: 'POST', path: '/tongyuan/question-groups/draft', config, info,
        handler: (ctx: any) => answer(ctx, async () => {
          const { receipts, label } = ctx.request.body ?? {};
          if (!Array.isArray(receipts) || receipts.length === 0 || receipts.length > 500 || !receipts.every((r) => typeof r === 'string' && RECEIPT.test(r))) {
            throw new errors.ValidationError('receipts 应为 1–500 个受理编号（如 Q20261201-7K3F9A）');
          }
          const name = typeof label === 'string' && label.trim() ? label.trim().slice(0, 40) : '政策咨询';
          return draftGroupInterpretation(strapi, receipts, name);
        }),
      },
    ],
  });
}

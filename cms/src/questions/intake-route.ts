import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { hookSecretMatches, HOOK_SECRET_HEADER } from '@tongyuan/document';
import { readSettings } from '../settings';
import { publicWording, routeQuestion, type RoutingDepartment } from './routing';
import { routeSupervision, SUPERVISION } from './supervision';

/**
 * The publisher hands questions over here (it takes them from the public and keeps them until this
 * answers), with the webhook's shared secret:
 *   POST /api/tongyuan/questions          one question; the same receipt twice stores it once
 *   POST /api/tongyuan/questions/overdue  which open questions are past due now (the publisher's clock and calendar)
 */
export const QUESTION = 'api::question.question';
const DEPARTMENT = 'api::department.department';

const incoming = z.object({
  receipt: z.string().regex(/^Q\d{8}-[A-Z0-9]{6}$/),
  body: z.string().min(1).max(2000),
  askerName: z.string().max(50).nullish(),
  askerContact: z.string().max(100).nullish(),
  site: z.string().max(64).nullish(),
  about: z.string().max(64).nullish(),
  /** The department the asker picked; for a report (supervision), the department it is about. */
  department: z.string().max(64).nullish(),
  source: z.enum(['web', 'kiosk', 'wechat', 'weibo', 'api', 'survey', 'onsite']),
  kind: z.enum(['question', 'suggestion', 'supervision']).nullish(),
  /** A report's place and fund (乡镇 村 · 资金项目). */
  subject: z.string().max(200).nullish(),
  /** A suggestion from a survey's free-text answer: the survey named (its title and documentId). */
  sourceSurvey: z.string().max(120).nullish(),
  terminal: z.string().max(64).nullish(),
  receivedAt: z.iso.datetime({ offset: true }),
  dueAt: z.iso.datetime({ offset: true }).nullable(),
});

const siteDepartmentCache = new Map<string, { at: number; departments: RoutingDepartment[] }>();

/** Departments that publish interpretations on a site (keyword routing stays within the site's own). */
async function siteDepartments(strapi: Core.Strapi, site: string): Promise<RoutingDepartment[]> {
  const cached = siteDepartmentCache.get(site);
  if (cached && Date.now() - cached.at < 60_000) return cached.departments;
  const rows = await strapi.db.query('api::interpretation.interpretation').findMany({
    where: { sites: { code: site } }, select: ['id'], populate: { department: { select: ['id', 'documentId', 'code', 'name', 'questionKeywords'] } },
  });
  const byCode = new Map<string, RoutingDepartment>();
  for (const row of rows as any[]) if (row.department) byCode.set(row.department.code, row.department);
  const departments = [...byCode.values()];
  siteDepartmentCache.set(site, { at: Date.now(), departments });
  return departments;
}

async function receiveQuestion(strapi: Core.Strapi, input: z.infer<typeof incoming>) {
  const existing = await strapi.db.query(QUESTION).findOne({ where: { receipt: input.receipt }, populate: ['department'] });
  if (existing) return { documentId: existing.documentId, department: existing.department ? { code: existing.department.code, name: existing.department.name } : null, routedBy: existing.routedBy, duplicate: true };
  // A kiosk question belongs to the site of the terminal it was asked at.
  const terminal = input.terminal ? await strapi.db.query('api::kiosk-terminal.kiosk-terminal').findOne({ where: { code: input.terminal }, populate: ['site'] }) : null;
  const siteCode = input.site ?? terminal?.site?.code ?? null;
  const site = siteCode ? await strapi.db.query('api::site.site').findOne({ where: { code: siteCode }, populate: ['questionDepartment'] }) : null;
  const about = input.about
    ? await strapi.db.query('api::interpretation.interpretation').findOne({ where: { documentId: input.about }, populate: ['department'] })
    : null;
  const kind = input.kind ?? 'question';
  // A report goes to the county's supervising department, whatever it names or says.
  const supervised = kind === SUPERVISION ? await routeSupervision(strapi, site, input.department) : null;
  const chosen = input.department && !supervised ? await strapi.db.query(DEPARTMENT).findOne({ where: { code: input.department } }) : null;
  const { department, routedBy } = supervised ?? routeQuestion({
    body: input.body,
    interpretationDepartment: about?.department ?? null,
    chosen,
    siteDepartments: site ? await siteDepartments(strapi, site.code) : [],
    siteDefault: site?.questionDepartment ?? null,
  });
  const round = kind === 'suggestion' && site ? await roundOf(strapi, site.id, input.receivedAt) : null;
  // A survey's free-text answer, or an event's comment book, names where it came from by title (the publisher sends its documentId).
  const sourceSurvey = input.sourceSurvey ? (await sourceTitle(strapi, input.source, input.sourceSurvey)).slice(0, 120) : null;
  const created = await strapi.documents(QUESTION).create({
    data: {
      receipt: input.receipt, body: input.body, askerName: input.askerName ?? null, askerContact: input.askerContact ?? null,
      site: site?.documentId ?? null, interpretation: about?.documentId ?? null, department: department ? (department as any).documentId : null,
      routedBy, source: input.source, terminal: input.terminal ?? null, receivedAt: input.receivedAt, dueAt: input.dueAt,
      // A report is never published as a Q&A: no public wording is offered for it.
      handling: 'pending', overdue: false, publicQuestion: supervised ? null : publicWording(input.body),
      kind, round: round?.documentId ?? null, sourceSurvey,
      subject: input.subject ?? null, reportedDepartment: supervised?.reported?.documentId ?? null,
    } as any,
  });
  return { documentId: created.documentId, department: department ? { code: department.code, name: department.name } : null, routedBy, duplicate: false };
}

async function sourceTitle(strapi: Core.Strapi, source: string, documentId: string): Promise<string> {
  if (source === 'onsite') {
    const event = await strapi.db.query('api::open-event.open-event').findOne({ where: { documentId }, select: ['title'] });
    return `开放活动《${event?.title ?? documentId}》现场意见簿`;
  }
  const survey = await strapi.db.query('api::survey.survey').findOne({ where: { documentId }, select: ['title'] });
  return `问卷调查《${survey?.title ?? documentId}》`;
}

/** The site's 你建言我来办 round running on the day (China time) a suggestion came in, if any. */
async function roundOf(strapi: Core.Strapi, siteId: number, receivedAt: string) {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(receivedAt));
  return strapi.db.query('api::suggestion-round.suggestion-round').findOne({
    where: { site: { id: siteId }, startsOn: { $lte: day }, endsOn: { $gte: day } }, orderBy: { startsOn: 'desc' },
  });
}

/** Sets `overdue` on exactly the open questions named (and clears it on the others: answered late ones keep theirs). */
async function markOverdue(strapi: Core.Strapi, receipts: string[]) {
  const open = await strapi.db.query(QUESTION).findMany({ where: { handling: 'pending' }, select: ['id', 'documentId', 'receipt', 'overdue'] });
  const wanted = new Set(receipts);
  let changed = 0;
  for (const question of open as any[]) {
    const overdue = wanted.has(question.receipt);
    if (Boolean(question.overdue) === overdue) continue;
    await strapi.documents(QUESTION).update({ documentId: question.documentId, data: { overdue } as any });
    changed += 1;
  }
  return { open: open.length, changed };
}

export function registerQuestionIntakeRoutes(strapi: Core.Strapi) {
  const guarded = (handler: (ctx: any) => Promise<unknown>) => async (ctx: any) => {
    const { HOOK_SECRET } = readSettings();
    if (!HOOK_SECRET || !hookSecretMatches(ctx.request.headers[HOOK_SECRET_HEADER], HOOK_SECRET)) {
      ctx.status = 401;
      ctx.body = { error: 'HOOK_SECRET_INVALID', message: '密钥不正确：请确认 CMS 与发布服务的 HOOK_SECRET 相同' };
      return;
    }
    ctx.body = await handler(ctx);
  };
  const config = { auth: false as const };
  const info = { type: 'content-api', pluginName: 'tongyuan' };
  strapi.server.routes({
    type: 'content-api',
    routes: [
      {
        method: 'POST', path: '/tongyuan/questions', config, info,
        handler: guarded(async (ctx) => {
          const parsed = incoming.safeParse(ctx.request.body);
          if (!parsed.success) {
            ctx.status = 400;
            return { error: 'BAD_INPUT', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；') };
          }
          return receiveQuestion(strapi, parsed.data);
        }),
      },
      {
        method: 'POST', path: '/tongyuan/questions/overdue', config, info,
        handler: guarded(async (ctx) => {
          const receipts = z.array(z.string().max(32)).max(100_000).safeParse(ctx.request.body?.overdue);
          if (!receipts.success) {
            ctx.status = 400;
            return { error: 'BAD_INPUT', message: 'overdue 应为受理编号的数组' };
          }
          return markOverdue(strapi, receipts.data);
        }),
      },
    ],
  });
}

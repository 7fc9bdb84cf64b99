import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentActor } from '../workflow/actor';
import { countyOfUser, isCountyScoped, type CountyRef } from '../workflow/county';
import { INTERPRETATION } from './marking';
import { copyIn, publishedOriginal, repostInto } from './copy';

/**
 * Admin API routes (a logged-in admin user) for 重要信息转载:
 *   GET  /tongyuan/repost               the published items marked for reposting — a county's staff see those asking their county,
 *                                        the city office every marked item — with each county's copy and the due time
 *   POST /tongyuan/repost/:documentId   {department?}: 一键转载, for a county's 政府办公室 named in the item's 转载区县
 * The due time here is the original's publication plus 转载期限 in calendar days; the publisher's
 * inspection counts from when the marked revision reached it (docs/authoring.md).
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DAY_MS = 86_400_000;

const reply = (ctx: any, status: number, error: string, message: string) => {
  ctx.status = status;
  ctx.body = { error, message };
};

async function listMarked(strapi: Core.Strapi, ctx: any) {
  const actor = currentActor(strapi);
  const own: CountyRef | null = isCountyScoped(actor) ? await countyOfUser(strapi, actor.id!) : null;
  if (isCountyScoped(actor) && !own) return reply(ctx, 403, 'NO_COUNTY', '你的账号还没有归属任何区县，请联系市级政府办公室把你加入所在区县的工作人员');
  const filters = own ? { repostCounties: { id: own.id } } : { repostCounties: { id: { $notNull: true } } };
  const originals = await strapi.documents(INTERPRETATION as any).findMany({
    status: 'published', filters, sort: ['publishedAt:desc'], limit: 200, fields: ['title', 'repostWithinDays', 'publishedAt'],
    populate: { repostCounties: { fields: ['code', 'name'] }, department: { fields: ['name'] } },
  } as any) as any[];
  const items = [];
  for (const o of originals) {
    const days = o.repostWithinDays ?? 3;
    const counties = [];
    for (const c of (o.repostCounties ?? []) as any[]) {
      if (own && c.id !== own.id) continue;
      counties.push({ code: c.code, name: c.name, copy: await copyIn(strapi, o.documentId, c) });
    }
    items.push({
      documentId: o.documentId, title: o.title, source: o.department?.name ?? null, publishedAt: o.publishedAt, days,
      dueAt: new Date(Date.parse(o.publishedAt) + days * DAY_MS).toISOString(), counties,
    });
  }
  ctx.body = { county: own ? { code: (own as any).code, name: own.name } : null, mayRepost: Boolean(own && actor.roles.includes('office')), items };
}

async function repost(strapi: Core.Strapi, ctx: any) {
  const { documentId } = ctx.params;
  if (!ID.test(String(documentId))) return reply(ctx, 400, 'BAD_INPUT', 'documentId 格式不正确');
  const picked = ctx.request.body?.department;
  if (picked !== undefined && (typeof picked !== 'string' || !ID.test(picked))) return reply(ctx, 400, 'BAD_INPUT', 'department 应为本区县一个部门的 documentId');
  const actor = currentActor(strapi);
  if (!isCountyScoped(actor) || !actor.roles.includes('office')) {
    return reply(ctx, 403, 'FORBIDDEN', '只有区县政府办公室可以一键转载：请用本区县“政府办公室”角色的账号操作');
  }
  const own = await countyOfUser(strapi, actor.id!);
  if (!own) return reply(ctx, 403, 'NO_COUNTY', '你的账号还没有归属任何区县，请联系市级政府办公室把你加入所在区县的工作人员');
  const original = await publishedOriginal(strapi, documentId);
  if (!original) return reply(ctx, 404, 'NOT_FOUND', '没有这篇已发布的稿件：只能转载已发布的重要信息');
  if (!(original.repostCounties ?? []).some((c: any) => c.id === own.id)) {
    return reply(ctx, 403, 'NOT_REQUIRED', `《${original.title}》没有要求${own.name}转载：只能转载市级政府办公室标记给本区县的重要信息`);
  }
  try {
    const copy = await repostInto(strapi, original, own as CountyRef & { code: string }, actor.id!, picked);
    ctx.status = copy.created ? 201 : 200;
    ctx.body = { ...copy, message: copy.created ? `已转载到${own.name}，各渠道将在几分钟内上线` : `${own.name}已转载过这篇稿件` };
  } catch (error) {
    if (!(error instanceof errors.PolicyError || error instanceof errors.ValidationError)) throw error;
    return reply(ctx, error instanceof errors.PolicyError ? 403 : 400, 'REFUSED', `转载没有完成：${(error as Error).message}`);
  }
}

export function registerRepostRoutes(strapi: Core.Strapi) {
  const config = { policies: ['admin::isAuthenticatedAdmin'] };
  const info = { type: 'admin', pluginName: 'tongyuan' };
  strapi.server.routes({
    type: 'admin',
    routes: [
      { method: 'GET', path: '/tongyuan/repost', config, info, handler: (ctx: any) => listMarked(strapi, ctx) },
      { method: 'POST', path: '/tongyuan/repost/:documentId', config, info, handler: (ctx: any) => repost(strapi, ctx) },
    ],
  });
}

import type { Core } from '@strapi/strapi';
import { currentActor } from '../workflow/actor';
import { checkTexts, draftTexts, NormsUnavailable, seriousOf, UID_OF_KIND } from './check';
import { canOverride, overrideFor, recordOverride } from './signoff';

/**
 * Admin API routes (a logged-in admin user) behind 发布前检查's norms findings:
 *   POST /tongyuan/norms/fix/:kind/:documentId       {field, start, end, found, replace}: the one-click fix, on the saved draft
 *   GET  /tongyuan/norms/signoff/:kind/:documentId   how many 严重 findings block 签发, whether this user may override, the override in force
 *   POST /tongyuan/norms/override/:kind/:documentId  {reason}: 仍然签发 (office only), kept in the 审核记录
 * Each reads and writes as the user may (Strapi's permissions, county scope, the workflow's document guard).
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A CMS field path as the norms findings name it: title, digest, keyPoints.0.text, overrides.1.narration, clauses.2.text, an event's audience. */
const FIELD = /^(title|digest|body|fullText|place|audience|bring|accessibility|(keyPoints|qa|overrides|clauses)\.\d{1,4}\.(heading|text|question|answer|title|digest|narration))$/;
const REASON_MIN = 5;

const reply = (ctx: any, status: number, error: string, message: string) => {
  ctx.status = status;
  ctx.body = { error, message };
};

/** The draft as this user may read it (their county's only), with its texts; or a reply already sent. */
async function readable(strapi: Core.Strapi, ctx: any, action: 'read' | 'update' = 'read') {
  const { kind, documentId } = ctx.params;
  const uid = UID_OF_KIND[String(kind)];
  if (!uid || !ID.test(String(documentId))) return reply(ctx, 400, 'BAD_INPUT', '应为 /tongyuan/norms/…/interpretation|policy-document|event/<documentId>');
  const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ctx.state.userAbility, model: uid });
  const query = checker.cannot[action]() ? null : await checker.sanitizedQuery[action]({ filters: { documentId } });
  const visible = query && (await strapi.documents(uid as any).findFirst({ ...query, status: 'draft' }));
  if (!visible) {
    if (action === 'update' && !checker.cannot.read()) return reply(ctx, 403, 'FORBIDDEN', '你没有权限修改这篇稿件：请由能编辑它的人（起草部门或政府办公室）修改，或请管理员调整你的权限');
    return reply(ctx, 404, 'NOT_FOUND', '没有这篇稿件，或它不属于你的区县');
  }
  const current = await draftTexts(strapi, uid, documentId);
  return current ? { ...current, uid, kind: String(kind), checker } : reply(ctx, 404, 'NOT_FOUND', '没有这篇稿件的草稿');
}

async function seriousFindings(ctx: any, texts: Parameters<typeof checkTexts>[0]) {
  try {
    return seriousOf(await checkTexts(texts, [0]));
  } catch (error) {
    if (!(error instanceof NormsUnavailable)) throw error;
    return reply(ctx, 502, error.code, error.message);
  }
}

/** The one-click fix: `found` at [start, end) of the field becomes `replace`, if the saved draft still says so there. */
async function applyFix(strapi: Core.Strapi, ctx: any) {
  const { field, start, end, found, replace } = ctx.request.body ?? {};
  const valid = typeof field === 'string' && FIELD.test(field) && Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start
    && typeof found === 'string' && typeof replace === 'string' && replace.length > 0 && replace.length <= 200;
  if (!valid) return reply(ctx, 400, 'BAD_INPUT', '应为 {field, start, end, found, replace}（发布前检查中的一条修改建议）');
  const current = await readable(strapi, ctx, 'update');
  if (!current) return;
  const path = field.split('.');
  const top = path[0];
  // Field permissions name a component's fields without the index (keyPoints.text).
  if (current.checker.cannot.update(null, path.length === 1 ? top : `${top}.${path[2]}`)) return reply(ctx, 403, 'FORBIDDEN', '你没有权限修改这个字段');
  const value = structuredClone(current.draft[top]);
  const holder = path.length === 1 ? null : value?.[Number(path[1])];
  const text: unknown = holder ? holder[path[2]] : value;
  if (typeof text !== 'string' || text.slice(start, end) !== found) {
    return reply(ctx, 409, 'DRAFT_CHANGED', `草稿已经改过，“${found}”不在原来的位置了：发布前检查会按最新的草稿重新检查，请看新的结果`);
  }
  const fixed = text.slice(0, start) + replace + text.slice(end);
  const data = { [top]: holder ? (holder[path[2]] = fixed, value) : fixed };
  await strapi.documents(current.uid as any).update({ documentId: current.draft.documentId, data });
  ctx.body = { field, text: fixed, message: `已将“${found}”改为“${replace}”` };
}

export function registerNormsRoutes(strapi: Core.Strapi) {
  const config = { policies: ['admin::isAuthenticatedAdmin'] };
  const info = { type: 'admin', pluginName: 'tongyuan' };
  strapi.server.routes({
    type: 'admin',
    routes: [
      { method: 'POST', path: '/tongyuan/norms/fix/:kind/:documentId', config, info, handler: (ctx: any) => applyFix(strapi, ctx) },
      {
        method: 'GET', path: '/tongyuan/norms/signoff/:kind/:documentId', config, info,
        handler: async (ctx: any) => {
          const current = await readable(strapi, ctx);
          if (!current) return;
          const override = await overrideFor(strapi, current.draft.documentId, current.hash);
          ctx.body = {
            canOverride: canOverride(currentActor(strapi)),
            override: override && { actor: override.actor, at: override.at, reason: override.reason, findings: override.lines },
          };
        },
      },
      {
        method: 'POST', path: '/tongyuan/norms/override/:kind/:documentId', config, info,
        handler: async (ctx: any) => {
          const actor = currentActor(strapi);
          if (!canOverride(actor)) return reply(ctx, 403, 'FORBIDDEN', '只有政府办公室可以不按表述规范修改而仍然签发：请修改稿件，或请政府办公室决定');
          const reason = typeof ctx.request.body?.reason === 'string' ? ctx.request.body.reason.trim() : '';
          if ([...reason].length < REASON_MIN) return reply(ctx, 400, 'REASON_REQUIRED', `请写明仍然签发的理由（至少 ${REASON_MIN} 个字），它会记入审核记录`);
          const current = await readable(strapi, ctx);
          if (!current) return;
          if (current.kind !== 'policy-document' && current.draft.stage !== 'office_signoff') {
            return reply(ctx, 409, 'NOT_AT_SIGNOFF', '稿件还没到“办公室签发”阶段：到了这一阶段才能仍然签发');
          }
          const serious = await seriousFindings(ctx, current.texts);
          if (!serious) return;
          if (serious.length === 0) return reply(ctx, 409, 'NOTHING_TO_OVERRIDE', '草稿中没有严重表述错误，可以直接发布');
          await recordOverride(strapi, current, current.kind, serious, reason, actor);
          ctx.status = 201;
          ctx.body = { message: `已记入审核记录：${serious.length} 处严重表述错误不作修改，现在可以点击“发布”签发` };
        },
      },
    ],
  });
}

import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';
import { handOver, refuse } from '../inspection/county-routes';
import { readSettings } from '../settings';
import { currentActor, type Actor } from '../workflow/actor';
import { COUNTY, countyOfUser, isCountyScoped } from '../workflow/county';

/**
 * 民生资金 (the admin page cms/src/admin/funds-page.tsx): a county's spreadsheets uploaded and its
 * batches — 发放明细, 民生项目, 村级财务, 公租房名册 — signed off without the command line. The CMS decides the county (a county's staff
 * their own; the city office and the super admin the one they pick) and the role, and asks the
 * publisher with the shared secret (publisher/src/api/routes/fund-uploads.ts), naming the user:
 *   GET  /tongyuan/funds/context?county=            the counties this user may pick, what they may do
 *   GET  /tongyuan/funds/batches?county=            the county's lists and newest batches
 *   POST /tongyuan/funds/upload?county=&kind=       multipart: file, title, replaces, note, map
 *   POST /tongyuan/funds/batches/:id/live?county=   签发 (a reviewer or an office, never the uploader)
 *   POST /tongyuan/funds/batches/:id/withdraw?county=  {reason}: 撤回 a live batch
 *   POST /tongyuan/funds/batches/:id/return?county=    {reason}: 退回 a staged one (its uploader: 撤销上传)
 *   GET  /tongyuan/funds/templates/:file            the empty sheets (villages|catalog|payments|projects|ledgers|housing .xlsx/.csv)
 */
const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ID = /^\d{1,9}$/;
const KINDS = ['villages', 'catalog', 'payments', 'projects', 'ledgers', 'housing'];
const TEMPLATE = new RegExp(`^(${KINDS.join('|')})\\.(xlsx|csv)$`);
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Uploading is the departments' (the finance bureau's clerk) and the reviewers' and offices'; the media centre's is not. */
export const canUpload = (actor: Actor) => actor.isSuperAdmin || actor.roles.some((r) => ['department', 'reviewer', 'office', 'cityOffice'].includes(r));
/** Signing off and withdrawing: a reviewer or an office — and the publisher refuses the batch's own uploader. */
export const canSignOff = (actor: Actor) => actor.isSuperAdmin || actor.roles.some((r) => ['reviewer', 'office', 'cityOffice'].includes(r));
const actorFields = (actor: Actor) => ({ actorId: `cms-user:${actor.id}`, actorName: actor.label.replace(/\s*<[^>]*>$/, '') });

/** The county this user works on now, or a refusal already sent. */
async function countyFor(strapi: Core.Strapi, ctx: any): Promise<{ code: string; name: string } | null> {
  const asked = ctx.query.county ? String(ctx.query.county) : '';
  if (asked && !CODE.test(asked)) return (refuse(ctx, 400, 'BAD_INPUT', '区县代码应为小写字母、数字和连字符，如 huitong'), null);
  const actor = currentActor(strapi);
  if (isCountyScoped(actor)) {
    const own = (await countyOfUser(strapi, actor.id!)) as { code?: string; name: string } | null;
    if (!own?.code) return (refuse(ctx, 403, 'NO_COUNTY', '你的账号还没有归属任何区县，请联系市级政府办公室把你加入所在区县的工作人员'), null);
    if (asked && asked !== own.code) return (refuse(ctx, 403, 'OTHER_COUNTY', `你只能管理本区县（${own.name}）的民生资金`), null);
    return { code: own.code, name: own.name };
  }
  if (!asked) return (refuse(ctx, 400, 'NO_COUNTY', '请先选择区县'), null);
  const county = await strapi.db.query(COUNTY).findOne({ where: { code: asked } });
  return county ? { code: asked, name: county.name } : (refuse(ctx, 404, 'NO_SUCH_COUNTY', `没有代码为 ${asked} 的区县`), null);
}

/** Asks the publisher and hands its answer (JSON, a sheet, or its Chinese error) to the browser. */
async function forward(ctx: any, path: string, init: { method?: string; json?: unknown; file?: string; timeoutMs?: number } = {}) {
  const { PUBLISHER_HOOK_URL, HOOK_SECRET } = readSettings();
  if (!PUBLISHER_HOOK_URL || !HOOK_SECRET) return refuse(ctx, 503, 'PUBLISHER_NOT_CONFIGURED', '未配置发布服务地址（PUBLISHER_HOOK_URL、HOOK_SECRET），无法上传和签发民生资金');
  const headers: Record<string, string> = { [HOOK_SECRET_HEADER]: HOOK_SECRET };
  let body: BodyInit | undefined;
  if (init.json !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(init.json)];
  if (init.file) [headers['content-type'], body] = ['application/octet-stream', Readable.toWeb(createReadStream(init.file)) as ReadableStream];
  try {
    const response = await fetch(new URL(path, PUBLISHER_HOOK_URL), {
      method: init.method ?? 'GET', headers, body, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000), ...(init.file ? { duplex: 'half' } : {}),
    } as RequestInit);
    await handOver(ctx, response);
  } catch (error) {
    refuse(ctx, 502, 'PUBLISHER_UNREACHABLE', `发布服务暂时无法访问（${(error as Error).message}），请稍后再试`);
  }
}

async function upload(strapi: Core.Strapi, ctx: any) {
  const file = [ctx.request.files?.file].flat()[0] as { filepath?: string; size?: number; originalFilename?: string } | undefined;
  try {
    const actor = currentActor(strapi);
    if (!canUpload(actor)) return refuse(ctx, 403, 'FORBIDDEN', '你的角色不能上传民生资金表格：请由财政等部门的经办人上传');
    const county = await countyFor(strapi, ctx);
    if (!county) return;
    const kind = String(ctx.query.kind ?? '');
    if (!KINDS.includes(kind)) return refuse(ctx, 400, 'BAD_INPUT', '请选择表格类型：村名单、资金目录、发放明细、民生项目、村级财务或公租房名册');
    if (!file?.filepath) return refuse(ctx, 400, 'NO_FILE', '请选择要上传的表格文件（.xlsx 或 .csv）');
    if ((file.size ?? 0) > MAX_UPLOAD_BYTES) return refuse(ctx, 413, 'TOO_LARGE', '文件超过 200 MB：请按乡镇分成几个表分别上传');
    const fields = (ctx.request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : '');
    const query = new URLSearchParams({ fileName: file.originalFilename ?? 'upload', ...actorFields(actor) });
    for (const name of ['title', 'replaces', 'note', 'map']) if (text(name)) query.set(name, text(name));
    // A million rows take the publisher about a minute to check and store.
    await forward(ctx, `funds/${county.code}/uploads/${kind}?${query}`, { method: 'POST', file: file.filepath, timeoutMs: 600_000 });
  } finally {
    if (file?.filepath) await rm(file.filepath, { force: true });
  }
}

export function registerFundUploadRoutes(strapi: Core.Strapi) {
  const config = { policies: ['admin::isAuthenticatedAdmin'] };
  const info = { type: 'admin', pluginName: 'tongyuan' };
  const batchAction = (action: 'live' | 'withdraw' | 'return') => async (ctx: any) => {
    const actor = currentActor(strapi);
    // An uploader may send back (撤销上传) a staged batch of their own; the publisher checks it is theirs.
    const ownOnly = action === 'return' && !canSignOff(actor) && canUpload(actor);
    if (!canSignOff(actor) && !ownOnly) return refuse(ctx, 403, 'FORBIDDEN', '只有部门审核人或政府办公室可以签发、退回和撤回民生资金批次');
    if (!ID.test(String(ctx.params.id))) return refuse(ctx, 400, 'BAD_INPUT', '批次号应为数字');
    const county = await countyFor(strapi, ctx);
    const reason = typeof ctx.request.body?.reason === 'string' ? ctx.request.body.reason : undefined;
    if (county) await forward(ctx, `funds/${county.code}/batches/${ctx.params.id}/${action}`, { method: 'POST', json: { ...actorFields(actor), reason, ownOnly } });
  };
  strapi.server.routes({
    type: 'admin',
    routes: [
      {
        method: 'GET', path: '/tongyuan/funds/context', config, info,
        handler: async (ctx: any) => {
          const actor = currentActor(strapi);
          const scoped = isCountyScoped(actor);
          const own = scoped ? ((await countyOfUser(strapi, actor.id!)) as { code?: string; name: string } | null) : null;
          const all = scoped ? [] : ((await strapi.db.query(COUNTY).findMany({ select: ['code', 'name'], orderBy: { code: 'asc' } })) as Array<{ code: string; name: string }>);
          ctx.body = {
            counties: scoped ? (own?.code ? [{ code: own.code, name: own.name }] : []) : all.map((c) => ({ code: c.code, name: c.name })),
            scoped, canUpload: canUpload(actor), canSignOff: canSignOff(actor), actorId: actorFields(actor).actorId,
          };
        },
      },
      {
        method: 'GET', path: '/tongyuan/funds/batches', config, info,
        handler: async (ctx: any) => {
          const actor = currentActor(strapi);
          // A refused batch's rows to fix quote the sheet: only those who upload or sign off see them.
          if (!canUpload(actor) && !canSignOff(actor)) return refuse(ctx, 403, 'FORBIDDEN', '民生资金由财政等部门经办人上传、审核人签发：你的角色不能查看');
          const county = await countyFor(strapi, ctx);
          if (county) await forward(ctx, `funds/${county.code}/batches`);
        },
      },
      { method: 'POST', path: '/tongyuan/funds/upload', config, info, handler: (ctx: any) => upload(strapi, ctx) },
      { method: 'POST', path: '/tongyuan/funds/batches/:id/live', config, info, handler: batchAction('live') },
      { method: 'POST', path: '/tongyuan/funds/batches/:id/withdraw', config, info, handler: batchAction('withdraw') },
      { method: 'POST', path: '/tongyuan/funds/batches/:id/return', config, info, handler: batchAction('return') },
      {
        method: 'GET', path: '/tongyuan/funds/templates/:file', config, info,
        handler: async (ctx: any) => {
          if (!TEMPLATE.test(String(ctx.params.file))) return refuse(ctx, 404, 'NOT_FOUND', `模板只有 ${KINDS.join('、')}（.xlsx 或 .csv）`);
          await forward(ctx, `/funds/templates/${ctx.params.file}`);
        },
      },
    ],
  });
}

import type { Core } from '@strapi/strapi';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';
import { readSettings } from '../settings';
import { currentActor } from '../workflow/actor';
import { countyOfUser, isCountyScoped } from '../workflow/county';

/**
 * The inspection and the annual report for the logged-in admin user, scoped on the server:
 *   GET /tongyuan/inspection?format=json|csv[&county=<code>]     the latest inspection's findings
 *   GET /tongyuan/report?year=<YYYY>&format=html|pdf[&county=]   the annual report
 * A county's staff (区县工作人员, interpreters, reviewers, 政府办, 融媒体中心) get their own county's
 * and a 403 for another's; the city office (市级政府办公室) and the super admin get every county's,
 * or the one they name. The CMS asks the publisher with the webhook's shared secret
 * (/hooks/inspection.*, /hooks/reports/annual*), so the browser needs no ops credentials.
 */
const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const YEAR = /^\d{4}$/;

export function refuse(ctx: any, status: number, error: string, message: string) {
  ctx.status = status;
  ctx.body = { error, message };
}

/** The publisher's answer to the browser as it is (status, type, a download's file name), never cached: it is one user's. */
export async function handOver(ctx: any, response: Response) {
  ctx.status = response.status;
  ctx.type = response.headers.get('content-type') ?? 'application/octet-stream';
  const disposition = response.headers.get('content-disposition');
  if (disposition) ctx.set('content-disposition', disposition);
  ctx.set('cache-control', 'no-store');
  ctx.body = Buffer.from(await response.arrayBuffer());
}

/** The county code this user may see: their own, or (city office, super admin) the one asked for, or all (undefined). */
async function scopeOf(strapi: Core.Strapi, ctx: any): Promise<{ county?: string } | null> {
  const asked = ctx.query.county ? String(ctx.query.county) : undefined;
  if (asked !== undefined && !CODE.test(asked)) {
    refuse(ctx, 400, 'BAD_INPUT', 'county 应为区县代码（小写字母、数字和连字符），如 county=juxian');
    return null;
  }
  const actor = currentActor(strapi);
  if (!isCountyScoped(actor)) return { county: asked };
  const own = await countyOfUser(strapi, actor.id!);
  if (!own) {
    refuse(ctx, 403, 'NO_COUNTY', '你的账号还没有归属任何区县，请联系市级政府办公室把你加入所在区县的工作人员');
    return null;
  }
  const code = (own as { code?: string }).code;
  if (asked !== undefined && asked !== code) {
    refuse(ctx, 403, 'OTHER_COUNTY', `你只能查看本区县（${own.name}）的巡检和报告`);
    return null;
  }
  return { county: code };
}

/**
 * Asks the publisher's /hooks/<path> with the shared secret and hands its answer (JSON, CSV, HTML or PDF, or its
 * Chinese error) to the browser as it is; with `body`, as a JSON POST.
 */
export async function relay(ctx: any, path: string, query: Record<string, string | undefined>, timeoutMs: number, body?: unknown) {
  const { PUBLISHER_HOOK_URL, HOOK_SECRET } = readSettings();
  if (!PUBLISHER_HOOK_URL || !HOOK_SECRET) return refuse(ctx, 503, 'PUBLISHER_NOT_CONFIGURED', '未配置发布服务地址（PUBLISHER_HOOK_URL、HOOK_SECRET），无法显示巡检和报告');
  const url = new URL(path, PUBLISHER_HOOK_URL);
  for (const [key, value] of Object.entries(query)) if (value) url.searchParams.set(key, value);
  try {
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST', signal: AbortSignal.timeout(timeoutMs),
      headers: { [HOOK_SECRET_HEADER]: HOOK_SECRET, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await handOver(ctx, response);
  } catch (error) {
    refuse(ctx, 502, 'PUBLISHER_UNREACHABLE', `发布服务暂时无法访问（${(error as Error).message}），请稍后再试`);
  }
}

export function registerCountyInspectionRoutes(strapi: Core.Strapi) {
  const config = { policies: ['admin::isAuthenticatedAdmin'] };
  const info = { type: 'admin', pluginName: 'tongyuan' };
  strapi.server.routes({
    type: 'admin',
    routes: [
      {
        method: 'GET', path: '/tongyuan/inspection', config, info,
        handler: async (ctx: any) => {
          const format = String(ctx.query.format ?? 'json');
          if (!['json', 'csv'].includes(format)) return refuse(ctx, 400, 'BAD_INPUT', 'format 应为 json 或 csv');
          const scope = await scopeOf(strapi, ctx);
          if (scope) await relay(ctx, `inspection.${format}`, scope, 10_000);
        },
      },
      {
        method: 'GET', path: '/tongyuan/report', config, info,
        handler: async (ctx: any) => {
          const format = String(ctx.query.format ?? 'html');
          if (!['html', 'pdf'].includes(format)) return refuse(ctx, 400, 'BAD_INPUT', 'format 应为 html 或 pdf');
          const year = ctx.query.year ? String(ctx.query.year) : undefined;
          if (year !== undefined && !YEAR.test(year)) return refuse(ctx, 400, 'BAD_INPUT', 'year 应为四位年份，如 year=2026');
          const scope = await scopeOf(strapi, ctx);
          // Printing the report to PDF takes Chromium some seconds.
          if (scope) await relay(ctx, format === 'pdf' ? 'reports/annual.pdf' : 'reports/annual', { ...scope, year }, 90_000);
        },
      },
    ],
  });
}

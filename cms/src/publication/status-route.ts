import type { Core } from '@strapi/strapi';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';
import { readSettings } from '../settings';
import { registerPreviewPageRoute } from './preview-page-route';

/**
 * Admin API routes (a logged-in admin user) for the edit-view panel, answered by the publisher:
 *   GET /tongyuan/publication/:documentId        per-channel status and render progress, a withdrawal, the scheduled time
 *   GET /tongyuan/history/:documentId            every revision: who published it, what each channel showed from when to when
 *   GET /tongyuan/preflight/:kind/:documentId    each target channel's findings on the draft
 *   GET /tongyuan/preview/:kind/:documentId      the draft on each target channel (pages, images, storyboards)
 * The CMS asks with the webhook's shared secret, so the browser needs no publisher token and
 * makes no cross-origin call. Strapi's Preview shows the full-size page (preview-page-route.ts).
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

async function askPublisher(ctx: any, path: string, timeoutMs = 5000) {
  const { PUBLISHER_HOOK_URL, HOOK_SECRET } = readSettings();
  if (!PUBLISHER_HOOK_URL || !HOOK_SECRET) {
    ctx.status = 503;
    ctx.body = { error: 'PUBLISHER_NOT_CONFIGURED', message: '未配置发布服务地址（PUBLISHER_HOOK_URL、HOOK_SECRET），无法显示发布状态' };
    return;
  }
  try {
    const response = await fetch(new URL(path, PUBLISHER_HOOK_URL), { headers: { [HOOK_SECRET_HEADER]: HOOK_SECRET }, signal: AbortSignal.timeout(timeoutMs) });
    ctx.status = response.status;
    ctx.body = await response.json();
  } catch (error) {
    ctx.status = 502;
    ctx.body = { error: 'PUBLISHER_UNREACHABLE', message: `发布服务暂时无法访问（${(error as Error).message}）：内容已保存，稍后再看` };
  }
}

function badInput(ctx: any) {
  ctx.status = 400;
  ctx.body = { error: 'BAD_INPUT', message: 'documentId 格式不正确' };
}

export function registerPublicationStatusRoute(strapi: Core.Strapi) {
  registerPreviewPageRoute(strapi);
  const config = { policies: ['admin::isAuthenticatedAdmin'] };
  const info = { type: 'admin', pluginName: 'tongyuan' };
  strapi.server.routes({
    type: 'admin',
    routes: [
      ...['publication', 'history'].map((name) => ({
        method: 'GET' as const, path: `/tongyuan/${name}/:documentId`, config, info,
        handler: async (ctx: any) => (ID.test(String(ctx.params.documentId)) ? askPublisher(ctx, `${name}/${ctx.params.documentId}`) : badInput(ctx)),
      })),
      // Drawing previews takes a second or two (longer with a large cover photo).
      ...([['preflight', 5000], ['preview', 30_000]] as const).map(([name, timeoutMs]) => ({
        method: 'GET' as const, path: `/tongyuan/${name}/:kind/:documentId`, config, info,
        handler: async (ctx: any) => {
          const { kind, documentId } = ctx.params;
          if (!['interpretation', 'policy-document', 'event'].includes(String(kind)) || !ID.test(String(documentId))) return badInput(ctx);
          return askPublisher(ctx, `${name}/${kind}/${documentId}`, timeoutMs);
        },
      })),
    ],
  });
}

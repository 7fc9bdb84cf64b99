import type { Core } from '@strapi/strapi';
import { HOOK_SECRET_HEADER } from '../bootstrap/integration';
import { readSettings } from '../settings';

/**
 * GET /tongyuan/publication/:documentId (admin API: a logged-in admin user): the publisher's
 * per-channel status of a document, for the edit-view panel. The CMS asks the publisher with the
 * webhook's shared secret, so the browser needs no publisher token and no cross-origin call.
 */
export function registerPublicationStatusRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    routes: [{
      method: 'GET',
      path: '/tongyuan/publication/:documentId',
      handler: async (ctx: any) => {
        const { PUBLISHER_HOOK_URL, HOOK_SECRET } = readSettings();
        if (!PUBLISHER_HOOK_URL || !HOOK_SECRET) {
          ctx.status = 503;
          ctx.body = { error: 'PUBLISHER_NOT_CONFIGURED', message: '未配置发布服务地址（PUBLISHER_HOOK_URL、HOOK_SECRET），无法显示发布状态' };
          return;
        }
        const documentId = String(ctx.params.documentId);
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) {
          ctx.status = 400;
          ctx.body = { error: 'BAD_INPUT', message: 'documentId 格式不正确' };
          return;
        }
        try {
          const response = await fetch(new URL(`publication/${documentId}`, PUBLISHER_HOOK_URL), {
            headers: { [HOOK_SECRET_HEADER]: HOOK_SECRET }, signal: AbortSignal.timeout(3000),
          });
          ctx.status = response.status;
          ctx.body = await response.json();
        } catch (error) {
          ctx.status = 502;
          ctx.body = { error: 'PUBLISHER_UNREACHABLE', message: `发布服务暂时无法访问（${(error as Error).message}）：内容已保存，稍后再看` };
        }
      },
      config: { policies: ['admin::isAuthenticatedAdmin'] },
      info: { type: 'admin', pluginName: 'tongyuan' },
    }],
  });
}

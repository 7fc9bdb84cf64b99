import type { Core } from '@strapi/strapi';
import { hookSecretMatches, HOOK_SECRET_HEADER } from '@tongyuan/document';
import { readSettings } from '../settings';

/**
 * Who published a document, for the publisher's revision history (revisions.publishedBy), with the
 * webhook's shared secret:
 *   GET /api/tongyuan/published-by/:kind/:documentId   → { publishedBy, publishedAt }
 * The content API never shows admin users; the published version's updatedBy is the staff member
 * whose publish made it (the admin's publish saves the draft as that user, then copies it). Only the
 * name leaves the CMS. null: published by the system (seed, bootstrap) or through the API.
 */
const MODELS: Record<string, string> = {
  interpretation: 'api::interpretation.interpretation', 'policy-document': 'api::policy-document.policy-document', event: 'api::open-event.open-event',
};
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function registerPublishedByRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'content-api',
    routes: [{
      method: 'GET', path: '/tongyuan/published-by/:kind/:documentId', config: { auth: false as const }, info: { type: 'content-api', pluginName: 'tongyuan' },
      handler: async (ctx: any) => {
        const { HOOK_SECRET } = readSettings();
        if (!HOOK_SECRET || !hookSecretMatches(ctx.request.headers[HOOK_SECRET_HEADER], HOOK_SECRET)) {
          ctx.status = 401;
          ctx.body = { error: 'HOOK_SECRET_INVALID', message: '密钥不正确：请确认 CMS 与发布服务的 HOOK_SECRET 相同' };
          return;
        }
        const uid = MODELS[String(ctx.params.kind)];
        if (!uid || !ID.test(String(ctx.params.documentId))) {
          ctx.status = 400;
          ctx.body = { error: 'BAD_INPUT', message: 'kind 或 documentId 格式不正确' };
          return;
        }
        const published = await strapi.db.query(uid as any).findOne({
          where: { documentId: ctx.params.documentId, publishedAt: { $notNull: true } },
          select: ['publishedAt'], populate: { updatedBy: { select: ['firstname', 'lastname', 'username', 'email'] } },
        });
        if (!published) {
          ctx.status = 404;
          ctx.body = { error: 'NOT_FOUND', message: '没有这份已发布的文档' };
          return;
        }
        const user = published.updatedBy as { firstname?: string; lastname?: string; username?: string; email?: string } | null;
        const name = user ? [user.lastname, user.firstname].filter(Boolean).join('') || user.username || user.email || null : null;
        ctx.body = { publishedBy: name, publishedAt: published.publishedAt };
      },
    }],
  });
}

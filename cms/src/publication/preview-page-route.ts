import type { Core } from '@strapi/strapi';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';
import { readSettings } from '../settings';
import { previewLinkProblem } from './preview-link';

/**
 * GET /api/tongyuan/preview-page/:kind/:documentId?expires=…&signature=… — the page Strapi's Preview
 * shows in its frame: the draft in every target channel, drawn by the publisher (asked with the
 * webhook's secret, like the panel's routes) and relayed as it comes. The signed address is the
 * admin's (preview-link.ts); the page runs nothing, fetches nothing, and may be framed only by the admin.
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Inline styles and images only; the channels' pages inside sit in sandboxed frames with the same rules. */
const PAGE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

const refuse = (ctx: any, status: number, message: string) => {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  const text = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`); // a publisher's message is text, never markup
  ctx.body = `<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>预览</title><p style="font: 16px sans-serif; padding: 2rem">${text}</p></html>`;
};

export function registerPreviewPageRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'content-api',
    routes: [{
      method: 'GET', path: '/tongyuan/preview-page/:kind/:documentId', config: { auth: false as const }, info: { type: 'content-api', pluginName: 'tongyuan' },
      handler: async (ctx: any) => {
        const { kind, documentId } = ctx.params as { kind: string; documentId: string };
        if (!['interpretation', 'policy-document', 'event'].includes(kind) || !ID.test(documentId)) return refuse(ctx, 400, '预览地址不正确');
        const problem = previewLinkProblem(kind, documentId, ctx.query.expires, ctx.query.signature);
        if (problem) return refuse(ctx, 403, problem);
        const { PUBLISHER_HOOK_URL, HOOK_SECRET } = readSettings();
        let response: Response;
        try {
          // Drawing every channel takes a few seconds (longer with large photos); the storyboards are not videos.
          response = await fetch(new URL(`preview-page/${kind}/${documentId}`, PUBLISHER_HOOK_URL), {
            headers: { [HOOK_SECRET_HEADER]: HOOK_SECRET! }, signal: AbortSignal.timeout(60_000),
          });
        } catch (error) {
          return refuse(ctx, 502, `发布服务暂时无法访问（${(error as Error).message}）：草稿已保存，请稍后刷新预览`);
        }
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { message?: string };
          return refuse(ctx, response.status === 404 ? 404 : 502, body.message ?? `发布服务无法生成预览（HTTP ${response.status}）`);
        }
        ctx.set('Content-Security-Policy', PAGE_POLICY);
        ctx.set('Cache-Control', 'no-store');
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = await response.text();
      },
    }],
  });
}

import type { Core } from '@strapi/strapi';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';
import { readSettings } from '../settings';

/**
 * 在线访谈's editor during the interview (a logged-in admin user):
 *   POST /tongyuan/interviews/:documentId/turns   { speaker, text, highlight? }
 * The turn goes to the publisher first (/hooks/interviews/…/turns, the webhook's shared secret),
 * which stores it and pushes it to every reader of the live page; then it is appended to the
 * interview's 访谈实录 (the draft), so the transcript is complete at the next publication.
 */
const INTERPRETATION = 'api::interpretation.interpretation';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function refuse(ctx: any, status: number, error: string, message: string) {
  ctx.status = status;
  ctx.body = { error, message };
}

export function registerInterviewLiveRoutes(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    routes: [{
      method: 'POST', path: '/tongyuan/interviews/:documentId/turns', config: { policies: ['admin::isAuthenticatedAdmin'] }, info: { type: 'admin', pluginName: 'tongyuan' },
      handler: async (ctx: any) => {
        const { documentId } = ctx.params;
        if (!ID.test(String(documentId))) return refuse(ctx, 400, 'BAD_INPUT', 'documentId 格式不正确');
        // As the user may edit the draft's 访谈实录: their county's interviews only, and only roles that edit it.
        const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ctx.state.userAbility, model: INTERPRETATION });
        const query = checker.cannot.update() ? null : await checker.sanitizedQuery.update({ filters: { documentId } });
        const editable = query && (await strapi.documents(INTERPRETATION).findFirst({ ...query, status: 'draft' } as any));
        if (!editable || checker.cannot.update(null, 'transcript.text')) {
          const readable = !checker.cannot.read() && (await strapi.documents(INTERPRETATION).findFirst({ ...(await checker.sanitizedQuery.read({ filters: { documentId } })), status: 'draft' } as any));
          if (readable) return refuse(ctx, 403, 'FORBIDDEN', '你没有权限在这篇访谈里发文字直播：请由能编辑它的人（起草部门或融媒体中心）发出，或请管理员调整你的权限');
          return refuse(ctx, 404, 'NOT_FOUND', '没有这篇访谈，或它不属于你的区县');
        }
        const interview = await strapi.documents(INTERPRETATION).findOne({ documentId, populate: ['transcript'] } as any) as any;
        if (!interview) return refuse(ctx, 404, 'NOT_FOUND', '没有这篇访谈');
        if (interview.format !== 'interview') return refuse(ctx, 400, 'NOT_AN_INTERVIEW', '这篇解读的形式不是“访谈”：请先把形式改为访谈');
        const { PUBLISHER_HOOK_URL, HOOK_SECRET } = readSettings();
        if (!PUBLISHER_HOOK_URL || !HOOK_SECRET) return refuse(ctx, 503, 'PUBLISHER_NOT_CONFIGURED', '未配置发布服务地址（PUBLISHER_HOOK_URL、HOOK_SECRET），无法进行文字直播');
        const { speaker, text, highlight } = ctx.request.body ?? {};
        let response: Response;
        try {
          response = await fetch(new URL(`interviews/${documentId}/turns`, PUBLISHER_HOOK_URL), {
            method: 'POST', headers: { [HOOK_SECRET_HEADER]: HOOK_SECRET, 'content-type': 'application/json' },
            body: JSON.stringify({ speaker, text, highlight: highlight === true }), signal: AbortSignal.timeout(10_000),
          });
        } catch (error) {
          return refuse(ctx, 502, 'PUBLISHER_UNREACHABLE', `发布服务暂时无法访问（${(error as Error).message}），这段发言没有发出，请稍后再发`);
        }
        const answer = await response.json() as any;
        if (!response.ok) return refuse(ctx, response.status, answer.error ?? 'PUBLISHER_REFUSED', answer.message ?? '发布服务拒绝了这段发言');
        const transcript = (interview.transcript ?? []).map(({ speaker: s, text: t, offsetSeconds, highlight: h }: any) => ({ speaker: s, text: t, offsetSeconds, highlight: h }));
        transcript.push({ speaker: answer.speaker, text: answer.text, highlight: answer.highlight });
        await strapi.documents(INTERPRETATION).update({ documentId, data: { transcript } } as any);
        ctx.status = 201;
        ctx.body = { turn: answer, transcriptTurns: transcript.length };
      },
    }],
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Logger } from '../../logger';
import { checkDoorToken, DOOR_COOKIE } from '../../registrations/door-link';
import { registerCheckinAssetRoutes, registerCheckinRoutes, registerDoorLinkHook, type CheckinRouteDeps } from '../routes/checkin';
import { hookSecretGuard } from './cms-hooks';
import { audienceScope } from './scope';

export type DoorDeps = CheckinRouteDeps & { logger: Logger };

const WHY = {
  missing: '门口签到页只对活动组织部门开放：请在 CMS 后台打开这个开放活动，点“门口签到”，用手机扫描其中的二维码或打开其中的链接',
  expired: '这个签到链接已过期（活动结束一天后失效）：如仍需使用，请在 CMS 后台的开放活动中重新打开“门口签到”',
  wrong: '签到链接不完整或不是本活动的：请重新扫描 CMS 后台“门口签到”中的二维码',
} as const;

function refuse(request: FastifyRequest, reply: FastifyReply, message: string) {
  const wantsPage = request.method === 'GET' && request.routeOptions.url === '/checkin/:event/';
  if (!wantsPage) return reply.code(401).send({ error: 'DOOR_LINK_REQUIRED', message });
  return reply.code(401).type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>需要签到链接</title><p style="font: 18px/1.6 sans-serif; margin: 24px">${message}</p></html>`);
}

/**
 * The door link's guard: the token from the link (`?door=`) or, after the first visit, from the
 * cookie it left. The link itself is answered with the cookie and a redirect to the bare address,
 * so the token stays out of the history and the address bar a volunteer might show around.
 */
export function doorLinkGuard(deps: DoorDeps): onRequestHookHandler {
  return async (request, reply) => {
    const eventId = (request.params as { event?: string }).event ?? '';
    const fromLink = (request.query as { door?: unknown }).door;
    const token = fromLink ?? request.cookies[DOOR_COOKIE];
    const check = checkDoorToken(deps.config.HOOK_SECRET, eventId, token, deps.clock());
    if (!check.valid) {
      if (check.reason !== 'missing') deps.logger.warn({ ip: request.ip, reason: check.reason }, '门口签到链接无效，已拒绝');
      return refuse(request, reply, WHY[check.reason]);
    }
    if (fromLink === undefined) return;
    const secure = deps.config.PUBLIC_URL.startsWith('https:');
    reply.setCookie(DOOR_COOKIE, token as string, {
      path: `/checkin/${eventId}/`, expires: check.expiresAt, httpOnly: true, sameSite: 'strict', secure,
    });
    if (request.method === 'GET' && request.routeOptions.url === '/checkin/:event/') {
      return reply.redirect(`/checkin/${encodeURIComponent(eventId)}/`, 303);
    }
  };
}

/** The door of an open event in its three audiences: the department (door link), anyone (its scripts), the CMS (the link). */
export async function doorPlugins(app: FastifyInstance, deps: DoorDeps): Promise<void> {
  await audienceScope(app, 'door-link', doorLinkGuard(deps), (scope) => registerCheckinRoutes(scope, deps));
  await audienceScope(app, 'public', null, (scope) => registerCheckinAssetRoutes(scope));
  await audienceScope(app, 'hook-secret', hookSecretGuard(deps), (scope) => registerDoorLinkHook(scope, deps));
}

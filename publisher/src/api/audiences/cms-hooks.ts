import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Config } from '../../config';
import { hookSecretMatches, HOOK_SECRET_HEADER } from '@tongyuan/document';
import type { Logger } from '../../logger';
import { registerHookRoutes, type HookRouteDeps, type RefetchAll } from '../routes/hooks';
import { registerCountyHookRoutes, type CountyHookDeps } from '../routes/county-hooks';
import { registerSurveyResultHooks, type SurveyRouteDeps } from '../routes/surveys';
import { registerCommentBookHook, type CommentBookRouteDeps } from '../routes/comment-book';
import { registerFundUploadRoutes, type FundUploadDeps } from '../routes/fund-uploads';
import { audienceScope } from './scope';

export type CmsHooksDeps = HookRouteDeps & CountyHookDeps & SurveyRouteDeps & CommentBookRouteDeps & FundUploadDeps & { config: Pick<Config, 'HOOK_SECRET'>; logger: Logger };

/** The guard of every /hooks route: the shared secret in constant time, else 401 and nothing done. */
export function hookSecretGuard(deps: { config: Pick<Config, 'HOOK_SECRET'>; logger: Pick<Logger, 'warn'> }): onRequestHookHandler {
  return async (request, reply) => {
    if (hookSecretMatches(request.headers[HOOK_SECRET_HEADER], deps.config.HOOK_SECRET)) return;
    deps.logger.warn({ ip: request.ip, url: request.routeOptions.url }, 'webhook 密钥不正确，已拒绝');
    return reply.code(401).send({ error: 'HOOK_SECRET_INVALID', message: '密钥不正确：请确认 CMS 与发布服务的 HOOK_SECRET 相同' });
  };
}

/** The CMS's plugin: the webhook, the edit-view panel's status, preflight and preview, and county staff's inspection and report. */
export async function cmsHooksPlugin(app: FastifyInstance, deps: CmsHooksDeps, reconciler: RefetchAll): Promise<void> {
  await audienceScope(app, 'hook-secret', hookSecretGuard(deps), (scope) => {
    registerHookRoutes(scope, deps, reconciler);
    registerCountyHookRoutes(scope, deps);
    registerSurveyResultHooks(scope, deps);
    registerCommentBookHook(scope, deps);
    // 民生资金's uploads and sign-off, in their own context: only they take raw bytes.
    void scope.register(async (funds) => registerFundUploadRoutes(funds, deps));
  });
}

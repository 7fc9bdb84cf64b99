import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { asPublisherError } from '../errors';
import type { Logger } from '../logger';
import { recordRoutes } from './access';
import { registerCachePolicy } from './cache-policy';
import { cmsHooksPlugin, type CmsHooksDeps } from './audiences/cms-hooks';
import { doorPlugins, type DoorDeps } from './audiences/door';
import { interviewPlugins, type InterviewDeps } from './audiences/interviews';
import { operatorsPlugin, type OperatorsDeps } from './audiences/operators';
import { publicPlugin, type PublicDeps } from './audiences/public';
import { staffPlugin, type StaffDeps } from './audiences/staff';
import { subscribersPlugin, type SubscribersDeps } from './audiences/subscribers';
import { registerRateLimit, type RateLimitDeps } from './rate-limit';
import type { RefetchAll } from './routes/hooks';

/** What the HTTP surface needs: the union of what its audiences' plugins declare. */
export type ApiDeps = PublicDeps & OperatorsDeps & CmsHooksDeps & StaffDeps & SubscribersDeps & RateLimitDeps & InterviewDeps & DoorDeps & {
  config: Pick<Config, 'TRUST_PROXY' | 'PUBLIC_MAX_AGE_SECONDS' | 'PUBLIC_STALE_SECONDS'>;
  logger: Logger;
};

/**
 * The publisher's HTTP surface, every route reading only the store: one encapsulated plugin per
 * audience (public, operators, CMS hooks, staff, subscribers), each behind its one guard as
 * access.ts decides; the root holds only what is common (errors, headers, rate limit, 404).
 */
export async function buildApp(deps: ApiDeps, reconciler: RefetchAll): Promise<FastifyInstance> {
  const { config, logger } = deps;
  const app = Fastify({ loggerInstance: logger.child({ part: 'http' }) as FastifyBaseLogger, bodyLimit: 1024 * 1024, trustProxy: config.TRUST_PROXY, disableRequestLogging: true });
  recordRoutes(app); // every route has an auth decision in access.ts; the abuse tests compare the two

  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode;
    if (status && status < 500) return reply.code(status).send({ error: error.code ?? 'BAD_REQUEST', message: error.message });
    const known = asPublisherError(error);
    if (known.status >= 500) logger.error({ err: error, url: request.url }, '请求处理失败');
    return reply.code(known.status).send({ error: known.code, message: known.publicMessage });
  });
  await registerCachePolicy(app, config); // who may keep each answer, and how long (cache-policy.ts): every route's, in one place
  await registerRateLimit(app, deps); // before the routes: it marks each public one as it is added
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个地址：可用的入口见 docs/api.md（对外接口）' }));
  await app.register(fastifyFormbody); // the question form posts application/x-www-form-urlencoded
  await app.register(fastifyCookie); // the door link's cookie, the standing survey's ticket

  await publicPlugin(app, deps);
  await operatorsPlugin(app, deps);
  await cmsHooksPlugin(app, deps, reconciler);
  await staffPlugin(app, deps);
  await subscribersPlugin(app, deps);
  await interviewPlugins(app, deps);
  await doorPlugins(app, deps);
  return app;
}

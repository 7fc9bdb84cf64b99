import fastifyBasicAuth from '@fastify/basic-auth';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { asPublisherError } from '../errors';
import { recordRoutes } from './access';
import { registerRateLimit } from './rate-limit';
import type { Reconciler } from '../ingest/reconciler';
import type { Services } from '../services';
import { registerGraphQL } from './graphql/server';
import { registerCinemaRoutes } from './routes/cinema';
import { registerFeedRoutes } from './routes/feeds';
import { registerPolicyFinderRoutes } from './routes/policy-finder';
import { registerKioskRoutes } from './routes/kiosk';
import { registerFileRoutes } from './routes/files';
import { registerFontRoutes } from './routes/fonts';
import { registerHookRoutes } from './routes/hooks';
import { registerOpsRoutes } from './routes/ops';
import { registerSiteRoutes } from './routes/sites';
import { registerSubscriptionFeedRoutes } from './routes/subscription-feed';
import { registerQuestionRoutes } from './routes/questions';
import { registerReportRoutes } from './routes/reports';

const same = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** The publisher's HTTP surface: one Fastify app, every route reading only the store. */
export async function buildApp(services: Services, reconciler: Reconciler): Promise<FastifyInstance> {
  const { config, logger } = services;
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
  await registerRateLimit(app, services); // before the routes: it marks each public one as it is added
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个地址：可用的入口见 README 的“对外接口”' }));

  // Operations pages (status, metrics, queues) are for staff: basic auth with ADMIN_USER / ADMIN_PASSWORD.
  await app.register(fastifyBasicAuth, {
    authenticate: { realm: 'tongyuan-ops' },
    validate: async (username, password) => {
      if (!(same(username, config.ADMIN_USER) && same(password, config.ADMIN_PASSWORD))) throw new Error('运维账号或密码不正确');
    },
  });
  const guard = { onRequest: app.basicAuth };

  await app.register(fastifyFormbody); // the question form posts application/x-www-form-urlencoded
  if (config.STATIC_DIR) await app.register(fastifyStatic, { root: config.STATIC_DIR, prefix: '/static/' });
  registerHookRoutes(app, services, reconciler);
  registerFileRoutes(app, services);
  registerFontRoutes(app);
  registerFeedRoutes(app, services);
  registerSiteRoutes(app, services);
  registerCinemaRoutes(app, services);
  registerKioskRoutes(app, services);
  registerPolicyFinderRoutes(app, services);
  registerSubscriptionFeedRoutes(app, services);
  registerQuestionRoutes(app, services);
  registerOpsRoutes(app, services, guard);
  registerReportRoutes(app, services, guard);
  await registerGraphQL(app, services);

  const board = new FastifyAdapter();
  createBullBoard({
    queues: [services.queues.ingest, services.queues.publish, services.queues.render, services.queues.renderVideo, services.queues.release, services.queues.policyPush, services.queues.policyDelivery, services.queues.questions, services.queues.inspection].map((q) => new BullMQAdapter(q)),
    serverAdapter: board,
  });
  board.setBasePath('/admin/queues');
  await app.register(async (scope) => {
    scope.addHook('onRequest', app.basicAuth);
    await scope.register(board.registerPlugin(), { prefix: '/admin/queues' });
  });
  return app;
}

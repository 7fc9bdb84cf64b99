import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { PublisherError } from '../../errors';
import { audienceOf, markAudience, type Audience } from '../access';

/**
 * One audience's encapsulated scope (public, operators, CMS hooks, staff, subscribers): its one
 * guard (an onRequest hook) runs before every route inside, and a route that access.ts gives to
 * another audience — or to none — cannot be added here, so the table and the guards cannot drift.
 */
export async function audienceScope(
  app: FastifyInstance,
  audience: Audience,
  guard: onRequestHookHandler | null,
  routes: (scope: FastifyInstance) => Promise<void> | void,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue; // Fastify's twin of a GET route
        const declared = audienceOf(`${method} ${route.url}`);
        if (declared !== audience) {
          throw new PublisherError('INTERNAL', `路由 ${method} ${route.url} 在 access.ts 中属于“${declared ?? '未声明'}”，不能注册到“${audience}”：请在 access.ts 中登记或换到对应的插件`);
        }
      }
      markAudience(route, audience);
    });
    if (guard) scope.addHook('onRequest', guard);
    await routes(scope);
  });
}

import { noticeBoardChannel } from '../../../../test/support/fixture-channel/channel';
import type { ChannelRouteDeps } from '@tongyuan/channels';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { COUNTER_CONNECTION } from '../../questions/spam-guard';
import { registerChannelRoutes } from '../channel-routes';
import { registerRateLimit } from '../rate-limit';
import { hookSecretGuard } from './cms-hooks';
import { audienceScope } from './scope';

/**
 * The audience plugins on a real Fastify app (and, for the rate limit, the real Redis): a route
 * joins only the plugin of the audience access.ts gives it, the plugin's one guard runs before each
 * of its routes, and a channel's page that access.ts does not list is still limited as public.
 */
const apps: FastifyInstance[] = [];
const counters = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', COUNTER_CONNECTION);
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  counters.disconnect();
});
const newApp = () => {
  const app = Fastify();
  apps.push(app);
  return app;
};
/** A real request to the app on a free port (light-my-request's inject does not load under jest's CommonJS). */
async function call(app: FastifyInstance, method: string, url: string, headers: Record<string, string> = {}) {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}${url}`, { method, headers });
  return { status: response.status, body: await response.text() };
}

it('refuses, at start, a route that access.ts gives to another audience or to none', async () => {
  const staffPageInPublic = audienceScope(newApp(), 'public', null, (scope) => { scope.get('/status', async () => 'status'); });
  await expect(staffPageInPublic).rejects.toThrow('路由 GET /status 在 access.ts 中属于“ops-basic-auth”，不能注册到“public”');
  const unlisted = audienceScope(newApp(), 'hook-secret', null, (scope) => { scope.get('/hooks/unlisted', async () => 'x'); });
  await expect(unlisted).rejects.toThrow('路由 GET /hooks/unlisted 在 access.ts 中属于“未声明”');
  const listed = newApp();
  await audienceScope(listed, 'ops-basic-auth', null, (scope) => { scope.get('/status', async () => 'status'); });
  expect((await call(listed, 'GET', '/status')).body).toBe('status');
});

it('runs the plugin\'s one guard before each of its routes', async () => {
  const app = newApp();
  const warned: unknown[] = [];
  const guard = hookSecretGuard({ config: { HOOK_SECRET: 'the-shared-secret-of-this-test' }, logger: { warn: (what: unknown) => warned.push(what) } as never });
  await audienceScope(app, 'hook-secret', guard, (scope) => {
    scope.get('/hooks/publication/:documentId', async () => ({ ok: true }));
    scope.post('/hooks/strapi', async () => ({ ok: true }));
  });
  for (const [method, url] of [['GET', '/hooks/publication/abc'], ['POST', '/hooks/strapi']] as const) {
    const refused = await call(app, method, url, { [HOOK_SECRET_HEADER]: 'a-wrong-secret' });
    expect({ url, status: refused.status, error: JSON.parse(refused.body).error }).toEqual({ url, status: 401, error: 'HOOK_SECRET_INVALID' });
    expect((await call(app, method, url)).status).toBe(401);
    expect(JSON.parse((await call(app, method, url, { [HOOK_SECRET_HEADER]: 'the-shared-secret-of-this-test' })).body)).toEqual({ ok: true });
  }
  expect(warned).toHaveLength(4);
});

it('limits a channel\'s own page like every public page, even one access.ts does not list, and never a staff page', async () => {
  await counters.connect();
  const app = newApp();
  await registerRateLimit(app, { config: { RATE_LIMIT_PER_MINUTE: 3, QUEUE_PREFIX: `audiences-test-${randomUUID()}` }, counters });
  // The notice board's index page reads only the fixture's own state: no deps are asked for.
  await registerChannelRoutes(app, [noticeBoardChannel], {} as ChannelRouteDeps);
  await audienceScope(app, 'ops-basic-auth', null, (scope) => { scope.get('/status', async () => 'status'); });
  const statuses = async (url: string, times: number) => {
    const seen: number[] = [];
    for (let i = 0; i < times; i += 1) seen.push((await call(app, 'GET', url)).status);
    return seen;
  };
  expect(await statuses('/notice-board/', 5)).toEqual([200, 200, 200, 429, 429]);
  expect(await statuses('/status', 5)).toEqual([200, 200, 200, 200, 200]);
});

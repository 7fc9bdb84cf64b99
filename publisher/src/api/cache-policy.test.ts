import Fastify, { type FastifyInstance } from 'fastify';
import { configSchema } from '../config';
import { markAudience, ROUTE_ACCESS } from './access';
import { answerClass, cacheAs, cacheControlOf, declaredClass, registerCachePolicy, ROUTE_CACHE, withdrawalReachesReadersWithin } from './cache-policy';

/**
 * The cache policy on a real Fastify app: each class's header on the answers of real route
 * patterns (304s included), and the rules that only ever make an answer stricter.
 */
const defaults = configSchema.pick({ PUBLIC_MAX_AGE_SECONDS: true, PUBLIC_STALE_SECONDS: true }).parse({});
const apps: FastifyInstance[] = [];
afterAll(async () => Promise.all(apps.map((app) => app.close())));

async function appWith(routes: (app: FastifyInstance) => void, config = defaults) {
  const app = Fastify();
  apps.push(app);
  await registerCachePolicy(app, config);
  routes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return async (method: string, url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}${url}`, { method, headers, redirect: 'manual' });
    await response.arrayBuffer();
    return { status: response.status, cacheControl: response.headers.get('cache-control'), etag: response.headers.get('etag') };
  };
}

describe('the classes', () => {
  it('gives pages a minute, then thirty seconds stale at most: a withdrawal reaches readers behind a CDN within 90 s', () => {
    expect(defaults).toEqual({ PUBLIC_MAX_AGE_SECONDS: 60, PUBLIC_STALE_SECONDS: 30 });
    expect(cacheControlOf('published', defaults)).toBe('public, max-age=60, stale-while-revalidate=30');
    expect(withdrawalReachesReadersWithin(defaults)).toBe(90);
    expect(cacheControlOf('published', { PUBLIC_MAX_AGE_SECONDS: 0, PUBLIC_STALE_SECONDS: 0 })).toBe('public, no-cache');
    expect(cacheControlOf('published', { PUBLIC_MAX_AGE_SECONDS: 10, PUBLIC_STALE_SECONDS: 0 })).toBe('public, max-age=10');
    expect(cacheControlOf('immutable', defaults)).toBe('public, max-age=31536000, immutable');
    expect(cacheControlOf('private', defaults)).toBe('private, no-store');
  });

  it('lists only public GET routes of access.ts, and gives every other public GET route the pages\' class', () => {
    expect(Object.keys(ROUTE_CACHE).filter((route) => !route.startsWith('GET ') || ROUTE_ACCESS[route] !== 'public')).toEqual([]);
    for (const [route, audience] of Object.entries(ROUTE_ACCESS)) {
      const expected = !route.startsWith('GET ') || audience !== 'public' ? 'private' : ROUTE_CACHE[route] ?? 'published';
      expect({ route, cacheClass: declaredClass(route, audience) }).toEqual({ route, cacheClass: expected });
    }
    // A channel's page access.ts does not list is public (rate-limited as such) yet never stored until it is listed.
    expect(declaredClass('GET /notice-board/', 'public')).toBe('private');
  });

  it('makes an answer stricter, never looser', () => {
    expect(answerClass('published', 200, { chosen: 'immutable' })).toBe('published');
    expect(answerClass('immutable', 200, { chosen: 'published' })).toBe('published');
    expect(answerClass('private', 200, { chosen: 'immutable' })).toBe('private');
    expect(answerClass('published', 200, { setsCookie: true })).toBe('private');
    expect(answerClass('immutable', 302, { saysNoStore: true })).toBe('private');
    for (const status of [400, 401, 403, 429, 500, 503]) expect(answerClass('published', status)).toBe('private');
    expect(answerClass('immutable', 404)).toBe('published');
    expect(answerClass('published', 304)).toBe('published');
  });
});

describe('on the wire', () => {
  it('answers a page with a short freshness and an ETag, and a revalidation with 304 and the same header', async () => {
    let body = '<p>第一版</p>';
    const call = await appWith((app) => app.get('/sites/:site/', async (_request, reply) => reply.type('text/html').send(body)));
    const first = await call('GET', '/sites/juxian-portal/');
    expect(first).toMatchObject({ status: 200, cacheControl: 'public, max-age=60, stale-while-revalidate=30', etag: expect.stringMatching(/^"/) });
    expect(await call('GET', '/sites/juxian-portal/', { 'if-none-match': first.etag! })).toEqual({ ...first, status: 304 });
    body = '<p>撤回后</p>';
    expect(await call('GET', '/sites/juxian-portal/', { 'if-none-match': first.etag! })).toMatchObject({ status: 200, etag: expect.not.stringMatching(first.etag!) });
  });

  it('keeps a content address a year, its 404 a minute, and a route\'s own no-store redirect nowhere', async () => {
    const call = await appWith((app) => app.get<{ Params: { sha256: string } }>('/files/:sha256/:name', async (request, reply) => {
      if (request.params.sha256 === 'presigned') return reply.code(302).header('location', '/elsewhere').header('cache-control', 'no-store').send();
      if (request.params.sha256 === 'package') return cacheAs(reply, 'published').send('{}');
      return request.params.sha256 === 'a'.repeat(64) ? reply.header('etag', `"${'a'.repeat(64)}"`).send('bytes') : reply.code(404).send({ error: 'NOT_FOUND' });
    }));
    expect(await call('GET', `/files/${'a'.repeat(64)}/x.pdf`)).toEqual({ status: 200, cacheControl: 'public, max-age=31536000, immutable', etag: `"${'a'.repeat(64)}"` });
    expect(await call('GET', `/files/${'a'.repeat(64)}/x.pdf`, { 'if-none-match': `"${'a'.repeat(64)}"` })).toMatchObject({ status: 304, cacheControl: 'public, max-age=31536000, immutable' });
    expect((await call('GET', `/files/${'b'.repeat(64)}/x.pdf`)).cacheControl).toBe('public, max-age=60, stale-while-revalidate=30');
    expect((await call('GET', '/files/presigned/x.pdf')).cacheControl).toBe('private, no-store');
    expect((await call('GET', '/files/package/wechat.json')).cacheControl).toBe('public, max-age=60, stale-while-revalidate=30');
  });

  it('never lets a CDN keep a personal answer, a POST, a staff page, a cookie, an error or an unlisted channel page', async () => {
    const call = await appWith((app) => {
      app.addHook('onRoute', (route) => { if (route.url === '/notice-board/') markAudience(route, 'public'); });
      app.get('/sites/:site/funds/lookup', async () => '查询表单');
      app.post('/sites/:site/funds/lookup', async (_request, reply) => cacheAs(reply, 'immutable').send('张*丰 已领取'));
      app.get('/registrations/:receipt', async () => '回执');
      app.get('/status', async () => '运维');
      app.get('/sites/:site/events/', async (_request, reply) => reply.header('set-cookie', 'ticket=1').send('日历'));
      app.get('/sites/:site/policies/', async () => { throw new Error('boom'); });
      app.get('/notice-board/', async () => '公告');
    });
    for (const [method, url] of [['GET', '/sites/x/funds/lookup'], ['POST', '/sites/x/funds/lookup'], ['GET', '/registrations/E1'], ['GET', '/status'],
      ['GET', '/sites/x/events/'], ['GET', '/sites/x/policies/'], ['GET', '/notice-board/']]) {
      const answer = await call(method, url);
      // Never revalidated, so never hashed: no ETag, and an If-None-Match gets the whole answer again.
      expect({ url, method, cacheControl: answer.cacheControl, etag: answer.etag }).toEqual({ url, method, cacheControl: 'private, no-store', etag: null });
      expect((await call(method, url, { 'if-none-match': '"anything"' })).status).toBe(answer.status);
    }
    expect((await call('GET', '/nowhere')).cacheControl).toBe('public, max-age=60, stale-while-revalidate=30');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { audienceOf, GRAPHQL_ACCESS, ROUTE_ACCESS, SCOPE_ACCESS } from '../../publisher/src/api/access';
import { answerClass, cacheControlOf, declaredClass, withdrawalReachesReadersWithin } from '../../publisher/src/api/cache-policy';
import { configSchema } from '../../publisher/src/config';
import { doorToken } from '../../publisher/src/registrations/door-link';
import {
  FIELD_SAMPLES, HOSTILE_PARAMS, HOSTILE_QUERY, liveValuesOf, pathOf, registeredRoutesOf, rootFieldsOf, ROUTE_SAMPLES, type LiveValues,
} from '../support/access-surface';
import { TEST_HOOK_SECRET } from '../support/cms';
import { waitFor } from '../support/processes';
import { graphql, OPS, startStack, type Stack } from '../support/stack';

/**
 * Abuse: every route and GraphQL root field of the live publisher has an auth decision in
 * publisher/src/api/access.ts (a new one without fails here), and each decision holds against the
 * real stack — no credential, a wrong one, a token of another channel or site; hostile parameters
 * never cost a 500; GraphQL depth, cost, alias and batch floods, oversized bodies, odd file names
 * and Range headers are refused or bounded.
 */
let stack: Stack;
let routes: string[];
let fields: string[];
let live: LiveValues;
const CHANNELS = ['web', 'feeds', 'policy-match', 'kiosk'];
const tokens = { admin: '', all: '', juxian: '', lacking: {} as Record<string, string> };
const staticDir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-static-'));

beforeAll(async () => {
  writeFileSync(path.join(staticDir, 'hello.txt'), '你好');
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,feeds,policy-match', STATIC_DIR: staticDir } });
  const create = (name: string, channels: string[], ...more: string[]) => stack.token(['create', '--name', name, '--channels', channels.join(','), ...more]);
  const lacking = CHANNELS.map((c) => create(`abuse-no-${c}`, CHANNELS.filter((o) => o !== c)));
  [routes, tokens.admin, tokens.all, tokens.juxian] = await Promise.all([
    registeredRoutesOf(stack.env), create('abuse-admin', CHANNELS, '--admin'), create('abuse-all', CHANNELS), create('abuse-juxian', CHANNELS, '--sites', 'juxian-portal'),
  ]);
  (await Promise.all(lacking)).forEach((token, i) => (tokens.lacking[CHANNELS[i]] = token));
  fields = await rootFieldsOf(stack, tokens.admin);
  live = await waitFor('demo content live on juxian-portal and in the policy index', liveValuesOf(stack, tokens.admin, tokens.all), 90_000, 500);
}, 150_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('the auth decisions are complete', () => {
  it('names every route the server registers, and only those', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((route) => !audienceOf(route))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((route) => !routes.includes(route))).toEqual([]);
    expect(Object.keys(SCOPE_ACCESS).filter((prefix) => !routes.some((r) => r.includes(` ${prefix}`)))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((route) => !ROUTE_SAMPLES[route])).toEqual([]);
  });

  it('names every GraphQL root field, and only those', () => {
    expect(fields.filter((field) => !GRAPHQL_ACCESS[field])).toEqual([]);
    expect(Object.keys(GRAPHQL_ACCESS).filter((field) => !fields.includes(field))).toEqual([]);
    expect(Object.keys(GRAPHQL_ACCESS).filter((field) => !FIELD_SAMPLES[field])).toEqual([]);
  });
});

const methodOf = (route: string) => route.slice(0, route.indexOf(' '));
const request = async (route: string, headers: Record<string, string> = {}, params?: Record<string, string>, query = '') => {
  const sample = ROUTE_SAMPLES[route];
  const body = sample?.body ?? (methodOf(route) === 'POST' ? {} : undefined);
  const response = await fetch(`${stack.url}${pathOf(route, params ?? sample?.params?.(live) ?? {})}${query}`, {
    method: methodOf(route), headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, code: /^\{/.test(text) ? (JSON.parse(text).error ?? JSON.parse(text).errors?.[0]?.extensions?.code) : undefined };
};
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const withAudience = (audience: string) => routes.filter((route) => audienceOf(route) === audience);

describe('each route keeps its decision', () => {
  it('refuses hook routes without the shared secret or with a wrong one, and serves the CMS with it', async () => {
    for (const route of withAudience('hook-secret')) {
      expect({ route, ...(await request(route)) }).toEqual({ route, status: 401, code: 'HOOK_SECRET_INVALID' });
      expect({ route, ...(await request(route, { 'x-tongyuan-hook-secret': `${TEST_HOOK_SECRET}x` })) }).toEqual({ route, status: 401, code: 'HOOK_SECRET_INVALID' });
      expect({ route, status: (await request(route, { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET })).status }).toEqual({ route, status: ROUTE_SAMPLES[route].status });
    }
  }, 30_000);

  it('keeps every operations route, the queue board\'s included, behind basic auth', async () => {
    const guarded = withAudience('ops-basic-auth');
    expect(guarded.length).toBeGreaterThan(40);
    for (const route of guarded) {
      expect({ route, status: (await request(route)).status }).toEqual({ route, status: 401 });
      expect({ route, status: (await request(route, basic(OPS.user, 'wrong-password'))).status }).toEqual({ route, status: 401 });
    }
    for (const route of ['GET /status', 'GET /metrics', 'GET /admin/queues', 'GET /admin/queues/api/queues']) {
      expect({ route, status: (await request(route, basic(OPS.user, OPS.password))).status }).toEqual({ route, status: 200 });
    }
  });

  it('answers the GraphQL routes only with an operator token', async () => {
    const preflight = { 'apollo-require-preflight': '1' };
    for (const route of withAudience('operator-token')) {
      const query = methodOf(route) === 'GET' ? '?query=%7B__typename%7D' : '';
      const none = await request(route, preflight, {}, query);
      expect({ route, ...none }).toEqual({ route, status: 401, code: 'UNAUTHENTICATED' });
      expect({ route, status: (await request(route, { ...preflight, authorization: 'Bearer ty_forged' }, {}, query)).status }).toEqual({ route, status: 401 });
      const ok = await request(route, { ...preflight, authorization: `Bearer ${tokens.all}` }, {}, query);
      expect({ route, status: ok.status }).toEqual({ route, status: ROUTE_SAMPLES[route].status });
    }
  });

  it('serves a subscription\'s feed only with its token', async () => {
    for (const route of withAudience('subscription-token')) {
      expect({ route, ...(await request(route)) }).toEqual({ route, status: 404, code: 'NOT_FOUND' });
      expect({ route, status: (await request(route, {}, undefined, '?token=wrong')).status }).toEqual({ route, status: 404 });
      expect({ route, status: (await request(route, {}, undefined, `?token=${live.feedToken}`)).status }).toEqual({ route, status: 200 });
    }
  });

  it('opens an event\'s door only with that event\'s door link, unexpired, and never with the operations login', async () => {
    const guarded = withAudience('door-link');
    expect(guarded.length).toBe(3);
    const cookie = (event: string, expiresAt: Date) => ({ cookie: `tongyuan_door=${doorToken(TEST_HOOK_SECRET, event, expiresAt)}` });
    const later = new Date(Date.now() + 3600_000);
    for (const route of guarded) {
      const sample = ROUTE_SAMPLES[route].params!(live).event;
      expect({ route, status: (await request(route)).status }).toEqual({ route, status: 401 });
      expect({ route, status: (await request(route, basic(OPS.user, OPS.password))).status }).toEqual({ route, status: 401 });
      expect({ route, status: (await request(route, cookie('another-event', later))).status }).toEqual({ route, status: 401 });
      expect({ route, status: (await request(route, cookie(sample, new Date(Date.now() - 1000)))).status }).toEqual({ route, status: 401 });
      expect({ route, status: (await request(route, cookie(sample, later))).status }).toEqual({ route, status: ROUTE_SAMPLES[route].status });
    }
    // The link itself: answered with the cookie for this event's door only, and the address without the token.
    const link = await fetch(`${stack.url}/checkin/no-such-event/?door=${doorToken(TEST_HOOK_SECRET, 'no-such-event', later)}`, { redirect: 'manual' });
    expect(link.status).toBe(303);
    expect(link.headers.get('location')).toBe('/checkin/no-such-event/');
    expect(link.headers.get('set-cookie')).toMatch(/^tongyuan_door=\d+\.[\w-]{43}; Path=\/checkin\/no-such-event\/; Expires=.+; HttpOnly; SameSite=Strict$/);
  });

  it('answers public routes without credentials', async () => {
    for (const route of withAudience('public')) {
      expect({ route, status: (await request(route)).status }).toEqual({ route, status: ROUTE_SAMPLES[route].status });
    }
  }, 30_000);

  it('never answers hostile parameters or queries with a 500', async () => {
    const secret = { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET };
    const checked = [...withAudience('public'), ...withAudience('subscription-token'), ...withAudience('hook-secret'), ...withAudience('door-link')]
      .filter((r) => methodOf(r) !== 'OPTIONS');
    const cases = checked.flatMap((route) => {
      const realistic = ROUTE_SAMPLES[route].params?.(live) ?? {};
      const variants = Object.keys(realistic).flatMap((name) => HOSTILE_PARAMS.map((value) => ({ ...realistic, [name]: value })));
      return [...variants.map((params) => ({ route, params, query: '' })), { route, params: realistic, query: HOSTILE_QUERY }];
    });
    const failures: string[] = [];
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(cases.slice(i, i + 8).map(async ({ route, params, query }) => {
        const { status } = await request(route, secret, params, query);
        if (status >= 500) failures.push(`${status} ${methodOf(route)} ${pathOf(route, params).slice(0, 200)}${query}`);
      }));
    }
    expect(cases.length).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('what a CDN may keep (cache-policy.ts)', () => {
  const defaults = configSchema.pick({ PUBLIC_MAX_AGE_SECONDS: true, PUBLIC_STALE_SECONDS: true }).parse({});
  const PAGE = 'public, max-age=60, stale-while-revalidate=30';
  const IMMUTABLE = 'public, max-age=31536000, immutable';
  /** A route's answer as its own audience gets it (the credential each audience's test above proves). */
  const answerOf = async (route: string, extra: Record<string, string> = {}) => {
    const sample = ROUTE_SAMPLES[route];
    const params = sample?.params?.(live) ?? {};
    const credential: Record<string, string> = {
      'hook-secret': { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET },
      'ops-basic-auth': basic(OPS.user, OPS.password),
      'operator-token': { 'apollo-require-preflight': '1', authorization: `Bearer ${tokens.all}` },
      'door-link': { cookie: `tongyuan_door=${doorToken(TEST_HOOK_SECRET, params.event ?? '', new Date(Date.now() + 3600_000))}` },
    }[audienceOf(route) as string] ?? {};
    const query = audienceOf(route) === 'subscription-token' ? `?token=${live.feedToken}` : route === 'GET /graphql' ? '?query=%7B__typename%7D' : '';
    const body = sample?.body ?? (methodOf(route) === 'POST' ? {} : undefined);
    const response = await fetch(`${stack.url}${pathOf(route, params)}${query}`, {
      method: methodOf(route), headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...credential, ...extra }, body: body ? JSON.stringify(body) : undefined,
    });
    await response.arrayBuffer();
    return { route, status: response.status, cacheControl: response.headers.get('cache-control'), etag: response.headers.get('etag') };
  };

  it('never lets a CDN keep anything personal, per-user or behind a credential, and gives every public page its class', async () => {
    const checked = [...Object.keys(ROUTE_SAMPLES).filter((route) => routes.includes(route)), 'GET /admin/queues'];
    expect(checked.length).toBeGreaterThan(100);
    const personal = ['GET /sites/:site/funds/lookup', 'POST /sites/:site/funds/lookup', 'GET /sites/:site/funds/housing/lookup', 'POST /sites/:site/funds/housing/lookup',
      'GET /registrations/:receipt', 'POST /sites/:site/events/:event/register', 'GET /questions/challenge', 'GET /sites/:site/ask', 'POST /sites/:site/ask', 'GET /sites/:site/surveys/:id'];
    for (const route of checked) {
      const answer = await answerOf(route);
      if (audienceOf(route) !== 'public' || !route.startsWith('GET ') || personal.includes(route)) {
        // Literal, not computed: the privacy requirement itself (staff, the CMS, operators, a door, a subscriber's link, every POST).
        expect({ route, status: answer.status, cacheControl: answer.cacheControl }).toEqual({ route, status: answer.status, cacheControl: 'private, no-store' });
      } else {
        const expected = cacheControlOf(answerClass(declaredClass(route, 'public'), answer.status), defaults);
        expect({ route, cacheControl: answer.cacheControl }).toEqual({ route, cacheControl: expected });
      }
    }
    // And without its credential: the refusal is not kept either.
    for (const route of ['GET /status', 'GET /hooks/inspection.json', 'GET /subscriptions/:id/:file', 'GET /checkin/:event/door.json']) {
      const refused = await fetch(`${stack.url}${pathOf(route, ROUTE_SAMPLES[route].params?.(live) ?? {})}`);
      expect({ route, status: refused.status, cacheControl: refused.headers.get('cache-control') }).toEqual({ route, status: refused.status, cacheControl: 'private, no-store' });
    }
  }, 60_000);

  it('answers a page, a feed and a manifest\'s revalidation with 304, and keeps a file by its address for a year (Range as before)', async () => {
    for (const route of ['GET /sites/:site/interpretations/:file', 'GET /feeds/:site/:file', 'GET /sites/:site/events.ics', 'GET /cinema/reels.json', 'GET /sites/:site/sitemap.xml']) {
      const first = await answerOf(route);
      expect(first).toMatchObject({ route, status: 200, cacheControl: PAGE, etag: expect.stringMatching(/^"[^"]+"$/) });
      expect(await answerOf(route, { 'if-none-match': first.etag! })).toEqual({ ...first, status: 304 });
    }
    const file = 'GET /files/:sha256/:name';
    expect(await answerOf(file)).toEqual({ route: file, status: 200, cacheControl: IMMUTABLE, etag: `"${live.sha256}"` });
    expect(await answerOf(file, { 'if-none-match': `"${live.sha256}"` })).toMatchObject({ status: 304, cacheControl: IMMUTABLE });
    expect(await answerOf(file, { range: 'bytes=0-9' })).toMatchObject({ status: 206, cacheControl: IMMUTABLE, etag: `"${live.sha256}"` });
    // A content address nothing live uses (withdrawn, or never) is not kept for a year.
    const gone = await fetch(`${stack.url}/files/${'ab'.repeat(32)}/a.html`);
    expect([gone.status, gone.headers.get('cache-control')]).toEqual([404, PAGE]);
  });

  it('lets a withdrawn page reach readers behind a CDN within the stated 90 s: no page, feed or manifest is fresh or served stale longer', async () => {
    expect(withdrawalReachesReadersWithin(defaults)).toBe(90); // docs/operations.md, "A CDN in front"
    for (const route of ['GET /sites/:site/', 'GET /sites/:site/interpretations/:file', 'GET /feeds/:site/:file', 'GET /policy-finder/', 'GET /kiosk/:terminal/app.js', 'GET /sites/:site/events/:file']) {
      const { cacheControl } = await answerOf(route);
      const seconds = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(cacheControl ?? '')?.[1] ?? NaN);
      expect({ route, kept: seconds('max-age') + seconds('stale-while-revalidate'), immutable: /immutable/.test(cacheControl ?? '') }).toEqual({ route, kept: 90, immutable: false });
    }
  });
});

describe('each GraphQL root field keeps its decision', () => {
  const forbidden = { status: 403, code: 'FORBIDDEN' };
  const ask = async (field: string, token: string | null, overrides: Record<string, unknown> = {}) => {
    const sample = FIELD_SAMPLES[field];
    const { status, body } = await graphql(stack, token, sample.query, { ...sample.variables?.(live), ...overrides });
    return { field, status, code: body.errors?.[0]?.extensions?.code as string | undefined, data: body.data };
  };
  const refused = async (field: string, token: string, overrides?: Record<string, unknown>) =>
    expect(await ask(field, token, overrides)).toMatchObject({ field, ...forbidden });
  const allowed = async (field: string, token: string, overrides?: Record<string, unknown>) => {
    const answer = await ask(field, token, overrides);
    const code = FIELD_SAMPLES[field].allowedCode;
    expect(answer).toMatchObject(code ? { field, code } : { field, status: 200, code: undefined });
    return answer;
  };

  it.each(Object.entries(GRAPHQL_ACCESS))('%s', async (field, scope) => {
    expect(await ask(field, null)).toMatchObject({ field, status: 401, code: 'UNAUTHENTICATED' });
    expect(await ask(field, 'ty_forged-token')).toMatchObject({ field, status: 401, code: 'UNAUTHENTICATED' });
    if (scope.admin) await refused(field, tokens.all);
    if (scope.channel === 'named-in-argument') await refused(field, tokens.lacking.feeds, { channel: 'feeds' });
    else if (scope.channel === 'own') {
      // Its answer holds only the token's channels (the sample reads feeds and web documents).
      if (!scope.admin) expect(JSON.stringify((await allowed(field, tokens.lacking.web)).data)).not.toContain('"channel":"web"');
      if (!scope.admin) expect(JSON.stringify((await allowed(field, tokens.all)).data)).toContain('"channel":"web"');
      if (field === 'Query.changes') await refused(field, tokens.lacking.web, { channels: ['web'] });
    } else await refused(field, tokens.lacking[scope.channel]);
    if (scope.sites === 'site-argument') {
      await refused(field, tokens.juxian, { site: 'suzhou-portal' });
      await refused(field, tokens.juxian, { site: null });
      await allowed(field, tokens.juxian, { site: 'juxian-portal' });
    }
    if (scope.sites === 'document-on-site') {
      await refused(field, tokens.juxian, { documentId: live.otherSiteDocumentId });
      await allowed(field, tokens.juxian);
    }
    if (scope.sites === 'refused') await refused(field, tokens.juxian);
    // Another policy-match token's subscription is simply not there.
    if (scope.owner) expect(await ask(field, tokens.lacking.web)).toMatchObject({ field, status: 404, code: 'NOT_FOUND' });
    await allowed(field, scope.admin ? tokens.admin : tokens.all);
  });
});

describe('limits', () => {
  const post = (body: string, headers: Record<string, string> = {}, url = '/graphql') => fetch(`${stack.url}${url}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}`, ...headers }, body,
  });
  const errorOf = async (response: Response) => ({ status: response.status, error: ((await response.json()) as any).errors?.[0] });

  it('refuses depth bombs, cost bombs, alias floods and batches with 400 and says why', async () => {
    // The schema has no cycles: only a nesting that cannot be valid goes deeper than GRAPHQL_MAX_DEPTH, or introspection.
    const deep = await graphql(stack, tokens.admin, `{ channelFeed(channel: "web") { edges { node { artifacts { ${'name { '.repeat(8)}x${' }'.repeat(8)} } } } } }`);
    expect(deep.status).toBe(400);
    expect(deep.body.errors.map((e: any) => e.message)).toContainEqual(expect.stringMatching(/exceeds maximum operation depth of 8/));
    const introspection = await graphql(stack, tokens.admin, '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }');
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringMatching(/depth/i) });
    const costly = Array.from({ length: 40 }, (_, i) => `c${i}: channelFeed(channel: "web", first: 100) { edges { node { payload artifacts { url } } } }`).join(' ');
    expect(await errorOf(await post(JSON.stringify({ query: `{ ${costly} }` })))).toMatchObject({ status: 400, error: { extensions: { code: 'QUERY_TOO_COMPLEX' }, message: expect.stringContaining('估算代价') } });
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: publication(documentId: "${live.documentId}") { title }`).join(' ');
    expect(await errorOf(await post(JSON.stringify({ query: `{ ${aliases} }` })))).toMatchObject({ status: 400, error: { extensions: { code: 'QUERY_TOO_COMPLEX' }, message: expect.stringContaining('别名过多') } });
    const batch = JSON.stringify(Array.from({ length: 100 }, () => ({ query: `{ publication(documentId: "${live.documentId}") { title } }` })));
    expect(await errorOf(await post(batch))).toMatchObject({ status: 400, error: { extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/batching disabled/i) } });
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  /**
   * The status of an oversized POST. The server may answer 413 and close while the body is still being sent:
   * fetch then reports the broken pipe instead of the answer, so this reads the answer as it arrives.
   */
  const oversized = (body: string, headers: Record<string, string> = {}, url = '/graphql') => new Promise<number>((resolve, reject) => {
    const request = http.request(`${stack.url}${url}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}`, 'content-length': Buffer.byteLength(body), ...headers },
    }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    // A write cut short after the answer came is the server refusing the rest; without an answer it is a failure.
    request.on('error', (error) => setTimeout(() => reject(error), 1000));
    request.end(body);
  });

  it('refuses bodies over the limit with 413', async () => {
    expect(await oversized(JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(1024 * 1024) }))).toBe(413);
    const hook = { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET };
    expect(await oversized(JSON.stringify({ event: 'entry.update', padding: 'x'.repeat(1024 * 1024) }), hook, '/hooks/strapi')).toBe(413);
    expect(await oversized(JSON.stringify({ version: '0'.repeat(64), items: 1, padding: 'x'.repeat(8192) }), {}, '/kiosk/juxian-hall-01/heartbeat')).toBe(413);
  });

  it('serves only live files by a hex sha256, whatever the name', async () => {
    const sha = live.sha256;
    const expected: Record<string, number> = {
      [`${sha}/..%2F..%2Fetc%2Fpasswd`]: 200, [`${sha}/%00`]: 200, [`${sha}/${encodeURIComponent('政策 "解读";\r\n.pdf')}`]: 200, [`${sha}/%E0%A4%A`]: 400,
      [`${sha}/${'x'.repeat(500)}`]: 414, [`${sha.toUpperCase()}/a.html`]: 404, [`${sha.slice(0, 63)}g/a.html`]: 404, [`${'ab'.repeat(32)}/a.html`]: 404,
      [`..%2F..%2F${sha}/a`]: 404, [`${sha}%00/a.html`]: 404, [`${sha}/a/..%2F..%2F..%2Fetc%2Fpasswd`]: 404,
    };
    for (const [path, status] of Object.entries(expected)) {
      const response = await fetch(`${stack.url}/files/${path}`);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(await response.text()).not.toContain('root:');
    }
  });

  it('answers malformed Range headers with the whole file, the coalesced range or 416, never a 500', async () => {
    const url = `${stack.url}/files/${live.sha256}/${live.fileName}`;
    const size = Number((await fetch(url)).headers.get('content-length'));
    const range = async (value: string) => {
      const response = await fetch(url, { headers: { range: value } });
      return { value: value.slice(0, 40), status: response.status, length: (await response.arrayBuffer()).byteLength, contentRange: response.headers.get('content-range') };
    };
    const adjacent = Array.from({ length: 200 }, (_, i) => `${i}-${i}`).join(',');
    const scattered = Array.from({ length: 200 }, (_, i) => `${i * 2}-${i * 2}`).join(',');
    expect(size).toBeGreaterThan(400);
    for (const value of ['bytes=abc', 'items=0-1', `bytes=${scattered}`, 'bytes=', 'bytes=--1']) {
      expect(await range(value)).toMatchObject({ value: value.slice(0, 40), status: 200, length: size });
    }
    expect(await range(`bytes=${adjacent}`)).toMatchObject({ status: 206, length: 200, contentRange: `bytes 0-199/${size}` });
    for (const value of ['bytes=5-1', `bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=99999999999999999999-', 'bytes=-0']) {
      expect(await range(value)).toMatchObject({ value: value.slice(0, 40), status: 416, contentRange: `bytes */${size}` });
    }
  });
});

import { graphql, startStack, type Stack } from '../support/stack';

/**
 * Public pages, feeds and files are rate limited per client address (RATE_LIMIT_PER_MINUTE,
 * counted in Redis): a flood from one address is told to wait, in Chinese, with Retry-After,
 * while other readers, operators with a token and health checks go on as before. The address
 * comes from X-Forwarded-For only when a trusted proxy (here: loopback) sends it.
 */
let stack: Stack;
let token: string;
const LIMIT = 20;

beforeAll(async () => {
  stack = await startStack({ publisherEnv: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  token = await stack.token(['create', '--name', 'rate-ops', '--channels', 'web,feeds']);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const from = (address: string, path: string) => fetch(`${stack.url}${path}`, { headers: { 'x-forwarded-for': address } });

it('tells a flooding address to wait, and keeps serving everyone else', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 5; i += 1) statuses.push((await from('203.0.113.7', i % 2 ? '/sites' : '/feeds')).status);
  expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
  expect(statuses.slice(LIMIT)).toEqual([429, 429, 429, 429, 429]);
  const refused = await from('203.0.113.7', '/feeds/juxian-portal/interpretations.rss');
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await refused.json()) as { error: string; message: string };
  expect(body).toMatchObject({ error: 'RATE_LIMITED' });
  expect(body.message).toMatch(/请求过于频繁（每分钟最多 20 次）：请 \d+ 秒后再试/);
  // Another reader, an operator with a token and the load balancer's health check are not affected.
  expect((await from('198.51.100.9', '/sites')).status).toBe(200);
  expect((await graphql(stack, token, '{ channelFeed(channel: "web", first: 1) { edges { node { documentId } } } }')).status).toBe(200);
  for (let i = 0; i < LIMIT + 5; i += 1) expect((await from('203.0.113.7', '/healthz')).status).toBe(200);
});

import { Queue } from 'bullmq';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';
import { Client } from 'pg';
import { ADMIN, TEST_HOOK_SECRET } from '../support/cms';
import { freePort, waitFor, type RunningProcess } from '../support/processes';
import { graphql, startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION, POLICY_DOCUMENT } from '../support/strapi-api';

/**
 * Replicas (issue 22): two API processes and two workers on one PostgreSQL database, one Redis
 * prefix and one artifact folder, as `docker compose up --scale api=2 --scale worker=2` runs them.
 * The CMS's webhook reaches the first API only (as it reaches one replica behind a proxy). A publish
 * goes live once (one rendition and one render per channel), both APIs answer alike within 1 s of
 * each other, a withdrawal leaves both within 1 s, a norms dictionary change and a new tag reach the
 * replica that did not get the webhook within 5 s (not at their one-minute refresh), and a reader's
 * rate limit counts across both. A new tag has no document read again; a renamed department reaches
 * the pages of its interpretations on both APIs.
 */
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = `tongyuan_replicas_${process.pid}_${Date.now()}`;
const LIMIT = 20;
/**
 * How far apart the replicas may be after a publish or a withdrawal: each reads the change sequence at
 * most 20 ms old, so they agree within a few hundred ms; 2 s leaves room for a loaded machine and is
 * still far below what a replica with its own stale copies would show (its copies live until restart).
 */
const REPLICA_SKEW_MS = 2000;
const SLUG = 'test-replicas';

let admin: Client;
let store: Client | undefined;
let stack: Stack;
let second: { url: string; api: RunningProcess };
let token: string;
let cm: ReturnType<typeof contentManager>;
let queues: Record<'ingest' | 'publish' | 'render', Queue>;

// Every page read comes from an address of its own (behind the trusted loopback proxy): only the rate-limit test floods one.
let reader = 0;
const read = (base: string, path: string) => fetch(`${base}${path}`, { headers: { 'x-forwarded-for': `10.9.${Math.floor(reader / 250) % 250}.${(reader++ % 250) + 1}` } });
const both = () => [stack.url, second.url];

beforeAll(async () => {
  admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${DB_NAME}`);
  const databaseUrl = PG_ADMIN.replace(/postgres$/, DB_NAME);
  stack = await startStack({ databaseUrl, publisherEnv: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  const port = await freePort();
  second = { url: `http://127.0.0.1:${port}`, api: stack.startReplica('api.ts', { PORT: String(port) }) };
  stack.startReplica('worker.ts');
  await waitFor('the second API', async () => {
    if (second.api.child.exitCode !== null) throw new Error(`second API exited:\n${second.api.output().slice(-3000)}`);
    return (await fetch(`${second.url}/healthz`)).ok;
  }, 60_000, 200);
  store = new Client({ connectionString: databaseUrl });
  await store.connect();
  const connection = { host: '127.0.0.1', port: 6379 };
  queues = {
    ingest: new Queue('ingest', { connection, prefix: stack.env.QUEUE_PREFIX }),
    publish: new Queue('publish', { connection, prefix: stack.env.QUEUE_PREFIX }),
    render: new Queue('render', { connection, prefix: stack.env.QUEUE_PREFIX }),
  };
  cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  token = await stack.token(['create', '--name', 'replicas', '--channels', 'web,feeds', '--admin']);
}, 150_000);

afterAll(async () => {
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await store?.end();
  await stack?.stop();
  await admin?.query(`drop database if exists ${DB_NAME} with (force)`);
  await admin?.end();
});

/** Nothing waiting or running in ingest, publish and render (the demo content the reconciler found at start is live). */
const settled = () => waitFor('the queues to settle', async () => {
  for (const queue of Object.values(queues)) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(counts).some((n) => n > 0)) return false;
  }
  return true;
}, 60_000, 250);

/**
 * When each API first answers `ok` to `path`, each polled on its own every 25 ms: a slow answer from
 * one API must not delay noticing the other (polling them in lockstep once measured 1.2 s of skew
 * that was the poller's own).
 */
async function whenBoth(path: string, ok: (response: Response) => boolean, timeoutMs: number): Promise<number[]> {
  return Promise.all(both().map((base, i) => waitFor(`${path} on API ${i + 1}`, async () => (ok(await read(base, path)) ? Date.now() : undefined), timeoutMs, 25)));
}

/** The same answer from both APIs: status and body (pages and GraphQL answers carry no process of their own). */
async function sameOnBoth(ask: (base: string) => Promise<{ status: number; body: string }>) {
  const [first, other] = await Promise.all(both().map(ask));
  expect(other).toEqual(first);
  return first;
}
const page = (base: string) => read(base, `/sites/juxian-portal/interpretations/${SLUG}.html`).then(async (r) => ({ status: r.status, body: await r.text() }));
const feed = (base: string) => read(base, '/feeds/juxian-portal/interpretations.json').then(async (r) => ({ status: r.status, body: await r.text() }));
const channelFeed = (base: string) => graphql({ ...stack, url: base }, token, '{ channelFeed(channel: "web", first: 100) { edges { node { documentId title } } } }')
  .then(({ status, body }) => ({ status, body: JSON.stringify(body) }));

it('hands a norms dictionary change to the API that did not get the webhook within 5 s', async () => {
  const check = async () => (await (await fetch(`${second.url}/hooks/norms/check`, {
    method: 'POST', headers: { 'content-type': 'application/json', [HOOK_SECRET_HEADER]: TEST_HOOK_SECRET },
    body: JSON.stringify({ texts: [{ field: 'body', label: '正文', text: '请到莒县复制副本办公室窗口办理。' }] }),
  })).json()) as { findings: Array<{ message: string }>; dictionary: string };
  expect((await check()).findings).toEqual([]); // compiled when the API started, under a minute ago
  const created = await cm.create('api::norm-entry.norm-entry', { kind: 'outdated', wrong: '莒县复制副本办公室', right: '莒县副本中心', severity: 'serious', source: '副本测试', since: '2021-02-25' });
  expect(created.status).toBe(201);
  const started = Date.now();
  const found = await waitFor('the second API to use the new entry', async () => {
    const answer = await check();
    return answer.findings.length > 0 ? answer : undefined;
  }, 5000, 50);
  expect(found.findings[0].message).toContain('莒县副本中心');
  console.log(`norms entry reached the other replica in ${Date.now() - started} ms`);
});

it('puts a publish live once, and both APIs serve it alike; a withdrawal leaves both', async () => {
  await settled();
  const { body: policies } = await cm.list(POLICY_DOCUMENT, 'page=1&pageSize=1&populate=clauses');
  const policy = (await cm.get(POLICY_DOCUMENT, policies.results[0].documentId)).body.data;
  const ids = async (uid: string, codes: string[]) => ((await cm.list(uid)).body.results as any[]).filter((r) => codes.includes(r.code)).map((r) => r.documentId);
  const created = await cm.create(INTERPRETATION, {
    title: '副本测试解读', slug: SLUG, digest: '两个副本', body: '正文第一段。', stage: 'office_signoff',
    keyPoints: [{ heading: '要点一', text: '内容一' }], qa: [{ question: '问题？', answer: '回答。' }],
    basis: [{ policy: policy.documentId, clauses: policy.clauses[0].number }],
    channels: await ids('api::channel.channel', ['web', 'feeds']), sites: await ids('api::site.site', ['juxian-portal']),
  });
  expect(created.status).toBe(201);
  const documentId: string = created.body.data.documentId;
  expect((await cm.publish(INTERPRETATION, documentId)).status).toBe(200);

  const live = await whenBoth(`/sites/juxian-portal/interpretations/${SLUG}.html`, (r) => r.status === 200, 30_000);
  console.log(`live on both APIs, ${Math.abs(live[0] - live[1])} ms apart`);
  expect(Math.abs(live[0] - live[1])).toBeLessThanOrEqual(REPLICA_SKEW_MS);
  await settled();
  expect((await sameOnBoth(page)).body).toContain('副本测试解读');
  expect((await sameOnBoth(feed)).body).toContain('副本测试解读');
  expect((await sameOnBoth(channelFeed)).body).toContain(documentId);

  // Exactly once: one revision, one rendition per channel, one publish job, one render job per channel run once, by either worker.
  const renditions = await store!.query('select channel, count(*)::int as n from renditions where document_id = $1 group by channel order by channel', [documentId]);
  expect(renditions.rows).toEqual([{ channel: 'feeds', n: 1 }, { channel: 'web', n: 1 }]);
  const jobsOf = async (queue: Queue, prefix: string) => (await queue.getJobs(['completed', 'failed'])).filter((j) => j.id?.startsWith(prefix));
  const renders = await jobsOf(queues.render, `render.${documentId}.`);
  expect(renders.map((j) => j.data.channel).sort()).toEqual(['feeds', 'web']);
  for (const job of renders) expect({ attempts: job.attemptsMade, stalled: job.stalledCounter, failed: job.failedReason ?? null }).toEqual({ attempts: 1, stalled: 0, failed: null });
  expect(await jobsOf(queues.publish, `publish.${documentId}.`)).toHaveLength(1);

  expect((await cm.unpublish(INTERPRETATION, documentId)).status).toBe(200);
  const gone = await whenBoth(`/sites/juxian-portal/interpretations/${SLUG}.html`, (r) => r.status === 404, 10_000);
  console.log(`withdrawn on both APIs, ${Math.abs(gone[0] - gone[1])} ms apart`);
  expect(Math.abs(gone[0] - gone[1])).toBeLessThanOrEqual(REPLICA_SKEW_MS);
  await settled();
  expect((await sameOnBoth(feed)).body).not.toContain('副本测试解读');
  expect((await sameOnBoth(channelFeed)).body).not.toContain(documentId);
}, 90_000);

it('counts a reader against one limit, whichever API answers', async () => {
  const flood = (base: string) => fetch(`${base}/sites`, { headers: { 'x-forwarded-for': '203.0.113.7' } }).then((r) => r.status);
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT; i += 1) statuses.push(await flood(both()[i % 2]));
  expect(statuses).toEqual(Array(LIMIT).fill(200));
  expect([await flood(stack.url), await flood(second.url)]).toEqual([429, 429]);
  expect((await read(second.url, '/sites')).status).toBe(200); // another reader is served
});

it('hands a new tag to the policy facets of the API that did not get the webhook within 5 s', async () => {
  const policyToken = await stack.token(['create', '--name', 'replicas-policy', '--channels', 'policy-match']);
  const facets = async () => JSON.stringify((await graphql({ ...stack, url: second.url }, policyToken, '{ policyFacets { dimension tags { id name } } }')).body);
  expect(await facets()).toContain('"tags"'); // its tag catalogue is read (again, in the background) now, and would be kept a minute
  await new Promise((r) => setTimeout(r, 1000));
  expect(await facets()).not.toContain('副本测试标签');
  const dimension = (await cm.list('api::tag-dimension.tag-dimension')).body.results[0].documentId;
  expect((await cm.create('api::tag.tag', { name: '副本测试标签', code: 'replica-test', dimension })).status).toBe(201);
  const started = Date.now();
  await waitFor('the new tag among the second API\'s facets', async () => (await facets()).includes('副本测试标签'), 5000, 50);
  console.log(`new tag in the other replica's facets in ${Date.now() - started} ms`);
});

it('reads no document again for a new tag, and when a department is renamed, its interpretation\'s page on both APIs says the new name', async () => {
  const refetches = async () => (await queues.ingest.getJobs(['completed', 'failed', 'waiting', 'prioritized', 'active', 'delayed'])).filter((j) => j.data?.reason === 'refetch').length;
  const ids = async (uid: string, codes: string[]) => ((await cm.list(uid)).body.results as any[]).filter((r) => codes.includes(r.code)).map((r) => r.documentId);
  const [department] = await ids('api::department.department', ['jx-gov-office']);
  const { body: policies } = await cm.list(POLICY_DOCUMENT, 'page=1&pageSize=1&populate=clauses');
  const policy = (await cm.get(POLICY_DOCUMENT, policies.results[0].documentId)).body.data;
  const slug = `${SLUG}-department`;
  const created = await cm.create(INTERPRETATION, {
    title: '副本测试部门改名', slug, digest: '部门改名', body: '正文第一段。', stage: 'office_signoff', department,
    keyPoints: [{ heading: '要点一', text: '内容一' }], qa: [{ question: '问题？', answer: '回答。' }],
    basis: [{ policy: policy.documentId, clauses: policy.clauses[0].number }],
    channels: await ids('api::channel.channel', ['web', 'feeds']), sites: await ids('api::site.site', ['juxian-portal']),
  });
  expect(created.status).toBe(201);
  expect((await cm.publish(INTERPRETATION, created.body.data.documentId)).status).toBe(200);
  const path = `/sites/juxian-portal/interpretations/${slug}.html`;
  await whenBoth(path, (r) => r.status === 200, 30_000);
  await settled();

  // The tag the test above made, and one more: past the reconciler's next rounds (every 5 s), nothing was read again.
  const dimension = (await cm.list('api::tag-dimension.tag-dimension')).body.results[0].documentId;
  expect((await cm.create('api::tag.tag', { name: '副本测试标签二', code: 'replica-test-2', dimension })).status).toBe(201);
  await new Promise((r) => setTimeout(r, 7000));
  expect(await refetches()).toBe(0);

  const { name } = (await cm.get('api::department.department', department)).body.data;
  expect((await read(stack.url, path).then((r) => r.text()))).toContain(name);
  const renamed = `${name}（改名测试）`;
  expect((await cm.update('api::department.department', department, { name: renamed })).status).toBe(200);
  try {
    const started = Date.now();
    await waitFor('the new name on both APIs\' page', async () => (await Promise.all(both().map((base) => read(base, path).then((r) => r.text())))).every((body) => body.includes(renamed)), 60_000, 250);
    console.log(`a renamed department on its interpretation's page on both APIs in ${Date.now() - started} ms`);
    expect(await refetches()).toBeGreaterThan(0); // read again, as background work
  } finally {
    await cm.update('api::department.department', department, { name });
  }
}, 120_000);

import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN } from '../support/cms';
import { waitFor } from '../support/processes';
import { deleteRedisPrefix, graphql, OPS_AUTH, startStack, waitForLive, type Stack } from '../support/stack';
import { adminLogin, contentManager } from '../support/strapi-api';
import { lostPublications, publishMany } from '../support/drill-kit';

/**
 * Nothing is lost: no webhook at all (the reconciler alone), a worker killed mid-work, Redis
 * losing every job, the publisher restarted while authors publish. The store is PostgreSQL here,
 * so the PostgreSQL dialect is proven end to end; publishing/publish-flow.ts runs on SQLite.
 */
const database = `tongyuan_pub_test_${process.pid}`;
const pgAdmin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
let stack: Stack;
let cm: ReturnType<typeof contentManager>;
let token: string;

beforeAll(async () => {
  await pgAdmin.connect();
  await pgAdmin.query(`DROP DATABASE IF EXISTS ${database}`);
  await pgAdmin.query(`CREATE DATABASE ${database}`);
  stack = await startStack({ webhook: false, publisherEnv: { RECONCILE_INTERVAL_MS: '1000' }, databaseUrl: `postgres://postgres@127.0.0.1:5432/${database}` });
  cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  token = await stack.token(['create', '--name', 'faults', '--channels', 'web,feeds']);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await pgAdmin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await pgAdmin.end();
});

it('publishes everything through the reconciler alone when no webhook arrives (within 30 s)', async () => {
  await waitFor('the demo content to be live', async () => (await lostPublications(stack, token)).length === 0, 30_000, 500);
  const started = Date.now();
  const [documentId] = await publishMany(cm, 'test-no-hook', 1);
  await waitForLive(stack, token, documentId, 'web', undefined, 90_000);
  expect(Date.now() - started).toBeLessThan(30_000);
});

it('recovers the jobs of a worker killed with SIGKILL mid-job, and serves no partial file', async () => {
  await stack.worker.stop('SIGKILL');
  const ids = await publishMany(cm, 'test-killed', 20);
  const { Queue } = await import('bullmq');
  const queues = ['ingest', 'render'].map((name) => new Queue(name, { connection: { host: '127.0.0.1', port: 6379 }, prefix: stack.env.QUEUE_PREFIX }));
  const active = async () => (await Promise.all(queues.map((q) => q.getActiveCount()))).reduce((a, b) => a + b, 0);
  try {
    await waitFor('the reconciler to queue the publications', async () => (await queues[0].getWaitingCount()) > 0, 15_000, 50);
    await stack.startWorker();
    await waitFor('the worker to be working', async () => (await active()) > 0, 20_000, 5);
    await stack.worker.stop('SIGKILL');
    // Jobs it held stay "active" with a lock nobody renews: the kill happened mid-job.
    expect(await active()).toBeGreaterThan(0);
    await stack.startWorker();
    for (const id of ids) await waitForLive(stack, token, id, 'web', undefined, 90_000);
    expect(await active()).toBe(0);
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
  const { body } = await graphql(stack, token, '{ channelFeed(channel: "web", first: 100) { edges { node { documentId artifacts { url sha256 size } } } } }');
  const killed = body.data.channelFeed.edges.filter((e: any) => ids.includes(e.node.documentId));
  expect(killed).toHaveLength(ids.length);
  for (const edge of killed) {
    for (const artifact of edge.node.artifacts) {
      const file = Buffer.from(await (await fetch(artifact.url)).arrayBuffer());
      expect(file.length).toBe(artifact.size);
      expect(createHash('sha256').update(file).digest('hex')).toBe(artifact.sha256);
    }
  }
}, 120_000);

it('loses nothing when Redis loses every job', async () => {
  await stack.worker.stop();
  const ids = await publishMany(cm, 'test-redis-lost', 3);
  await new Promise((r) => setTimeout(r, 1500)); // the reconciler queues them; then the queue vanishes
  expect(await deleteRedisPrefix(stack.env.QUEUE_PREFIX)).toBeGreaterThan(0);
  await stack.startWorker();
  for (const id of ids) await waitForLive(stack, token, id, 'web', undefined, 90_000);
  expect(await lostPublications(stack, token)).toEqual([]);
}, 90_000);

it('loses nothing when the publisher restarts while authors publish', async () => {
  const publishing = publishMany(cm, 'test-restart', 8);
  await new Promise((r) => setTimeout(r, 400));
  await stack.api.stop();
  await new Promise((r) => setTimeout(r, 1000));
  await stack.startApi();
  const ids = await publishing;
  for (const id of ids) await waitForLive(stack, token, id, 'web', undefined, 90_000);
  expect(await lostPublications(stack, token)).toEqual([]);
}, 90_000);

it('keeps questions, their hand-over to the CMS and the read counts on PostgreSQL too (the Q&A desk, the annual report)', async () => {
  const auth = { authorization: OPS_AUTH };
  const asked = await graphql(stack, token, 'mutation { askQuestion(site: "juxian-portal", body: "公众号读者：城乡居民医保什么时候开始缴费？", source: WEB) { receipt dueAt } }');
  const receipt = asked.body.data.askQuestion.receipt as string;
  const again = await graphql(stack, token, 'mutation { askQuestion(site: "juxian-portal", body: "公众号读者：城乡居民医保什么时候开始缴费？", source: WEB) { receipt duplicate } }');
  expect(again.body.data.askQuestion).toEqual({ receipt, duplicate: true });
  for (let i = 0; i < 2; i += 1) expect((await fetch(`${stack.url}/feeds/juxian-portal/interpretations.json`)).status).toBe(200);
  await waitFor('the question in the CMS', async () => {
    const list = (await cm.list('api::question.question', 'page=1&pageSize=100')).body.results as any[];
    return list.some((q) => q.receipt === receipt);
  }, 30_000, 300);
  const figures = await (await fetch(`${stack.url}/reports/annual.json?year=${new Date().getUTCFullYear()}`, { headers: auth })).json() as any;
  expect(figures.totals.feedPulls).toBeGreaterThanOrEqual(2);
  expect(figures.totals.questionsReceived).toBeGreaterThanOrEqual(1);
  const status = await (await fetch(`${stack.url}/status`, { headers: { ...auth, accept: 'application/json' } })).json() as any;
  expect(status.questions.undelivered).toBe(0);
}, 60_000);

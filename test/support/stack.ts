import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ADMIN, REPO, startCms, TEST_HOOK_SECRET, TEST_TOKEN, type Cms } from './cms';
import { createOperatorToken } from './operator-token';
import { freePort, startProcess, waitFor, type RunningProcess } from './processes';
import { adminLogin, contentManager, INTERPRETATION } from './strapi-api';

// `node --import tsx` runs the service in this one process, so a signal reaches the service itself.
const TSX = ['--import', 'tsx'];
export const OPS = { user: 'ops', password: 'ops-password-for-tests' };
/** The Authorization header for the staff pages (/status, /metrics, /reports). */
export const OPS_AUTH = `Basic ${Buffer.from(`${OPS.user}:${OPS.password}`).toString('base64')}`;

export interface Stack {
  cms: Cms;
  url: string;
  env: Record<string, string>;
  api: RunningProcess;
  worker: RunningProcess;
  startApi(): Promise<void>;
  startWorker(): Promise<void>;
  /** One more API or worker process on the same environment, `own` on top (an API replica needs its own PORT); stopped with the stack. */
  startReplica(entry: 'api.ts' | 'worker.ts', own?: Record<string, string>): RunningProcess;
  /** An operator token as `npm run token -- create …` makes it (test/support/operator-token.ts). */
  token(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** The CMS calls the publisher's webhook (default); false leaves only the reconciler. */
  webhook?: boolean;
  databaseUrl?: string;
  publisherEnv?: Record<string, string>;
  /** The worker's own on top of publisherEnv (e.g. fewer CHANNELS, so a test previews video channels without encoding the demo's videos). */
  workerEnv?: Record<string, string>;
  /** Extra CMS environment (e.g. CMS_SERVE_ADMIN: 'true' for tests that use the admin panel). */
  cmsEnv?: Record<string, string>;
  /** The host PUBLIC_URL names (default 127.0.0.1, the address tests use): 'localhost' makes it another origin than the one browsers open. */
  publicHost?: string;
  /** false: only the CMS and the environment; the test starts its own publisher processes (a fixture channel's). */
  publisher?: boolean;
  /**
   * Demo interpretations (by slug) unpublished in the CMS before the publisher starts, so it never renders them: a test
   * about one silent video or one programme need not encode every demo segment (each costs seconds of CPU).
   */
  unpublishDemo?: string[];
}

/** The real parts, each its own process: Strapi (temporary SQLite), the publisher API and one worker, on a Redis key prefix of their own. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-stack-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const cmsPort = await freePort();
  const cmsUrl = `http://127.0.0.1:${cmsPort}`;
  // The CMS boots while the publisher starts (each takes seconds, mostly loading modules): the publisher waits for the CMS as it does in production.
  const cmsStarting = startCms({
    port: cmsPort,
    env: { PUBLISHER_HOOK_URL: options.webhook === false ? '' : `${url}/hooks/strapi`, HOOK_SECRET: TEST_HOOK_SECRET, ...options.cmsEnv },
  });
  const env: Record<string, string> = {
    NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: options.publicHost ? `http://${options.publicHost}:${port}` : url, STRAPI_URL: cmsUrl, STRAPI_TOKEN: TEST_TOKEN,
    HOOK_SECRET: TEST_HOOK_SECRET, DATABASE_URL: options.databaseUrl ?? `file:${path.join(dir, 'publisher.db')}`,
    REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: `tytest-${randomBytes(4).toString('hex')}`,
    ARTIFACT_DIR: path.join(dir, 'artifacts'), JOB_LOCK_MS: '3000', JOB_BACKOFF_MS: '200',
    LOG_LEVEL: 'warn', ADMIN_USER: OPS.user, ADMIN_PASSWORD: OPS.password, WORKER_CONCURRENCY: '2',
    MEDIA_CACHE_DIR: path.join(dir, 'media'),
    // RECONCILE_INTERVAL_MS stays the production 5 s: webhooks carry every change here, and a round a second cost an
    // idle stack 2.9 CPU s a half-minute against 1.1 (the CMS answering the rounds). Tests about lost webhooks set 1 s.
    // Every test and benchmark reads pages from one address; only the rate-limit test is about the limit.
    RATE_LIMIT_PER_MINUTE: '0',
    // Video channels only where a test is about them: each demo segment costs seconds of encoding.
    CHANNELS: 'web,feeds',
    ...options.publisherEnv,
  };
  const part = (entry: string, own: Record<string, string> = {}) =>
    startProcess(process.execPath, [...TSX, path.join(REPO, 'publisher', 'src', 'main', entry)], { cwd: path.join(REPO, 'publisher'), env: { ...process.env, ...env, ...own } });

  const replicas: RunningProcess[] = [];
  const stack: Stack = {
    cms: undefined as unknown as Cms, url, env,
    api: undefined as unknown as RunningProcess,
    worker: undefined as unknown as RunningProcess,
    async startApi() {
      stack.api = part('api.ts');
      await waitFor('the publisher API', async () => {
        if (stack.api.child.exitCode !== null) throw new Error(`publisher exited:\n${stack.api.output().slice(-3000)}`);
        return (await fetch(`${url}/healthz`)).ok;
      }, 60_000, 200);
    },
    async startWorker() {
      stack.worker = part('worker.ts', options.workerEnv);
    },
    startReplica(entry, own = {}) {
      const replica = part(entry, { ...(entry === 'worker.ts' ? options.workerEnv : {}), ...own });
      replicas.push(replica);
      return replica;
    },
    token: (args) => createOperatorToken(env.DATABASE_URL, args),
    async stop() {
      await Promise.all([stack.worker?.stop(), stack.api?.stop(), ...replicas.map((r) => r.stop())]);
      await stack.cms?.stop();
      await deleteRedisPrefix(env.QUEUE_PREFIX);
      // The store, artifacts and media cache, and the CMS's temporary database (a run of the suite left 4.7 GB in /tmp).
      for (const leftover of [dir, stack.cms?.dataDir]) if (leftover) rmSync(leftover, { recursive: true, force: true });
    },
  };
  // Left out of the demo first, then the publisher: its reconciler reads what is published when it starts.
  const startPublisher = () => (options.publisher === false ? Promise.resolve() : stack.startApi().then(() => stack.startWorker()));
  const publisherStarting = options.unpublishDemo?.length ? cmsStarting.then((cms) => unpublishDemo(cms.url, options.unpublishDemo!)).then(startPublisher) : startPublisher();
  const [cms, publisher] = await Promise.allSettled([cmsStarting, publisherStarting]);
  if (cms.status === 'fulfilled') stack.cms = cms.value;
  if (cms.status === 'rejected' || publisher.status === 'rejected') {
    await stack.stop().catch(() => undefined);
    throw cms.status === 'rejected' ? cms.reason : (publisher as PromiseRejectedResult).reason;
  }
  return stack;
}

/** The demo interpretations (slugs) that target a channel, from the demo content the CMS loads. */
export function demoInterpretationsOn(channel: string): string[] {
  const demo = JSON.parse(readFileSync(path.join(REPO, 'cms', 'src', 'seed', 'demo-content.json'), 'utf8')) as { interpretations: Array<{ slug: string; channels: string[] }> };
  return demo.interpretations.filter((i) => i.channels.includes(channel)).map((i) => i.slug);
}

/** Unpublishes demo interpretations by slug, as an editor does in the admin; a slug not in the demo is an error. */
async function unpublishDemo(cmsUrl: string, slugs: string[]) {
  const cm = contentManager(cmsUrl, await adminLogin(cmsUrl, ADMIN.email, ADMIN.password));
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  for (const slug of slugs) {
    const doc = (body.results as Array<{ slug: string; documentId: string }>).find((d) => d.slug === slug);
    if (!doc) throw new Error(`no demo interpretation ${slug} to unpublish`);
    const { status } = await cm.unpublish(INTERPRETATION, doc.documentId);
    if (status !== 200) throw new Error(`could not unpublish ${slug}: ${status}`);
  }
}

/** Removes every Redis key of one stack (tests share the machine's Redis, so never FLUSHALL). */
export async function deleteRedisPrefix(prefix: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const redis = new Redis('redis://127.0.0.1:6379');
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}

/** GraphQL as an operator. */
export async function graphql(stack: Stack, token: string | null, query: string, variables: object = {}) {
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Waits until a document is live on a channel (per the operators' own API) and returns its publication. */
export async function waitForLive(stack: Stack, token: string, documentId: string, channel: string, revision?: string, timeoutMs = 60_000) {
  return waitFor(`${documentId} live on ${channel}`, async () => {
    const { body } = await graphql(stack, token, 'query($id: ID!) { publication(documentId: $id) { latestRevision channels { channel status liveRevision } } }', { id: documentId });
    const channelStatus = body.data?.publication?.channels.find((c: any) => c.channel === channel);
    const ok = channelStatus?.status === 'LIVE' && (!revision || channelStatus.liveRevision === revision);
    return ok ? body.data.publication : undefined;
  }, timeoutMs, 100);
}

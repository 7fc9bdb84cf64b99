import { randomBytes } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { deleteRedisPrefix } from '../../../test/support/stack';
import { parseConfig } from '../config';
import { Queues, QUEUE_NAMES, redisConnection } from './queues';

/**
 * The requests that stand for "run this once more" (the reels' run with its validity announcements, policy push,
 * the question sweep, the inspection): requests collapse while one waits, and one made while a run is under way
 * is kept for after it — a change a clerk makes during a run must not wait for the next scheduled sweep.
 * Real Redis, real BullMQ workers.
 */
const prefix = `tytest-${randomBytes(4).toString('hex')}`;
const config = parseConfig({ ...process.env, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix, STRAPI_TOKEN: 'unused-token-of-length', HOOK_SECRET: 'unused-secret-of-length' });
let queues: Queues;
const workers: Worker[] = [];

beforeAll(() => { queues = new Queues(config); });
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await queues.close();
  await deleteRedisPrefix(prefix);
});

/** A worker on `queue` whose first run waits until `release` is called; every run's data is recorded. */
function blockingWorker(queue: string) {
  const runs: unknown[] = [];
  let release!: () => void;
  const firstRunHeld = new Promise<void>((resolve) => { release = resolve; });
  let started!: () => void;
  const firstRunStarted = new Promise<void>((resolve) => { started = resolve; });
  const worker = new Worker(queue, async (job: Job) => {
    runs.push(job.data);
    if (runs.length === 1) { started(); await firstRunHeld; }
  }, { connection: redisConnection(config.REDIS_URL), prefix, concurrency: 1 });
  workers.push(worker);
  return { runs, release, firstRunStarted };
}

const settle = async (runs: unknown[], count: number) => {
  const until = Date.now() + 10_000;
  while (runs.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 300)); // a run too many would have started by now
};

const cases: Array<[string, string, (q: Queues, reason: string) => Promise<void>]> = [
  ['the reels\' run (validity announcements)', QUEUE_NAMES.reels, (q, reason) => q.requestReels(reason)],
  ['policy push', QUEUE_NAMES.policyPush, (q, reason) => q.requestPolicyPush(reason)],
  ['the question sweep', QUEUE_NAMES.questions, (q) => q.requestQuestionSweep()],
  ['the inspection', QUEUE_NAMES.inspection, (q, reason) => q.requestInspection(reason)],
];

describe.each(cases)('a request for %s', (_what, queue, request) => {
  it('made while a run is under way runs once more after it; requests while that one waits collapse into it', async () => {
    const { runs, release, firstRunStarted } = blockingWorker(queue);
    await request(queues, 'first');
    await firstRunStarted;
    await request(queues, 'during the run');
    await request(queues, 'during the run, again');
    release();
    await settle(runs, 2);
    expect(runs).toHaveLength(2);
    await request(queues, 'after both');
    await settle(runs, 3);
    expect(runs).toHaveLength(3);
  });
});

/** A worker on `queue`, one job at a time, recording each job's data in the order taken; started after the jobs are queued. */
function recordingWorker<T>(queue: string, key: (data: T) => string) {
  const taken: string[] = [];
  const worker = new Worker(queue, async (job: Job) => { taken.push(key(job.data as T)); }, { connection: redisConnection(config.REDIS_URL), prefix, concurrency: 1 });
  workers.push(worker);
  return taken;
}

describe('a clerk\'s publish while every document is being read again (a tag renamed) or republished', () => {
  it('is read from the CMS before the queued re-reads, and none of them is lost', async () => {
    for (let i = 0; i < 40; i += 1) await queues.enqueueIngest('interpretation', `old${i}`, `v1.r${i}`, 'refetch');
    await queues.enqueueRepublish([{ kind: 'interpretation', documentId: 'again' }], 'b1', { publishedBy: 'operator' });
    await queues.enqueueIngest('interpretation', 'fresh', 'entry.publish.1', 'webhook');
    const taken = recordingWorker<{ documentId: string }>(QUEUE_NAMES.ingest, (d) => d.documentId);
    await settle(taken, 42);
    expect(taken[0]).toBe('fresh');
    expect(new Set(taken).size).toBe(42); // every re-read still runs, after it
    expect(taken.slice(1, 41)).toEqual(Array.from({ length: 40 }, (_, i) => `old${i}`)); // in the order queued
  });

  it('has its renders taken before the renders a re-read planned', async () => {
    for (let i = 0; i < 20; i += 1) await queues.enqueueRevision(`old${i}`, `hash${i}`.padEnd(16, '0'), [{ channel: 'web', generation: 0 }], { background: true });
    await queues.enqueueRevision('fresh', 'freshhash'.padEnd(16, '0'), [{ channel: 'web', generation: 0 }]);
    const taken = recordingWorker<{ documentId: string }>(QUEUE_NAMES.render, (d) => d.documentId);
    await settle(taken, 21);
    expect(taken[0]).toBe('fresh');
    expect(taken).toHaveLength(21);
  });
});

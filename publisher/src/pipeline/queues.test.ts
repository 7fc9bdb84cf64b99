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

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '../logger';
import { ReconcileLease } from './reconcile-lease';

/** One reconciler at a time, on the machine's real Redis: a key of this test's own, removed afterwards. */
const key = `tytest-lease-${randomBytes(4).toString('hex')}:reconciler`;
const logger = createLogger('silent', 'test');
const connections: Redis[] = [];
const connect = () => {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  connections.push(redis);
  return redis;
};
const leases: ReconcileLease[] = [];
const lease = (redis: Redis, ms = 600) => {
  const made = new ReconcileLease(redis, key, ms, logger);
  leases.push(made);
  return made;
};
const ready = (redis: Redis) => new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  await Promise.all(leases.map((l) => l.release().catch(() => undefined)));
  const cleanup = connect();
  await ready(cleanup);
  await cleanup.del(key, `${key}:refetch-all`);
  for (const redis of connections) redis.disconnect();
});

it('lets one of two processes hold it, renews it past its length, and hands it over at once on release', async () => {
  const [one, two] = [connect(), connect()];
  await Promise.all([ready(one), ready(two)]);
  const [a, b] = [lease(one), lease(two)];
  expect(await a.hold()).toBe(true);
  expect(await b.hold()).toBe(false);
  await pause(1500); // two and a half lease lengths: the holder's background renewal keeps it
  expect(a.held).toBe(true);
  expect(await b.hold()).toBe(false);
  expect(await a.hold()).toBe(true);
  expect(a.term).toBe(1); // renewing is not a new term
  await a.release();
  expect(a.held).toBe(false);
  expect(await b.hold()).toBe(true);
  expect(await a.hold()).toBe(false);
  await b.release();
});

it('passes to another process once a holder that died stops renewing, and its old holder knows it lost it', async () => {
  const [one, two] = [connect(), connect()];
  await Promise.all([ready(one), ready(two)]);
  const [a, b] = [lease(one), lease(two)];
  expect(await a.hold()).toBe(true);
  one.disconnect(); // the holder's process is gone as far as Redis can tell
  expect(await b.hold()).toBe(false);
  await pause(700);
  expect(a.held).toBe(false); // by its own clock it no longer acts
  expect(await b.hold()).toBe(true);
  await b.release();
});

it('starts a new term when the key vanished under its holder (Redis restarted empty), and carries a refetch request across processes', async () => {
  const [one, two] = [connect(), connect()];
  await Promise.all([ready(one), ready(two)]);
  const [a, b] = [lease(one, 5000), lease(two, 5000)];
  expect(await a.hold()).toBe(true);
  const term = a.term;
  await two.del(key);
  expect(await a.hold()).toBe(true);
  expect(a.term).toBe(term + 1);
  expect(await b.hold()).toBe(false);
  await b.requestRefetchAll();
  expect(await a.takeRefetchAll()).toBe(true);
  expect(await a.takeRefetchAll()).toBe(false);
  await a.release();
});

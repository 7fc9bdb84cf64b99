import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { PublisherError } from '../errors';
import { RegistrationAllowance } from './allowance';

/**
 * Registration's rate limit per address (as the question form's), on the machine's real Redis:
 * REGISTRATION_LIMIT_PER_HOUR tries from one address, then a refusal in Chinese saying when to
 * come back; another address is counted apart, and two API processes share one count.
 */
const prefix = `tytest-allowance-${randomBytes(4).toString('hex')}`;
const config = { QUEUE_PREFIX: prefix, REGISTRATION_LIMIT_PER_HOUR: 3 };
const connections: Redis[] = [];
const connect = () => {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  connections.push(redis);
  return redis;
};

afterAll(async () => {
  const redis = connections[0] ?? connect();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  for (const connection of connections) connection.disconnect();
});

it('lets an address register REGISTRATION_LIMIT_PER_HOUR times an hour, counted across processes, then refuses in Chinese', async () => {
  const [one, two] = [new RegistrationAllowance(config, connect()), new RegistrationAllowance(config, connect())];
  await one.allow('address-a');
  await two.allow('address-a'); // another API process: the same count
  await one.allow('address-a');
  const refused = await one.allow('address-a').then(() => null, (error: unknown) => error);
  expect(refused).toBeInstanceOf(PublisherError);
  expect(refused).toMatchObject({ code: 'QUESTION_FLOOD', status: 429 });
  expect((refused as PublisherError).message).toMatch(/^报名过于频繁（同一网络每小时最多 3 次）：请 \d+ 分钟后再试/);
  expect((refused as PublisherError).details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
  await expect(two.allow('address-a')).rejects.toBeInstanceOf(PublisherError);
  // Another address has its own allowance.
  await expect(two.allow('address-b')).resolves.toBeUndefined();
});

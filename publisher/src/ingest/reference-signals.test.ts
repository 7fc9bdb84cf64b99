import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { COUNTER_CONNECTION } from '../questions/spam-guard';
import { ReferenceSignals, type ReferenceChange } from './reference-signals';

/** Two "processes" on the machine's real Redis, each with its own counters connection, on a channel of this test's own. */
const channel = `tytest-signals-${randomBytes(4).toString('hex')}:reference-changes`;
const warnings: string[] = [];
const logger = { warn: (_: object, message: string) => void warnings.push(message), info: () => undefined } as unknown as Pick<Logger, 'warn' | 'info'>;
const opened: Array<{ counters: Redis; signals: ReferenceSignals }> = [];

async function aProcess(url = 'redis://127.0.0.1:6379') {
  const counters = new Redis(url, COUNTER_CONNECTION);
  counters.on('error', () => undefined);
  await counters.connect().catch(() => undefined);
  const applied: ReferenceChange[] = [];
  const signals = new ReferenceSignals(counters, channel, {
    reference: () => applied.push('reference'), norms: () => applied.push('norms'), holidays: () => applied.push('holidays'),
  }, logger);
  opened.push({ counters, signals });
  return { counters, signals, applied };
}
const until = async (what: () => boolean, ms = 2000) => {
  for (const deadline = Date.now() + ms; !what(); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

afterAll(async () => {
  for (const { counters, signals } of opened) {
    await signals.close();
    counters.disconnect();
  }
});

it('applies a change in the announcing process at once and in every other one once', async () => {
  const [one, two, three] = [await aProcess(), await aProcess(), await aProcess()];
  await Promise.all([one, two, three].map((p) => p.signals.listen()));
  await one.signals.announce('norms');
  expect(one.applied).toEqual(['norms']);
  await until(() => two.applied.length > 0 && three.applied.length > 0);
  await two.signals.announce('holidays');
  await until(() => one.applied.length === 2 && three.applied.length === 2);
  await new Promise((r) => setTimeout(r, 100)); // an echo of its own message would arrive by now
  expect([one.applied, two.applied, three.applied]).toEqual([['norms', 'holidays'], ['norms', 'holidays'], ['norms', 'holidays']]);
});

it('forgets every copy when its subscriber connection comes back (a message may have been missed meanwhile)', async () => {
  const one = await aProcess();
  await one.signals.listen();
  const admin = new Redis('redis://127.0.0.1:6379');
  try {
    const clients = (await admin.client('LIST')) as string;
    const ids = clients.split('\n').filter((line) => line.includes(` name=${channel} `)).map((line) => /\bid=(\d+)/.exec(line)![1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) await admin.client('KILL', 'ID', id);
    await until(() => one.applied.length === 3, 5000);
    expect([...one.applied].sort()).toEqual(['holidays', 'norms', 'reference']);
  } finally {
    admin.disconnect();
  }
});

it('without Redis: applies here, says so, and neither listening nor closing waits for it', async () => {
  const away = await aProcess('redis://127.0.0.1:1');
  const started = Date.now();
  await away.signals.listen();
  await away.signals.announce('reference');
  expect(away.applied).toEqual(['reference']);
  expect(warnings.some((w) => w.includes('Redis 不可用'))).toBe(true);
  await away.signals.close();
  expect(Date.now() - started).toBeLessThan(3000);
});

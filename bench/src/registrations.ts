import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDb } from '../../publisher/src/store/db';
import { RegistrationStore } from '../../publisher/src/store/registrations';
import { REPO, TEST_HOOK_SECRET } from '../../test/support/cms';
import { openEventFixture, putLiveEvent } from '../../test/support/open-event-fixture';
import { freePort, startProcess, waitFor, type RunningProcess } from '../../test/support/processes';
import { solvedProof } from '../../test/support/proof-of-work';
import { deleteRedisPrefix } from '../../test/support/stack';
import { percentile, type Figure } from './report';
import { informative, judged } from './verdict';

/**
 * A popular open event opens (issue 20): 5,000 registrations within 10 s for 50 seats, each from
 * its own address (X-Forwarded-For through the trusted local proxy, as behind the load balancer),
 * the proof of work solved beforehand by the load generator (checking one costs the server the same
 * whatever its difficulty, so the bench sets the lowest), each having opened the form first as a browser does. The publisher API runs alone on its store
 * (no CMS: the event is written into the store as live), on SQLite and on PostgreSQL; beside it the
 * same load against a naive "count then insert" handler on each; then sustained registrations per
 * second against the open month's average (7 million registrations in 31 days ≈ 2.6/s).
 * BENCH_API_NODE_ARGS passes options to the API's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it).
 */
const SITE = { code: 'bench-site', name: '压测站点' };
const OPEN_MONTH_PER_SECOND = 7_000_000 / (31 * 86_400);
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const form = (i: number, proof: string) => new URLSearchParams({ name: `压测${i}`, phone: `13${String(100_000_000 + i)}`, group: '学生', altcha: proof, website: '' }).toString();
const statusText = (s: Map<number, number>) => [...s].map(([code, n]) => `${code}×${n}`).join(' ');

interface Run { seconds: number; times: number[]; statuses: Map<number, number>; errors: number }

async function startApi(databaseUrl: string, dir: string, prefix: string): Promise<{ url: string; process: RunningProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const api = startProcess(process.execPath, [...(process.env.BENCH_API_NODE_ARGS?.split(' ') ?? []), '--import', 'tsx', path.join(REPO, 'publisher', 'src', 'main', 'api.ts')], {
    cwd: path.join(REPO, 'publisher'),
    env: {
      ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, STRAPI_URL: 'http://127.0.0.1:9', STRAPI_TOKEN: 'no-cms-in-this-benchmark',
      HOOK_SECRET: TEST_HOOK_SECRET, DATABASE_URL: databaseUrl, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix,
      ARTIFACT_DIR: path.join(dir, 'artifacts'), MEDIA_CACHE_DIR: path.join(dir, 'media'), LOG_LEVEL: 'error', CHANNELS: 'web,feeds',
      RECONCILE_INTERVAL_MS: '600000', QUESTION_POW_MAX_NUMBER: '100',
    },
  });
  await waitFor('the publisher API', async () => {
    if (api.child.exitCode !== null) throw new Error(`publisher exited:\n${api.output().slice(-3000)}`);
    return (await fetch(`${url}/healthz`).catch(() => null))?.ok;
  }, 60_000, 200);
  return { url, process: api };
}

/** What each registrant's browser does before the rush: opens the form (seats left), fetches the challenge and solves it. */
async function proofs(url: string, formPath: string, count: number, offset: number): Promise<string[]> {
  const solved: string[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < count) {
      const i = next++;
      const headers = { 'x-forwarded-for': address(offset + i) };
      if (!(await fetch(`${url}${formPath}`, { headers })).ok) throw new Error('the registration form did not open');
      solved[i] = await solvedProof(await (await fetch(`${url}/questions/challenge`, { headers })).json());
    }
  }));
  return solved;
}

function load(url: string, bodies: string[], offset: number, options: { connections: number; rate?: number }): Promise<Run> {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url, connections: options.connections, amount: bodies.length, overallRate: options.rate, timeout: 10,
      requests: [{
        setupRequest: (request) => {
          const i = next++;
          return { ...request, method: 'POST', body: bodies[i], headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address(offset + i) } };
        },
      }],
    }, (error, result) => (error ? reject(error) : resolve({ seconds: (Date.now() - started) / 1000, times, statuses, errors: result.errors + result.timeouts })));
    instance.on('response', (_c: unknown, status: number, _b: number, responseTime: number) => {
      times.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
}

/** The rush on the publisher with one store, judged from what the store holds afterwards. */
async function rush(label: string, databaseUrl: string, dir: string, total: number): Promise<{ figure: Figure; bodies: string[] }> {
  const event = openEventFixture('bench-rush', { capacity: 50, sites: [{ ...SITE, kind: 'portal' }] });
  await putLiveEvent(databaseUrl, event, SITE);
  const prefix = `tybench-reg-${process.pid}-${label}`;
  const api = await startApi(databaseUrl, dir, prefix);
  try {
    console.log(`  ${label}：预先完成 ${total} 个防刷验证，再在 10 秒内提交…`);
    const formPath = `/sites/${SITE.code}/events/${event.documentId}/register`;
    const bodies = (await proofs(api.url, formPath, total, 0)).map((p, i) => form(i, p));
    const run = await load(`${api.url}${formPath}`, bodies, 0, { connections: 100, rate: total / 10 });
    const db = createDb(databaseUrl);
    const rows = await new RegistrationStore(db).ofEvent(event.documentId);
    await db.destroy();
    const created = run.statuses.get(201) ?? 0;
    const confirmed = rows.filter((r) => r.status === 'confirmed');
    const lost = created - rows.length;
    const double = Math.max(0, confirmed.length - 50) + (rows.length - new Set(rows.map((r) => r.phone)).size);
    // Arrival order: the seats went to arrivals 1–50, the waiting list is 51… with no gap.
    const outOfOrder = confirmed.filter((r) => r.arrival > 50).length + rows.filter((r, i) => r.arrival !== i + 1).length;
    const p99 = percentile(run.times, 99);
    const figures = { confirmed: confirmed.length, lost, 'double bookings': double, 'out of order': outOfOrder, 'non-201': total - created + run.errors, p99 };
    return {
      bodies,
      figure: judged({
        name: `开放活动报名（${label}）：${total} 人 10 s 内抢 50 个名额，每人一个地址，防刷验证已预先完成`,
        goal: [
          { figure: 'confirmed', is: '=', limit: 50 }, { figure: 'lost', is: '=', limit: 0 }, { figure: 'double bookings', is: '=', limit: 0 },
          { figure: 'out of order', is: '=', limit: 0 }, { figure: 'non-201', is: '=', limit: 0 }, { figure: 'p99', is: '≤', limit: 500, unit: ' ms' },
        ],
        figures,
        measured: `confirmed ${confirmed.length}, waitlisted ${rows.length - confirmed.length}, lost ${lost}, double bookings ${double}, out of order ${outOfOrder}, ` +
          `non-201 ${figures['non-201']} (${statusText(run.statuses)}), p50 ${Math.round(percentile(run.times, 50))} ms, p99 ${Math.round(p99)} ms, sent in ${run.seconds.toFixed(1)} s`,
        raw: { total, statuses: Object.fromEntries(run.statuses), seconds: run.seconds },
      }),
    };
  } finally {
    await api.process.stop();
    await deleteRedisPrefix(prefix);
  }
}

/** The same bodies against the naive handler on the same kind of store: how many seats it gives away. */
async function naive(label: string, databaseUrl: string, bodies: string[]): Promise<Figure> {
  const port = await freePort();
  const server = startProcess(process.execPath, ['--import', 'tsx', path.join(__dirname, 'naive-registration.ts'), databaseUrl, String(port), '50'], { cwd: REPO, env: process.env });
  try {
    await waitFor('the naive handler', async () => server.output().includes('listening') || (server.child.exitCode !== null && Promise.reject(new Error(server.output()))), 30_000, 100);
    const run = await load(`http://127.0.0.1:${port}/register`, bodies, 0, { connections: 100, rate: bodies.length / 10 });
    const db = createDb(databaseUrl);
    const row = await db.selectFrom('naive_registrations' as never).select((e) => e.fn.countAll<number>().as('n')).where('status' as never, '=', 'confirmed' as never).executeTakeFirstOrThrow();
    await db.destroy();
    const confirmed = Number((row as { n: number }).n);
    return informative({
      name: `对照：朴素的“先数再插”报名处理（${label}），同样的负载`,
      measured: `confirmed ${confirmed} for 50 seats (overbooked by ${Math.max(0, confirmed - 50)}), ${statusText(run.statuses)}, p99 ${Math.round(percentile(run.times, 99))} ms`,
      ratio: `${(confirmed / 50).toFixed(1)}× the seats`,
      raw: { confirmed, statuses: Object.fromEntries(run.statuses) },
    });
  } finally {
    await server.stop();
  }
}

async function sustained(databaseUrl: string, dir: string, total: number): Promise<Figure> {
  const event = openEventFixture('bench-sustained', { capacity: 1000, sites: [{ ...SITE, kind: 'portal' }] });
  await putLiveEvent(databaseUrl, event, SITE);
  const prefix = `tybench-reg-${process.pid}-sustained`;
  const api = await startApi(databaseUrl, dir, prefix);
  try {
    console.log(`  持续报名：预先完成 ${total} 个防刷验证，50 个连接尽快提交…`);
    const formPath = `/sites/${SITE.code}/events/${event.documentId}/register`;
    const bodies = (await proofs(api.url, formPath, total, 100_000)).map((p, i) => form(100_000 + i, p));
    const run = await load(`${api.url}${formPath}`, bodies, 100_000, { connections: 50 });
    const perSecond = (run.statuses.get(201) ?? 0) / run.seconds;
    return judged({
      name: `持续报名吞吐量（SQLite，50 个连接，${total} 人各一个地址）对比开放月平均（7,000,000 人 / 31 天 ≈ ${OPEN_MONTH_PER_SECOND.toFixed(1)} 人/秒）`,
      goal: [{ figure: 'reg/s', is: '≥', limit: 3 }, { figure: 'non-201', is: '=', limit: 0 }],
      figures: { 'reg/s': Math.round(perSecond), 'non-201': total - (run.statuses.get(201) ?? 0) + run.errors },
      measured: `reg/s ${Math.round(perSecond)}, p50 ${Math.round(percentile(run.times, 50))} ms, p99 ${Math.round(percentile(run.times, 99))} ms, ${statusText(run.statuses)}`,
      ratio: `${Math.round(perSecond / OPEN_MONTH_PER_SECOND)}× the open-month average`,
      raw: { total, seconds: run.seconds },
    });
  } finally {
    await api.process.stop();
    await deleteRedisPrefix(prefix);
  }
}

export async function measureRegistrations(quick: boolean): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-registrations-'));
  const total = quick ? 1000 : 5000;
  const figures: Figure[] = [];
  const sqlite = await rush('SQLite', `file:${path.join(dir, 'publisher.db')}`, dir, total);
  figures.push(sqlite.figure, await naive('SQLite', `file:${path.join(dir, 'naive.db')}`, sqlite.bodies));
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const databases = [`tybench_reg_${process.pid}`, `tybench_naive_${process.pid}`];
  try {
    for (const name of databases) await admin.query(`create database ${name}`);
    const postgres = await rush('PostgreSQL', PG_ADMIN.replace(/postgres$/, databases[0]), dir, total);
    figures.push(postgres.figure, await naive('PostgreSQL', PG_ADMIN.replace(/postgres$/, databases[1]), postgres.bodies));
  } finally {
    for (const name of databases) await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
  figures.push(await sustained(`file:${path.join(dir, 'sustained.db')}`, dir, quick ? 1500 : 5000));
  return figures;
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import { payeeKeyOf } from '../../publisher/src/funds/import-payments';
import { CountyPlacesCopy } from '../../publisher/src/store/county-places-copy';
import { createDb, migrate, type Db } from '../../publisher/src/store/db';
import { FundStore } from '../../publisher/src/store/funds';
import { REPO } from '../../test/support/cms';
import { freePort, startProcess, waitFor } from '../../test/support/processes';
import { solvedProof } from '../../test/support/proof-of-work';
import { deleteRedisPrefix } from '../../test/support/stack';
import { COUNTY, funds, makeIds, SECRET, villages } from './fund-import';
import { load, startCaddy, type Run } from './lookup-load';
import { percentile, type Figure } from './report';
import { informative, judged } from './verdict';

/**
 * 民生资金公开 at 10 million payment rows (issue 21): a household's own lookup (name + ID number, a
 * proof of work, the allowances, the payee index) and a village page (its per-fund totals and its
 * first 100 masked payments) through the publisher API, p95 at 20 connections, on SQLite and on
 * PostgreSQL. Rows are generated in the database (a sheet of 10 million would take the import's
 * minutes, measured on its own in fund-import.ts): 1,000,000 households, 10 payments each; 2,000 of
 * them have real ID numbers and names, the lookups' targets. Beside it: the same village's totals
 * summed from its payment rows on each request, as a page without the per-place sums would.
 */
const SITE = { code: 'bench-site', name: '压测县政府门户网站' };
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const HOUSEHOLDS = 1_000_000;
const TARGETS = 2_000;
const CONNECTIONS = 20;
/** Lookups per measured run, and answered unmeasured before it by each process (see warmLookups). */
const LOOKUPS = 6000;
const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const nameOf = (h: number) => `杨${'一二三四五六七八九十'[h % 10]}${'春夏秋冬'[h % 4]}`;

/** The rows, made by the database itself: row g pays household g % 1,000,000 from fund g % 196 in village g % 243. */
async function generate(db: Db, postgres: boolean, rows: number): Promise<string[]> {
  await migrate(db);
  const store = new FundStore(db);
  await store.replaceVillages(COUNTY, villages);
  await store.putFunds(COUNTY, funds);
  const batch = await store.createBatch({ kind: 'payments', county: COUNTY, title: '基准：一千万行', file_name: 'generated', replaces: null, correction_note: null, created_at: new Date().toISOString() });
  await sql`create temporary table bench_places (i integer primary key, township text, village text)`.execute(db);
  await sql`create temporary table bench_funds (i integer primary key, name text)`.execute(db);
  for (const [i, v] of villages.entries()) await sql`insert into bench_places values (${i}, ${v.township}, ${v.village})`.execute(db);
  for (const [i, f] of funds.entries()) await sql`insert into bench_funds values (${i}, ${f.name})`.execute(db);
  // Indexes are made after the rows (a bulk load's usual order); the service's own import keeps them, see fund-import.ts.
  await sql`drop index fund_payments_village_rows`.execute(db);
  await sql`drop index fund_payments_payee`.execute(db);
  const series = postgres ? sql`generate_series(0, ${rows - 1}) as s(g)` : sql`(with recursive s(g) as (select 0 union all select g + 1 from s where g < ${rows - 1}) select g from s) as s`;
  const hex = postgres ? sql`lpad(to_hex(s.g % ${HOUSEHOLDS}), 32, '0')` : sql`printf('%032x', s.g % ${HOUSEHOLDS})`;
  await sql`insert into fund_payments (batch_id, row_number, fund, township, village, payee_name, id_number, payee_key, amount_fen, paid_on, item)
    select ${batch}, s.g + 2, f.name, p.township, p.village, '张某某', ${postgres ? sql`lpad((s.g % ${HOUSEHOLDS})::text, 18, '0')` : sql`printf('%018d', s.g % ${HOUSEHOLDS})`},
      ${hex}, 12000 + (s.g % 38000), '2026-' || ${postgres ? sql`lpad((1 + s.g % 12)::text, 2, '0')` : sql`printf('%02d', 1 + s.g % 12)`} || '-15', '2026年度补贴'
    from ${series} join bench_funds f on f.i = s.g % ${funds.length} join bench_places p on p.i = s.g % ${villages.length}`.execute(db);
  await sql`create index fund_payments_village_rows on fund_payments (batch_id, township, village, row_number)`.execute(db);
  await sql`create index fund_payments_payee on fund_payments (payee_key)`.execute(db);
  // The lookups' households get real ID numbers, names and keys.
  const ids = makeIds(TARGETS);
  for (let h = 0; h < TARGETS; h += 1) {
    await sql`update fund_payments set payee_name = ${nameOf(h)}, id_number = ${ids[h]}, payee_key = ${payeeKeyOf(SECRET, ids[h])} where payee_key = ${h.toString(16).padStart(32, '0')}`.execute(db);
  }
  // Settled before measuring, as a store that has held its rows for months is: PostgreSQL vacuumed (otherwise its
  // autovacuum walks the 10 million new rows during the measurement) and SQLite's WAL folded into the file.
  if (postgres) await sql`vacuum analyze fund_payments`.execute(db);
  else {
    await sql`analyze`.execute(db);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  }
  const total = await sql<{ total: number }>`select sum(amount_fen) as total from fund_payments where batch_id = ${batch}`.execute(db);
  await store.stageBatch(batch, rows, Number(total.rows[0].total));
  await store.goLive(batch, new Date().toISOString());
  await new CountyPlacesCopy(db).save({ counties: [{ code: COUNTY, name: '会同县' }], departments: new Map(), sites: new Map([[SITE.code, COUNTY]]), terminals: new Map(), terminalTownships: new Map() }, new Date().toISOString());
  await db.insertInto('listings' as never).values({ channel: 'web', site: SITE.code, site_name: SITE.name, col: 'policies', document_id: 'bench-listing', sort_at: new Date().toISOString() } as never).execute();
  return ids;
}

async function startApi(databaseUrl: string, prefix: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-lookup-'));
  const api = startProcess(process.execPath, ['--import', 'tsx', path.join(REPO, 'publisher', 'src', 'main', 'api.ts')], {
    cwd: path.join(REPO, 'publisher'),
    env: {
      ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, STRAPI_URL: 'http://127.0.0.1:9', STRAPI_TOKEN: 'no-cms-in-this-benchmark',
      HOOK_SECRET: SECRET, DATABASE_URL: databaseUrl, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix, ARTIFACT_DIR: path.join(dir, 'artifacts'),
      MEDIA_CACHE_DIR: path.join(dir, 'media'), LOG_LEVEL: 'error', CHANNELS: 'web,feeds', RECONCILE_INTERVAL_MS: '600000', QUESTION_POW_MAX_NUMBER: '100',
      RATE_LIMIT_PER_MINUTE: '0', FUND_LOOKUP_LIMIT_PER_HOUR: '1000000', FUND_LOOKUP_COUNTY_PER_MINUTE: '1000000',
    },
  });
  const stop = async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  await waitFor('the publisher API', async () => {
    if (api.child.exitCode !== null) throw new Error(`publisher exited:\n${api.output().slice(-3000)}`);
    return (await fetch(`${url}/healthz`).catch(() => null))?.ok;
  }, 60_000, 200).catch(async (error) => {
    await stop();
    throw error;
  });
  return { url, stop };
}

const villagePath = (i: number) => {
  const v = villages[(i * 7919) % villages.length];
  return `/sites/${SITE.code}/funds/townships/${encodeURIComponent(v.township)}/${encodeURIComponent(v.village)}`;
};

/** The lookups' requests: each its own address, and a proof of work fetched and solved beforehand (each good once). */
async function lookupsFrom(url: string, count: number, targets: string[]) {
  const proofs: string[] = [];
  for (let i = 0; i < count; i += 1) proofs.push(await solvedProof(await (await fetch(`${url}/questions/challenge`)).json()));
  return (i: number) => {
    const h = (i * 31) % TARGETS;
    return { path: `/sites/${SITE.code}/funds/lookup`, from: address(100_000 + i), body: new URLSearchParams({ name: nameOf(h), idNumber: targets[h], altcha: proofs[i] }).toString() };
  };
}

/**
 * One API process: the village page and the lookup. Then the lookup again with a second API process on the same
 * store and Redis (the replicas docker-compose runs): its 20 connections split 10 and 10 over the two ports, and
 * through Caddy's round robin as deploy/Caddyfile has it. Same rows, same run, so the rows are side by side.
 */
async function measureOn(label: string, databaseUrl: string, rows: number, targets: string[]): Promise<Figure[]> {
  const prefix = `tybench-lookup-${process.pid}-${label}`;
  const apis: { url: string; stop: () => Promise<void> }[] = [];
  let caddy: Awaited<ReturnType<typeof startCaddy>> = null;
  const row = (what: string, shape: string, run: Run) => {
    const p95 = percentile(run.times, 95);
    const failed = [...run.statuses].filter(([s]) => s !== 200).reduce((n, [, c]) => n + c, 0);
    const perSecond = run.times.length / run.seconds;
    return judged({
      name: `民生资金${what}（${label}，${(rows / 1e4).toLocaleString('en')} 万行发放明细，${CONNECTIONS} 个连接，${shape}）`,
      goal: [{ figure: 'p95', is: '≤', limit: 20, unit: ' ms' }, { figure: 'non-200', is: '=', limit: 0 }],
      figures: { p95, 'non-200': failed },
      measured: `p50 ${percentile(run.times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${percentile(run.times, 99).toFixed(1)} ms, ${Math.round(perSecond).toLocaleString('en')} req/s, ${run.times.length} requests, non-200 ${failed}; ${run.busyCores === null ? '' : `${run.busyCores.toFixed(2)} of ${os.cpus().length} cores busy, `}load average ${run.loadAverage.toFixed(2)}`,
      raw: { statuses: Object.fromEntries(run.statuses), seconds: run.seconds, requestsPerSecond: perSecond, loadAverage: run.loadAverage, busyCores: run.busyCores },
    });
  };
  const LOOKUP = '本人查询（姓名 + 身份证号，含防刷验证和限额）';
  const figures: Figure[] = [];
  try {
    apis.push(await startApi(databaseUrl, prefix));
    const check = await fetch(`${apis[0].url}${villagePath(0)}`);
    if (check.status !== 200) throw new Error(`village page ${check.status}: ${(await check.text()).slice(0, 300)}`);
    // Warm-up: each village's page made once (as the first readers after a batch goes live), and the process's first requests.
    const warm = (url: string) => load([url], CONNECTIONS, villages.length * 2, (i) => ({ path: villagePath(i), from: address(i) }));
    await warm(apis[0].url);
    figures.push(row('村页面（分项合计 + 前 100 笔脱敏明细）', '1 个 API 进程', await load([apis[0].url], CONNECTIONS, 4000, (i) => ({ path: villagePath(i), from: address(i) }))));
    console.log(`  ${label}：预先完成 3 × ${LOOKUPS} 个防刷验证…`);
    const [single, split, proxied] = [await lookupsFrom(apis[0].url, LOOKUPS, targets), await lookupsFrom(apis[0].url, LOOKUPS, targets), await lookupsFrom(apis[0].url, LOOKUPS, targets)];
    // The lookup's own warm-up, unmeasured, as the pages' above: a process that has answered a few thousand lookups
    // (its code compiled, its statements prepared), as a server that has been up for a while has. Measured on the API
    // (its own CPU over rounds of 4,000 at 20 connections): 500–540 µs a lookup after 3,000, 410–480 after 11,000.
    const warmLookups = async (url: string) => load([url], CONNECTIONS, LOOKUPS, await lookupsFrom(url, LOOKUPS, targets));
    await warmLookups(apis[0].url);
    figures.push(row(LOOKUP, '1 个 API 进程', await load([apis[0].url], CONNECTIONS, LOOKUPS, single)));
    apis.push(await startApi(databaseUrl, prefix));
    await warm(apis[1].url);
    await warmLookups(apis[1].url);
    const urls = apis.map((a) => a.url);
    figures.push(row(LOOKUP, '2 个 API 进程，各 10 个连接', await load(urls, CONNECTIONS, LOOKUPS, split)));
    caddy = await startCaddy(urls);
    if (caddy) figures.push(row(LOOKUP, '2 个 API 进程，经 Caddy 轮询', await load([caddy.url], CONNECTIONS, LOOKUPS, proxied)));
    else figures.push(informative({ name: `民生资金${LOOKUP}（${label}，经 Caddy 轮询）`, goal: 'not measured', measured: 'caddy is not installed here (apt-get install caddy)' }));
    return figures;
  } finally {
    await caddy?.stop();
    for (const api of apis) await api.stop();
    await deleteRedisPrefix(prefix);
  }
}

/** The village's totals summed from its payment rows, per request, as a page without the per-place sums would. */
async function naiveVillageTotals(label: string, db: Db): Promise<Figure> {
  const times: number[] = [];
  for (let i = 0; i < 30; i += 1) {
    const v = villages[(i * 7919) % villages.length];
    const started = process.hrtime.bigint();
    await sql`select p.fund, count(*), sum(p.amount_fen) from fund_payments p join fund_batches b on b.id = p.batch_id
      where b.status = 'live' and b.county = ${COUNTY} and p.township = ${v.township} and p.village = ${v.village} group by p.fund`.execute(db);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const p95 = percentile(times, 95);
  return informative({ name: `对照：村页面的合计逐次从发放明细汇总（${label}，只计查询本身，一个连接）`, measured: `p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms per page`, raw: { times } });
}

export async function measureFundLookup(quick: boolean): Promise<Figure[]> {
  const rows = quick ? 1_000_000 : 10_000_000;
  const figures: Figure[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-lookup-db-'));
  const sqliteUrl = `file:${path.join(dir, 'publisher.db')}`;
  console.log(`  SQLite：生成 ${rows.toLocaleString('en')} 行…`);
  let db = createDb(sqliteUrl);
  let targets: Awaited<ReturnType<typeof generate>>;
  try {
    targets = await generate(db, false, rows);
    figures.push(await naiveVillageTotals('SQLite', db));
    await db.destroy();
    figures.push(...(await measureOn('SQLite', sqliteUrl, rows, targets)));
  } finally {
    rmSync(dir, { recursive: true, force: true }); // 10 million rows are about 2 GB
  }

  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const name = `tybench_lookup_${process.pid}`;
  await admin.query(`create database ${name}`);
  const pgUrl = PG_ADMIN.replace(/postgres$/, name);
  try {
    console.log(`  PostgreSQL：生成 ${rows.toLocaleString('en')} 行…`);
    db = createDb(pgUrl);
    targets = await generate(db, true, rows);
    figures.push(await naiveVillageTotals('PostgreSQL', db));
    await db.destroy();
    figures.push(...(await measureOn('PostgreSQL', pgUrl, rows, targets)));
  } finally {
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
  return figures;
}

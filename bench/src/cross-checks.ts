import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IDValidator from 'id-validator';
import { Client } from 'pg';
import { runCrossChecks, type FindingKind } from '../../publisher/src/funds/cross-checks';
import { importPayments } from '../../publisher/src/funds/import-payments';
import { importDeparted, importOfficials } from '../../publisher/src/funds/import-rosters';
import { createDb, migrate, type Db } from '../../publisher/src/store/db';
import { FundRosterStore } from '../../publisher/src/store/fund-rosters';
import { FundStore } from '../../publisher/src/store/funds';
import { COUNTY, funds, SECRET, villages, writeSheet } from './fund-import';
import { naiveCrossChecks } from './naive-cross-checks';
import type { Figure } from './report';
import { informative, judged } from './verdict';

/**
 * 数据碰撞 (issue 21): a county's year of live payments — 300,000 rows from the fund-import bench's
 * generator, clean by construction — with planted cases in a second batch (50 paid twice in a month,
 * 50 in a second village, 50 above the standard) and rosters of 3,000 departed and 3,000 officials,
 * 50 of each among the payees. runCrossChecks over the year on SQLite and on PostgreSQL (median of
 * three), each finding counted against what was planted; beside it, the per-row check a team might
 * write first (each row's own queries), run for a while and extrapolated to the year.
 */
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const PLANTED = 50;
const EXPECTED: Record<FindingKind, number> = { repeat: 2 * PLANTED, aboveStandard: PLANTED, afterDeparture: PLANTED, official: PLANTED };
const month = (i: number) => `2026-${String(1 + (i % 12)).padStart(2, '0')}`;

export function fixture(dir: string, rows: number) {
  const validator = new IDValidator();
  const unique = new Set<string>();
  while (unique.size < 20_000 + PLANTED + 6_000) unique.add(validator.makeID());
  const all = [...unique];
  const ids = all.slice(0, 20_000);
  const fresh = all.slice(20_000);
  // Row i of the generator: fund i % 196, village i % 243, household i % 20,000, the 15th of month i % 12 + 1.
  const row = (i: number, over: { village?: (typeof villages)[number]; id?: string; day?: string; amount?: string } = {}) => {
    const place = over.village ?? villages[i % villages.length];
    return [funds[i % funds.length].name, place.township, place.village, '杨某', over.id ?? ids[i % ids.length], over.amount ?? '120.00', over.day ?? `${month(i)}-20`, '2026年度补贴'];
  };
  const planted = [
    ...Array.from({ length: PLANTED }, (_, k) => row(k * 997)), // the same fund and household again that month
    ...Array.from({ length: PLANTED }, (_, k) => row(k * 991 + 7, { village: villages[(k * 991 + 8) % villages.length], day: `${month(k * 991 + 7)}-15` })),
    ...Array.from({ length: PLANTED }, (_, k) => row(k, { id: fresh[k], amount: '600.00' })), // standard 500.00
  ];
  const csv = (name: string, lines: unknown[][]) => (writeFileSync(path.join(dir, name), lines.map((l) => l.join(',')).join('\r\n')), path.join(dir, name));
  const header = ['资金名称', '乡镇', '村(社区)', '姓名', '身份证号码', '发放金额(元)', '发放日期', '补贴项目'];
  // Payees on the rosters: 50 households each (those paid in the second half of the year are findings), the rest strangers.
  const departed = [...ids.slice(100, 100 + PLANTED).map((id) => ['杨某', id, '死亡', '2026-06-30']), ...fresh.slice(PLANTED, 3_000).map((id) => ['李某', id, '迁出', '2026-01-01'])];
  const officials = [...ids.slice(200, 200 + PLANTED).map((id) => [villages[0].township, villages[0].village, '杨某', id, '村委委员', '本人']),
    ...fresh.slice(3_000, 5_950).map((id, k) => [villages[k % villages.length].township, villages[k % villages.length].village, '王某', id, '村民小组长', k % 3 ? '配偶' : '本人'])];
  return {
    ids, rows,
    planted: csv('planted.csv', [header, ...planted]),
    departed: csv('departed.csv', [['姓名', '身份证号', '类型', '日期'], ...departed]),
    officials: csv('officials.csv', [['乡镇', '村(社区)', '姓名', '身份证号', '职务', '关系'], ...officials]),
  };
}

/** The county's villages and funds, the year's sheet and the planted rows live, both rosters imported. */
export async function prepare(db: Db, sheet: string, data: ReturnType<typeof fixture>) {
  await migrate(db);
  const store = new FundStore(db);
  await store.replaceVillages(COUNTY, villages);
  await store.putFunds(COUNTY, funds);
  const deps = { db, funds: store, rosters: new FundRosterStore(db), clock: () => new Date(), config: { HOOK_SECRET: SECRET } };
  for (const [file, title] of [[sheet, '全年发放明细'], [data.planted, '补充发放']]) {
    const batch = await importPayments(deps, { path: file, fileName: path.basename(file), county: COUNTY, title });
    await store.goLive(batch.batchId, new Date().toISOString());
  }
  await importDeparted(deps, { path: data.departed, fileName: 'departed.csv', county: COUNTY });
  await importOfficials(deps, { path: data.officials, fileName: 'officials.csv', county: COUNTY });
  return deps;
}

async function measureOn(label: string, db: Db, sheet: string, data: ReturnType<typeof fixture>): Promise<Figure[]> {
  const deps = await prepare(db, sheet, data);
  const scope = { county: COUNTY, from: '2026-01-01', to: '2026-12-31' };
  const times: number[] = [];
  let report = await runCrossChecks(deps, scope);
  for (let i = 0; i < 3; i++) {
    const started = process.hrtime.bigint();
    report = await runCrossChecks(deps, scope);
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  const seconds = times.sort((a, b) => a - b)[1];
  const found = Object.fromEntries(Object.entries(report.findings).map(([k, f]) => [k, f.length])) as Record<FindingKind, number>;
  const wrong = (Object.keys(EXPECTED) as FindingKind[]).filter((k) => found[k] !== EXPECTED[k]).length;
  const naive = await naiveCrossChecks(db, scope);
  const naiveSeconds = naive.loadSeconds + report.checkedRows / naive.rate;
  return [
    judged({
      name: `民生资金数据碰撞（${label}）：一个县一年 ${report.checkedRows.toLocaleString('en')} 行已公开发放明细，重复领取、超标准、死亡迁出后领取、村干部及亲属领取`,
      goal: [{ figure: 's', is: '≤', limit: 10, unit: ' s' }, { figure: 'wrong kinds', is: '=', limit: 0 }],
      figures: { s: Math.round(seconds * 100) / 100, 'wrong kinds': wrong },
      measured: `${seconds.toFixed(2)} s (median of 3), findings ${found.repeat}/${found.aboveStandard}/${found.afterDeparture}/${found.official} of ${EXPECTED.repeat}/${EXPECTED.aboveStandard}/${EXPECTED.afterDeparture}/${EXPECTED.official} planted, wrong kinds ${wrong}`,
      raw: { times, found, expected: EXPECTED, checkedRows: report.checkedRows },
    }),
    informative({
      name: `对照：逐行核查（${label}，每行查同人同资金的其他发放和两份名单，运行 ${naive.seconds.toFixed(0)} s 推算全年）`,
      measured: `${Math.round(naive.rate).toLocaleString('en')} rows/s after loading the rows in ${naive.loadSeconds.toFixed(1)} s → ${naiveSeconds.toFixed(0)} s for the year`,
      ratio: `${(naiveSeconds / seconds).toFixed(0)}× slower`,
      raw: naive,
    }),
  ];
}

export async function measureCrossChecks(quick: boolean): Promise<Figure[]> {
  const rows = quick ? 60_000 : 300_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-checks-'));
  const data = fixture(dir, rows);
  const sheet = path.join(dir, 'payments.csv');
  console.log(`  生成 ${rows.toLocaleString('en')} 行的全年发放明细和两份名单…`);
  await writeSheet(sheet, rows, data.ids);
  const figures: Figure[] = [];
  const sqlite = createDb(`file:${path.join(dir, 'publisher.db')}`);
  try {
    console.log('  SQLite…');
    figures.push(...(await measureOn('SQLite', sqlite, sheet, data)));
  } finally {
    await sqlite.destroy();
  }
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const name = `tybench_checks_${process.pid}`;
  await admin.query(`create database ${name}`);
  const postgres = createDb(PG_ADMIN.replace(/postgres$/, name));
  try {
    console.log('  PostgreSQL…');
    figures.push(...(await measureOn('PostgreSQL', postgres, sheet, data)));
  } finally {
    await postgres.destroy();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
  return figures;
}

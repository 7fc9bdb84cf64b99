import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import IDValidator from 'id-validator';
import { Client } from 'pg';
import { importPayments, payeeKeyOf } from '../../publisher/src/funds/import-payments';
import { createDb, migrate, type Db } from '../../publisher/src/store/db';
import { FundStore } from '../../publisher/src/store/funds';
import { informative, judged } from './verdict';
import type { Figure } from './report';

/**
 * 民生资金公开 (issue 21): a payment spreadsheet of 1,000,000 rows — Huitong's 196 funds over its 243
 * villages (18 townships) — imported as one batch into SQLite and into PostgreSQL, every row checked
 * (GB 11643 ID numbers, known village and fund, amount, date in the fund's period) and written in bulk
 * (PostgreSQL's COPY, SQLite's prepared insert). Beside it, the same rows inserted one statement each,
 * as a plain loop over the file would: run for a fixed time and projected to the whole file.
 */
export const COUNTY = 'huitong';
export const SECRET = 'bench-hook-secret-0123456789abcdef';
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const NAIVE_SECONDS = 15;
export const townships = Array.from({ length: 18 }, (_, t) => `第${t + 1}镇`);
export const villages = townships.flatMap((township, t) => Array.from({ length: t < 9 ? 14 : 13 }, (_, v) => ({ township, village: `${township}${v + 1}村` })));
export const funds = Array.from({ length: 196 }, (_, f) => ({
  name: `民生资金${String(f + 1).padStart(3, '0')}`, source: '中央和省级财政', level: '中央', standard_fen: 50_000, total_fen: null, period_from: '2026-01-01', period_to: '2026-12-31',
}));

/** 20,000 households' ID numbers, each row's payee being row % 20,000 (the cross-checks' bench plants cases among them). */
export function makeIds(count = 20_000): string[] {
  const validator = new IDValidator();
  return Array.from({ length: count }, () => validator.makeID());
}

/** Row i pays fund i % 196 in village i % 243 to household i % 20,000 on the 15th of month i % 12: no one is paid by a fund twice in 980,000 rows. */
export async function writeSheet(file: string, rows: number, ids = makeIds()): Promise<void> {
  const out = createWriteStream(file);
  const line = (cells: Array<string | number>) => `${cells.join(',')}\r\n`;
  out.write(line(['资金名称', '乡镇', '村(社区)', '姓名', '身份证号码', '发放金额(元)', '发放日期', '补贴项目']));
  for (let i = 0; i < rows; i++) {
    const place = villages[i % villages.length];
    if (!out.write(line([funds[i % funds.length].name, place.township, place.village, `杨${'一二三四五六七八九十'[i % 10]}${'春夏秋冬'[i % 4]}`, ids[i % ids.length],
      (120 + (i % 380)).toFixed(2), `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`, '2026年度补贴']))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function prepared(db: Db): Promise<FundStore> {
  await migrate(db);
  const store = new FundStore(db);
  await store.replaceVillages(COUNTY, villages);
  await store.putFunds(COUNTY, funds);
  return store;
}

/** The plain loop: one INSERT per row, each its own commit, for NAIVE_SECONDS. */
async function naiveRate(db: Db): Promise<number> {
  const started = Date.now();
  let n = 0;
  while (Date.now() - started < NAIVE_SECONDS * 1000) {
    const id = new IDValidator().makeID();
    await db.insertInto('fund_payments' as never).values({
      batch_id: 0, row_number: n, fund: funds[0].name, township: villages[0].township, village: villages[0].village, payee_name: '杨一', id_number: id,
      payee_key: payeeKeyOf(SECRET, id), amount_fen: 12_000, paid_on: '2026-01-15', item: '2026年度补贴',
    } as never).execute();
    n += 1;
  }
  return n / ((Date.now() - started) / 1000);
}

async function measureOn(label: string, db: Db, file: string, rows: number): Promise<Figure[]> {
  const store = await prepared(db);
  const started = process.hrtime.bigint();
  const batch = await importPayments({ db, funds: store, clock: () => new Date(), config: { HOOK_SECRET: SECRET } }, {
    path: file, fileName: 'payments.csv', county: COUNTY, title: '基准：发放明细',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = await naiveRate(db);
  return [
    judged({
      name: `民生资金发放明细导入（${label}）：${rows.toLocaleString('en')} 行一批，逐行校验（身份证号、村、资金、金额、执行期）`,
      goal: [{ figure: 's', is: '≤', limit: 60, unit: ' s' }, { figure: 'rows', is: '=', limit: rows }],
      figures: { s: Math.round(seconds * 10) / 10, rows: batch.rows },
      measured: `${seconds.toFixed(1)} s, ${Math.round(batch.rows / seconds).toLocaleString('en')} rows/s, ${batch.rows.toLocaleString('en')} rows stored`,
      raw: { rows, seconds },
    }),
    informative({
      name: `对照：逐行 INSERT（${label}，每行一次提交，运行 ${NAIVE_SECONDS} s 推算）`,
      measured: `${Math.round(rate).toLocaleString('en')} rows/s → ${(rows / rate).toFixed(0)} s for the file`,
      ratio: `${(rows / rate / seconds).toFixed(1)}× slower`,
      raw: { rate },
    }),
  ];
}

export async function measureFundImport(quick: boolean): Promise<Figure[]> {
  const rows = quick ? 100_000 : 1_000_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-funds-'));
  const file = path.join(dir, 'payments.csv');
  console.log(`  生成 ${rows.toLocaleString('en')} 行的发放明细 CSV…`);
  await writeSheet(file, rows);
  console.log(`  ${(statSync(file).size / 1e6).toFixed(0)} MB；导入 SQLite…`);
  const figures: Figure[] = [];
  const sqlite = createDb(`file:${path.join(dir, 'publisher.db')}`);
  try {
    figures.push(...(await measureOn('SQLite', sqlite, file, rows)));
  } finally {
    await sqlite.destroy();
  }
  console.log('  导入 PostgreSQL…');
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const name = `tybench_funds_${process.pid}`;
  await admin.query(`create database ${name}`);
  const postgres = createDb(PG_ADMIN.replace(/postgres$/, name));
  try {
    figures.push(...(await measureOn('PostgreSQL', postgres, file, rows)));
  } finally {
    await postgres.destroy();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
  return figures;
}

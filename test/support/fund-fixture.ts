import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import IDValidator from 'id-validator';
import type { Browser } from 'playwright-core';
import { REPO } from './cms';
import type { Stack } from './stack';

/**
 * Huitong's livelihood-fund sheets as a township finance office keeps them, with the columns no
 * public output may ever show (bank account, phone, address) filled in: names with rare characters
 * (𡋀, 𠮷, 𪚥) and a minority name with its ·, valid GB 11643 ID numbers. `PRIVATE_VALUES` is what a
 * leak search looks for.
 */
const validator = new IDValidator();
export const PEOPLE = [
  { name: '𡋀𠮷祥', township: '林城镇', village: '金子村' }, // 𡋀 shows (the first character): a rare one the page's font must draw
  { name: '阿依古丽·买买提', township: '林城镇', village: '金子村' },
  { name: '粟𪚥华', township: '林城镇', village: '新联村' },
  { name: '龙秀英', township: '高椅乡', village: '高椅村' },
  { name: '吴建国', township: '高椅乡', village: '高椅村' },
].map((p, i) => ({
  ...p, idNumber: validator.makeID(), bankAccount: `62170029${String(1000000000 + i * 7919).padStart(11, '0')}`,
  phone: `1397450${String(1000 + i * 37).padStart(4, '0')}`, address: `${p.village}${3 + i}组${12 + i}号`,
}));
/** A valid ID number nobody in the fixture has. */
export const UNKNOWN_ID = validator.makeID();
export const PRIVATE_VALUES = PEOPLE.flatMap((p) => [p.name, p.idNumber, p.bankAccount, p.phone, p.address]);

export const FUNDS = [
  ['耕地地力保护补贴', '中央财政', '中央', '105', '2026-01-01', '2026-12-31'],
  ['城乡居民基本养老保险基础养老金', '省级财政', '省级', '150', '2026-01-01', '2026-12-31'],
];

const HEADER = ['资金名称', '乡镇', '村（社区）', '姓名', '身份证号码', '发放金额（元）', '发放日期', '补贴项目', '银行账号', '联系电话', '家庭住址'];

export function paymentRows(amountOf: (person: number, fund: number) => number = () => 0): string[][] {
  const rows: string[][] = [HEADER];
  PEOPLE.forEach((p, i) => FUNDS.forEach(([fund, , , standard], f) => {
    rows.push([fund, p.township, p.village, p.name, p.idNumber, String(Number(standard) + amountOf(i, f)), '2026-04-15', `2026年${fund}`, p.bankAccount, p.phone, p.address]);
  }));
  return rows;
}

export function csvFile(dir: string, name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n'));
  return file;
}

/** `npm run funds` against a publisher's store, as an office runs it. */
export function fundsCli(env: Record<string, string>) {
  return async (...args: string[]) => (await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO, 'publisher', 'src', 'main', 'funds-cli.ts'), ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'error' }, encoding: 'utf8',
  })).stdout;
}

/** The county's village list, catalogue and one live payment batch; returns the batch id. */
export async function importFundFixture(env: Record<string, string>, county = 'huitong'): Promise<{ dir: string; run: ReturnType<typeof fundsCli>; batch: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-fund-fixture-'));
  const run = fundsCli(env);
  const villages = [...new Set(PEOPLE.map((p) => `${p.township}\t${p.village}`))].map((v) => v.split('\t'));
  await run('villages', '--county', county, csvFile(dir, 'villages.csv', [['乡镇', '村（社区）'], ...villages]));
  await run('catalog', '--county', county, csvFile(dir, 'funds.csv', [['资金名称', '资金来源', '级次', '补助标准（元）', '开始日期', '结束日期'], ...FUNDS]));
  const out = await run('payments', '--county', county, '--title', '2026年4月惠民资金发放', csvFile(dir, 'payments.csv', paymentRows()));
  const batch = Number(/批次 (\d+)/.exec(out)![1]);
  await run('live', String(batch));
  return { dir, run, batch };
}

/** The one stack test/publisher/funds.test.ts starts for the funds' suites (test/publisher/funds/). */
export interface FundsStack { stack: Stack; browser: Browser; fixture: Awaited<ReturnType<typeof importFundFixture>> }

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

/**
 * 民生项目 and 村级财务 sheets (test/publisher/funds/projects-ledgers.ts): Huitong's projects of one fund
 * (its catalogue line first), one of them 林城镇's own (no village), and 金子村's ledger for two
 * quarters — with a phone and a bank account column that must never be stored or shown.
 */
export const PROJECT_FUND = ['衔接推进乡村振兴补助资金', '中央财政', '中央', '', '2026-01-01', '2026-12-31'];
export const PROJECT_HEADER = ['项目名称', '资金名称', '乡镇', '村（社区）', '建设内容', '投资金额（元）', '实施单位', '开工日期', '完工日期', '项目状态', '绩效目标/成效', '联系电话', '银行账号'];
export const PROJECTS = [
  ['金子村𡋀坪组通组道路硬化工程', '衔接推进乡村振兴补助资金', '林城镇', '金子村', '硬化通组道路 1.2 公里，宽 4.5 米', '356000', '林城镇人民政府', '2026-03-01', '', '在建', '解决 86 户 320 人出行难'],
  ['金子村产业路护栏安装', '衔接推进乡村振兴补助资金', '林城镇', '金子村', '安装波形护栏 800 米', '128500.50', '金子村村民委员会', '2026-04-10', '2026-06-30', '已完工', '消除临崖路段安全隐患'],
  ['新联村安全饮水巩固提升工程', '衔接推进乡村振兴补助资金', '林城镇', '新联村', '新建 200 立方米蓄水池一座，铺设管网 3 公里', '412300', '会同县水利局', '2026-05-06', '', '在建', '保障 210 户饮水安全'],
  ['林城镇集中供水工程', '衔接推进乡村振兴补助资金', '林城镇', '', '扩建水厂一座，日供水 2000 吨', '1200000', '会同县水利局', '2026-02-15', '', '在建', '全镇 1.2 万人饮水达标'],
  ['高椅村古民居消防改造', '衔接推进乡村振兴补助资金', '高椅乡', '高椅村', '改造消防管网，配置消火栓 24 个', '86000', '高椅乡人民政府', '2026-03-20', '2026-08-31', '已验收', '古村落消防全覆盖'],
].map((row) => [...row, PEOPLE[0].phone, PEOPLE[0].bankAccount]);
export const LEDGER_HEADER = ['乡镇', '村（社区）', '期间', '类别', '科目', '摘要', '金额（元）', '日期', '收款人电话', '银行账号'];
export const LEDGER_LINES = [
  ['林城镇', '金子村', '2026年第2季度', '收入', '补助收入', '上级转移支付（村级运转经费）', '20000', '2026-04-08'],
  ['林城镇', '金子村', '2026年第2季度', '支出', '管理费用', '村部水电费', '1860.40', '2026-05-20'],
  ['林城镇', '金子村', '2026年第2季度', '支出', '公益支出', '村道路灯维修', '3200', '2026-06-12'],
  ['林城镇', '金子村', '2026年第3季度', '收入', '补助收入', '上级转移支付（村级运转经费）', '50000', '2026-07-06'],
  ['林城镇', '金子村', '2026年第3季度', '收入', '经营收入', '集体山林承包费', '12000.50', '2026-08-01'],
  ['林城镇', '金子村', '2026年第3季度', '支出', '管理费用', '购置村部办公桌椅（吴氏木业）', '8600', '2026-08-18'],
  ['林城镇', '金子村', '2026年第3季度', '支出', '公益支出', '𡋀坪组水渠清淤', '15230', '2026-09-09'],
  ['林城镇', '新联村', '2026年第3季度', '收入', '补助收入', '上级转移支付（村级运转经费）', '50000', '2026-07-06'],
].map((row) => [...row, PEOPLE[1].phone, PEOPLE[1].bankAccount]);

/** The one stack test/publisher/funds.test.ts starts for the funds' suites (test/publisher/funds/). */
export interface FundsStack { stack: Stack; browser: Browser; fixture: Awaited<ReturnType<typeof importFundFixture>> }

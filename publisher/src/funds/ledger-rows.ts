import { readAmount, readDate, readText, textOf, type Read } from './cells';
import type { ColumnSpec } from './columns';
import { villageKey, type PaymentContext } from './payment-rows';
import type { Cell } from './sheet';

/**
 * One line of a village's accounts (村级财务) as the township finance office sends them: 期间 (a quarter,
 * a month or a year), 收入 or 支出, 科目, 摘要, 金额 and 日期. The 摘要 is the ledger's own public text;
 * a line whose 科目 or 摘要 holds an ID number, a phone or a bank account is refused rather than stored,
 * and columns of that kind are never read at all.
 */
export const LEDGER_COLUMNS: ColumnSpec[] = [
  { key: 'township', label: '乡镇', headers: ['乡镇', '乡镇(街道)', '乡镇街道', '乡(镇)'], required: true },
  { key: 'village', label: '村(社区)', headers: ['村(社区)', '村', '村社区', '行政村', '村(居)'], required: true },
  { key: 'period', label: '期间', headers: ['期间', '会计期间', '所属期间', '公开期间'], required: true },
  { key: 'kind', label: '类别', headers: ['类别', '收支类别', '收支'], required: true },
  { key: 'subject', label: '科目', headers: ['科目', '会计科目', '科目名称'], required: true },
  { key: 'summary', label: '摘要', headers: ['摘要', '事由', '说明'], required: true },
  { key: 'amount', label: '金额(元)', headers: ['金额(元)', '金额', '发生额(元)', '发生额'], required: true },
  { key: 'entryOn', label: '日期', headers: ['日期', '记账日期', '发生日期'], required: true },
];

export interface LedgerRow {
  rowNumber: number; township: string; village: string; period: string; periodKey: string; kind: '收入' | '支出'; subject: string; summary: string; amountFen: number; entryOn: string;
}
export interface Period { label: string; key: string; from: string; to: string }

const CN_DIGITS: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4' };
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const day = (year: number, month: number, d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** 2026年第3季度 (第三季度, 2026Q3), 2026年7月 (2026-07) or 2026年 (2026年度): what it shows, how it sorts, its first and last day. */
export function readPeriod(cell: Cell): Read<Period> {
  const text = textOf(cell).normalize('NFKC').replace(/\s+/g, '');
  if (!text) return { ok: false, reason: '期间为空' };
  const quarter = /^(\d{4})(?:年第?|-?Q)([1-4一二三四])(?:季度)?$/i.exec(text);
  if (quarter) {
    const [year, q] = [Number(quarter[1]), Number(CN_DIGITS[quarter[2]] ?? quarter[2])];
    return { ok: true, value: { label: `${year}年第${q}季度`, key: `${year}-Q${q}`, from: day(year, q * 3 - 2, 1), to: day(year, q * 3, lastDay(year, q * 3)) } };
  }
  const month = /^(\d{4})(?:年|[-/.])(\d{1,2})月?$/.exec(text);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    return { ok: true, value: { label: `${year}年${m}月`, key: `${year}-${String(m).padStart(2, '0')}`, from: day(year, m, 1), to: day(year, m, lastDay(year, m)) } };
  }
  const year = /^(\d{4})年度?$/.exec(text);
  if (year) return { ok: true, value: { label: `${year[1]}年`, key: `${year[1]}-Y`, from: `${year[1]}-01-01`, to: `${year[1]}-12-31` } };
  return { ok: false, reason: `期间“${text.slice(0, 20)}”应写成 2026年第3季度、2026年7月 或 2026年` };
}

const KINDS: Record<string, '收入' | '支出'> = { 收入: '收入', 收: '收入', 收入类: '收入', 支出: '支出', 支: '支出', 支出类: '支出' };
/** What would be a person's number in a public line: an ID number, a mobile phone, a bank account. */
const PRIVATE_NUMBERS: Array<[RegExp, string]> = [
  [/(?<!\d)\d{17}[\dXx](?!\d)/, '身份证号'], [/(?<!\d)1[3-9]\d{9}(?!\d)/, '手机号码'], [/(?<!\d)\d{12,19}(?!\d)/, '银行账号'],
];

export function checkLedgerRow(cell: (key: string) => Cell, rowNumber: number, context: PaymentContext): LedgerRow | string[] {
  const reasons: string[] = [];
  const take = <T>(read: Read<T>, fallback: T): T => (read.ok ? read.value : (reasons.push(read.reason), fallback));
  const township = take(readText(cell('township'), '乡镇', 50, true), '');
  const village = take(readText(cell('village'), '村(社区)', 50, true), '');
  const period = take(readPeriod(cell('period')), null);
  const written = take(readText(cell('kind'), '类别', 10, true), '');
  const subject = take(readText(cell('subject'), '科目', 50, true), '');
  const summary = take(readText(cell('summary'), '摘要', 200, true), '');
  const negative = /^\s*-/.test(textOf(cell('amount')));
  const amountFen = negative ? (reasons.push('金额为负数：收入和支出都填正数，在“类别”中写明收入或支出；冲销请另起一行说明'), 0) : take(readAmount(cell('amount'), '金额'), 0);
  const entryOn = take(readDate(cell('entryOn'), '日期'), '');

  const kind = KINDS[written];
  if (written && !kind) reasons.push(`类别“${written}”应为收入或支出`);
  for (const [pattern, what] of PRIVATE_NUMBERS) {
    const where = [['科目', subject], ['摘要', summary]].find(([, text]) => pattern.test(text));
    if (where) {
      reasons.push(`${where[0]}中含有${what}：公开的账目不能有个人号码，请删去后再上传`);
      break;
    }
  }
  if (period && entryOn && (entryOn < period.from || entryOn > period.to)) reasons.push(`日期 ${entryOn} 不在期间“${period.label}”（${period.from} 至 ${period.to}）内`);
  if (township && village && !context.villages.has(villageKey(township, village))) reasons.push(`${township}没有“${village}”这个村(社区)：请核对村名，或先更新村名单`);
  if (reasons.length > 0 || !period || !kind) return reasons;
  return { rowNumber, township, village, period: period.label, periodKey: period.key, kind, subject, summary, amountFen, entryOn };
}

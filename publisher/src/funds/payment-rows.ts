import { readAmount, readDate, readName, readText, type Read } from './cells';
import type { ColumnMap } from './columns';
import type { IdNumberChecker } from './id-number';
import type { SheetRow } from './sheet';

/**
 * One row of a payment sheet (个人/农户发放明细) checked against the county's fund catalogue and
 * village list: what it is, or every reason it cannot go in, as 行 123：… so the office can fix the
 * spreadsheet and upload it again.
 */
export interface FundInfo { name: string; periodFrom: string; periodTo: string; standardFen: number | null }
export interface PaymentContext { county: string; funds: Map<string, FundInfo>; villages: Set<string> }
export interface PaymentRow {
  rowNumber: number; fund: string; township: string; village: string; name: string; idNumber: string; amountFen: number; paidOn: string; item: string | null;
}

export const villageKey = (township: string, village: string) => `${township}/${village}`;

export function checkPaymentRow(row: SheetRow, columns: ColumnMap, context: PaymentContext, ids: IdNumberChecker): PaymentRow | string {
  const cell = (key: string) => {
    const index = columns.byKey.get(key);
    return index === undefined ? null : (row.cells[index] ?? null);
  };
  const reasons: string[] = [];
  const take = <T>(read: Read<T>, fallback: T): T => {
    if (read.ok) return read.value;
    reasons.push(read.reason);
    return fallback;
  };
  const fund = take(readText(cell('fund'), '资金名称', 100, true), '');
  const township = take(readText(cell('township'), '乡镇', 50, true), '');
  const village = take(readText(cell('village'), '村(社区)', 50, true), '');
  const name = take(readName(cell('name'), '姓名'), '');
  const idCheck = ids.check(cell('idNumber') === null ? '' : String(cell('idNumber')));
  if (!idCheck.ok) reasons.push(idCheck.reason);
  const amountFen = take(readAmount(cell('amount'), '发放金额'), 0);
  const paidOn = take(readDate(cell('paidOn'), '发放日期'), '');
  const item = take(readText(cell('item'), '补贴项目', 100, false), '');

  const known = fund ? context.funds.get(fund) : undefined;
  if (fund && !known) reasons.push(`资金名称“${fund}”不在本县的资金目录中：请核对名称，或先导入资金目录`);
  if (township && village && !context.villages.has(villageKey(township, village))) {
    reasons.push(`${township}没有“${village}”这个村(社区)：请核对村名，或先更新村名单`);
  }
  if (known && paidOn && (paidOn < known.periodFrom || paidOn > known.periodTo)) {
    reasons.push(`发放日期 ${paidOn} 不在“${known.name}”的执行期 ${known.periodFrom} 至 ${known.periodTo} 内`);
  }
  if (reasons.length > 0) return `行 ${row.rowNumber}：${reasons.join('；')}`;
  return { rowNumber: row.rowNumber, fund, township, village, name, idNumber: (idCheck as { value: string }).value, amountFen, paidOn, item: item || null };
}

/** A row with nothing in it (a blank line between blocks, the end of a sheet): skipped, not refused. */
export const isBlank = (row: SheetRow) => row.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

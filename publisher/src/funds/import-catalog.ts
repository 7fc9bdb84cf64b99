import { PublisherError } from '../errors';
import type { FundStore } from '../store/funds';
import { readAmount, readDate, readText, type Read } from './cells';
import { FUND_COLUMNS, mapColumns, VILLAGE_COLUMNS, type ColumnMap, type ColumnSpec } from './columns';
import { isBlank } from './payment-rows';
import { readSheet, type SheetRow } from './sheet';

/**
 * What payment rows are checked against, from the county's own spreadsheets: its village list
 * (乡镇, 村(社区)), replaced whole, and its fund catalogue (资金名称, 来源, 级次, 补助标准, 资金总额,
 * 执行期), each fund added or updated by name. Like a payment sheet, all rows go in or none, and
 * every row to fix is named.
 */
export interface CatalogUpload { path: string; fileName: string; county: string; mapping?: Record<string, string> }

export async function checkedRows<T>(upload: CatalogUpload, specs: ColumnSpec[], check: (cell: (key: string) => SheetRow['cells'][number], row: SheetRow) => T | string[]): Promise<T[]> {
  let columns: ColumnMap | null = null;
  const rows: T[] = [];
  const errors: string[] = [];
  for await (const row of readSheet(upload.path, upload.fileName)) {
    if (isBlank(row)) continue;
    if (!columns) {
      columns = mapColumns(specs, row.cells, row.rowNumber, upload.mapping);
      continue;
    }
    const map = columns;
    const result = check((key) => (map.byKey.has(key) ? (row.cells[map.byKey.get(key)!] ?? null) : null), row);
    if (Array.isArray(result)) errors.push(`行 ${row.rowNumber}：${result.join('；')}`);
    else rows.push(result);
  }
  if (errors.length > 0) {
    throw new PublisherError('FUND_IMPORT_INVALID', `有 ${errors.length} 行需要修改，整表未导入：${errors.slice(0, 3).join('\n')}`, { details: { errors: errors.slice(0, 100), errorCount: errors.length } });
  }
  if (rows.length === 0) throw new PublisherError('FUND_IMPORT_INVALID', '表头下面没有数据行');
  return rows;
}

export function collect() {
  const reasons: string[] = [];
  const take = <T>(read: Read<T>, fallback: T): T => (read.ok ? read.value : (reasons.push(read.reason), fallback));
  return { reasons, take };
}

export async function importVillages(funds: FundStore, upload: CatalogUpload): Promise<number> {
  const seen = new Set<string>();
  const villages = await checkedRows(upload, VILLAGE_COLUMNS, (cell) => {
    const { reasons, take } = collect();
    const township = take(readText(cell('township'), '乡镇', 50, true), '');
    const village = take(readText(cell('village'), '村(社区)', 50, true), '');
    if (township && village && seen.has(`${township}/${village}`)) reasons.push(`${township}${village}重复`);
    seen.add(`${township}/${village}`);
    return reasons.length ? reasons : { township, village };
  });
  await funds.replaceVillages(upload.county, villages);
  return villages.length;
}

export async function importFundCatalog(funds: FundStore, upload: CatalogUpload): Promise<number> {
  const catalog = await checkedRows(upload, FUND_COLUMNS, (cell) => {
    const { reasons, take } = collect();
    const name = take(readText(cell('name'), '资金名称', 100, true), '');
    const source = take(readText(cell('source'), '资金来源', 100, false), '');
    const level = take(readText(cell('level'), '资金级次', 20, false), '');
    const standard = cell('standard') === null ? null : take(readAmount(cell('standard'), '补助标准'), null);
    const total = cell('total') === null ? null : take(readAmount(cell('total'), '资金总额'), null);
    const periodFrom = take(readDate(cell('periodFrom'), '开始日期'), '');
    const periodTo = take(readDate(cell('periodTo'), '结束日期'), '');
    if (periodFrom && periodTo && periodTo < periodFrom) reasons.push(`结束日期 ${periodTo} 早于开始日期 ${periodFrom}`);
    return reasons.length ? reasons : { name, source: source || null, level: level || null, standard_fen: standard, total_fen: total, period_from: periodFrom, period_to: periodTo };
  });
  await funds.putFunds(upload.county, catalog);
  return catalog.length;
}

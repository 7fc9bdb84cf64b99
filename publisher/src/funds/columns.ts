import { PublisherError } from '../errors';
import type { Cell } from './sheet';

/**
 * The columns of each kind of spreadsheet, found by their Chinese headers as offices write them
 * (资金名称 or 资金项目, 身份证号 or 身份证号码 …), or by a mapping the uploader gives for other
 * layouts ({ 户主: 'name' }). Columns not listed are ignored and never stored — bank accounts,
 * phones and addresses among them.
 */
export interface ColumnSpec { key: string; label: string; headers: string[]; required: boolean }

export const PAYMENT_COLUMNS: ColumnSpec[] = [
  { key: 'fund', label: '资金名称', headers: ['资金名称', '资金项目', '补贴资金名称', '资金项目名称'], required: true },
  { key: 'township', label: '乡镇', headers: ['乡镇', '乡镇(街道)', '乡镇街道', '乡(镇)'], required: true },
  { key: 'village', label: '村(社区)', headers: ['村', '村(社区)', '村社区', '行政村', '村(居)'], required: true },
  { key: 'name', label: '姓名', headers: ['姓名', '户主姓名', '领取人', '领取人姓名', '收款人', '收款人姓名'], required: true },
  { key: 'idNumber', label: '身份证号', headers: ['身份证号', '身份证号码', '公民身份号码', '证件号码'], required: true },
  { key: 'amount', label: '发放金额(元)', headers: ['发放金额(元)', '发放金额', '金额(元)', '金额'], required: true },
  { key: 'paidOn', label: '发放日期', headers: ['发放日期', '发放时间', '日期'], required: true },
  { key: 'item', label: '补贴项目', headers: ['补贴项目', '发放项目', '项目', '摘要'], required: false },
];

export const FUND_COLUMNS: ColumnSpec[] = [
  { key: 'name', label: '资金名称', headers: ['资金名称', '资金项目', '资金项目名称'], required: true },
  { key: 'source', label: '资金来源', headers: ['资金来源', '来源'], required: false },
  { key: 'level', label: '资金级次', headers: ['资金级次', '级次', '级别'], required: false },
  { key: 'standard', label: '补助标准(元)', headers: ['补助标准(元)', '补助标准', '发放标准(元)', '发放标准'], required: false },
  { key: 'total', label: '资金总额(元)', headers: ['资金总额(元)', '资金总额', '总金额(元)', '总金额'], required: false },
  { key: 'periodFrom', label: '开始日期', headers: ['开始日期', '起始日期', '执行期起'], required: true },
  { key: 'periodTo', label: '结束日期', headers: ['结束日期', '截止日期', '执行期止'], required: true },
];

export const VILLAGE_COLUMNS: ColumnSpec[] = [
  { key: 'township', label: '乡镇', headers: ['乡镇', '乡镇(街道)', '乡镇街道', '乡(镇)'], required: true },
  { key: 'village', label: '村(社区)', headers: ['村', '村(社区)', '村社区', '行政村', '村(居)'], required: true },
];

/** Full-width brackets and spaces as people type them: （元） and ( 元 ) are the same header. */
export const normalizeHeader = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').replace(/[【[]/g, '(').replace(/[】\]]/g, ')');

export interface ColumnMap { byKey: Map<string, number>; headerRow: number }

/**
 * Which column holds what, from the header row (the first row with a cell in it). `mapping` names a
 * header for a key where the office's own wording is not among the known ones. A required column that
 * is missing is refused with the headers that were found, so the uploader sees what to rename.
 */
export function mapColumns(specs: ColumnSpec[], header: Cell[], headerRow: number, mapping: Record<string, string> = {}): ColumnMap {
  const found = header.map((cell) => (cell === null ? '' : normalizeHeader(String(cell))));
  const byKey = new Map<string, number>();
  for (const spec of specs) {
    const wanted = [mapping[spec.key], ...spec.headers].filter((h): h is string => Boolean(h)).map(normalizeHeader);
    const index = wanted.map((h) => found.indexOf(h)).find((i) => i >= 0);
    if (index !== undefined) byKey.set(spec.key, index);
  }
  const missing = specs.filter((s) => s.required && !byKey.has(s.key));
  if (missing.length > 0) {
    throw new PublisherError('FUND_IMPORT_INVALID',
      `第 ${headerRow} 行（表头）缺少这些列：${missing.map((s) => s.label).join('、')}。表头现在是：${found.filter(Boolean).join('、') || '（空）'}。` +
      '请按模板改列名，或在“列对应”中指明哪一列是哪一项', { details: { missing: missing.map((s) => s.key) } });
  }
  return { byKey, headerRow };
}

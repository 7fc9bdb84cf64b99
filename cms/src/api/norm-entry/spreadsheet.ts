import ExcelJS from 'exceljs';
import { normEntryProblems } from './rules';

/**
 * 表述规范库 as the office's spreadsheet (xlsx): one row per entry with Chinese column heads and
 * Chinese values, so a list kept in Excel, or sent by a higher office, can be brought in whole and
 * the library handed on. A second sheet says what each column takes.
 */
export const COLUMNS = [
  { key: 'kind', header: '类别', width: 12 },
  { key: 'wrong', header: '错误写法', width: 28 },
  { key: 'right', header: '正确写法', width: 28 },
  { key: 'severity', header: '级别', width: 8 },
  { key: 'source', header: '来源', width: 40 },
  { key: 'since', header: '改变日期', width: 12 },
  { key: 'note', header: '备注', width: 40 },
] as const;

export const KIND_NAMES: Record<string, string> = { typo: '错别字', canonical_name: '规范名称', outdated: '过时表述', forbidden: '禁用表述' };
export const SEVERITY_NAMES: Record<string, string> = { serious: '严重', general: '一般' };
const byName = (names: Record<string, string>) => new Map(Object.entries(names).flatMap(([code, name]) => [[name, code], [code, code]]));
const KIND_OF = byName(KIND_NAMES);
const SEVERITY_OF = byName(SEVERITY_NAMES);

export interface NormEntryRow { kind: string; wrong: string; right: string | null; severity: string; source: string; since: string | null; note: string | null }

export async function normsWorkbook(entries: NormEntryRow[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('表述规范库');
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const e of entries) {
    sheet.addRow({ ...e, kind: KIND_NAMES[e.kind] ?? e.kind, severity: SEVERITY_NAMES[e.severity] ?? e.severity, right: e.right ?? '', since: e.since ?? '', note: e.note ?? '' });
  }
  const help = book.addWorksheet('填写说明');
  help.columns = [{ header: '列', key: 'column', width: 12 }, { header: '怎么填', key: 'how', width: 90 }];
  help.addRows([
    { column: '类别', how: '错别字、规范名称、过时表述、禁用表述之一' },
    { column: '错误写法', how: '至少两个字；同一错误写法只能有一行（导入时已有的会被更新）' },
    { column: '正确写法', how: '禁用表述可以不填，其他类别必填，且不能与错误写法相同' },
    { column: '级别', how: '严重（阻止办公室签发，除非写明理由）或一般（只提示）' },
    { column: '来源', how: '这一条出自哪里：通报、文件、本办决定' },
    { column: '改变日期', how: '过时表述必填，格式 2018-03-17' },
    { column: '备注', how: '可不填' },
    { column: '说明', how: '发布服务另带一份公开来源的基础词表（docs/norms.md 列出），不在此表中；此表中的同一错误写法优先' },
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Each row of an uploaded sheet as an entry, or the problems of every bad row (行 N：…): nothing is taken unless all are good. */
export async function readNormsWorkbook(data: Buffer): Promise<{ entries: NormEntryRow[]; problems: string[] }> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { entries: [], problems: ['文件不是 Excel 工作簿（.xlsx）：请用“导出 Excel”得到的模板填写后再导入'] };
  }
  const sheet = book.worksheets[0];
  if (!sheet) return { entries: [], problems: ['工作簿里没有工作表'] };
  const heads = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => heads.set(text(cell.value), column));
  const missing = COLUMNS.filter((c) => c.key !== 'note' && c.key !== 'since' && !heads.has(c.header)).map((c) => c.header);
  if (missing.length > 0) return { entries: [], problems: [`第 1 行缺少列：${missing.join('、')}（列名须与导出的模板一致）`] };
  const entries: NormEntryRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cell = (header: string) => (heads.has(header) ? text(row.getCell(heads.get(header)!).value) : '');
    const raw = { kind: cell('类别'), wrong: cell('错误写法'), right: cell('正确写法'), severity: cell('级别'), source: cell('来源'), since: heads.has('改变日期') ? date(row.getCell(heads.get('改变日期')!).value) : null, note: cell('备注') };
    if (Object.values(raw).every((v) => !v)) return; // an empty row
    const entry: NormEntryRow = { kind: KIND_OF.get(raw.kind) ?? '', wrong: raw.wrong, right: raw.right || null, severity: SEVERITY_OF.get(raw.severity) ?? '', source: raw.source, since: raw.since, note: raw.note || null };
    const rowProblems: string[] = [];
    if (!entry.kind) rowProblems.push(`类别“${raw.kind}”不对，应为${Object.values(KIND_NAMES).join('、')}之一`);
    if (!entry.severity) rowProblems.push(`级别“${raw.severity}”不对，应为“严重”或“一般”`);
    if (!entry.source) rowProblems.push('请填写“来源”');
    if (raw.since === 'invalid') rowProblems.push('“改变日期”应为日期，如 2018-03-17');
    rowProblems.push(...normEntryProblems({ ...entry, since: raw.since === 'invalid' ? 'x' : entry.since }));
    if (seen.has(entry.wrong)) rowProblems.push(`错误写法“${entry.wrong}”与第 ${seen.get(entry.wrong)} 行重复`);
    seen.set(entry.wrong, number);
    if (rowProblems.length > 0) problems.push(`第 ${number} 行：${rowProblems.join('；')}`);
    else entries.push(entry);
  });
  if (entries.length === 0 && problems.length === 0) problems.push('表中没有条目：从第 2 行起每行一条');
  return { entries, problems };
}

/** A cell's text, whatever Excel made of it (rich text, a formula's result, a number). */
function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('result' in value) return String(value.result ?? '').trim();
    if ('text' in value) return String(value.text).trim();
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value).trim();
}

/** A date cell (Excel's date, or text written as 2018-03-17 / 2018/3/17): YYYY-MM-DD, null when empty, 'invalid' otherwise. */
function date(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text(value));
  return match ? `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}` : 'invalid';
}

import { FUND_COLUMNS, PAYMENT_COLUMNS, VILLAGE_COLUMNS, type ColumnSpec } from './columns';
import { HOUSING_COLUMNS, HOUSING_STATUSES } from './housing-rows';
import { LEDGER_COLUMNS } from './ledger-rows';
import { PROJECT_COLUMNS, PROJECT_STATUSES } from './project-rows';
import { loadExcel } from '../libraries';

/**
 * The empty spreadsheets an office fills in (下载模板): the header row exactly as the import reads it,
 * and a 填写说明 sheet naming each column, whether it is required, the other headers accepted and
 * what goes in it. Made from the same column lists the import uses, so they cannot disagree.
 */
export interface SheetTemplate { title: string; columns: ColumnSpec[]; notes: Record<string, string> }

const DATE = '2026-03-05 或 2026年3月5日';
export const SHEET_TEMPLATES: Record<string, SheetTemplate> = {
  villages: { title: '村名单', columns: VILLAGE_COLUMNS, notes: { township: '乡镇（街道）全称', village: '村（社区）全称' } },
  catalog: { title: '资金目录', columns: FUND_COLUMNS, notes: { standard: '每笔的补助标准，元', total: '元', periodFrom: DATE, periodTo: DATE } },
  payments: { title: '发放明细', columns: PAYMENT_COLUMNS, notes: { fund: '须在资金目录中', idNumber: '18 位，设为文本格式', amount: '大于 0，最多两位小数', paidOn: `${DATE}，在资金执行期内` } },
  projects: {
    title: '民生项目', columns: PROJECT_COLUMNS,
    notes: {
      fund: '须在资金目录中', village: '全镇（乡）项目可不填', amount: '大于 0，最多两位小数', startedOn: DATE, finishedOn: `${DATE}；已完工、已验收的项目必填`,
      status: PROJECT_STATUSES.join('、'),
    },
  },
  ledgers: {
    title: '村级财务', columns: LEDGER_COLUMNS,
    notes: { period: '2026年第3季度、2026年7月 或 2026年', kind: '收入 或 支出', amount: '正数，最多两位小数', entryOn: `${DATE}，在期间内`, summary: '公开内容；不得填写身份证号、电话、银行账号' },
  },
  housing: {
    title: '公租房名册', columns: HOUSING_COLUMNS,
    notes: {
      idNumber: '18 位，设为文本格式；每人一轮只列一行', township: '须在村名单的乡镇中', size: '1 到 20 的整数', category: '如：城镇中低收入住房困难家庭、新就业职工、外来务工人员',
      status: HOUSING_STATUSES.join('、'), reason: '“不予通过”时必填；只告知申请人本人，不公开；不得填写电话、身份证号',
      order: '审核通过、尚未配租的申请必填；一轮中不重复', estate: '配租后填写：只写小区名，不写单元、房号', building: '配租后填写：如“3栋”，不写单元、房号', allocatedOn: `${DATE}；配租后填写`,
    },
  },
};

/** A header as offices see it printed: full-width brackets. */
const shown = (label: string) => label.replace(/\(/g, '（').replace(/\)/g, '）');

export async function sheetTemplateXlsx(kind: string): Promise<Buffer | null> {
  const template = SHEET_TEMPLATES[kind];
  if (!template) return null;
  const book = new (loadExcel().Workbook)();
  const sheet = book.addWorksheet(template.title);
  sheet.addRow(template.columns.map((c) => shown(c.label))).font = { bold: true };
  template.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = Math.max(12, [...c.label].length * 2 + 4);
    // ID numbers and amounts typed as text stay as typed (Excel turns 18 digits into 4.31E+17).
    if (c.key === 'idNumber') sheet.getColumn(i + 1).numFmt = '@';
  });
  const notes = book.addWorksheet('填写说明');
  notes.addRow(['列名', '是否必填', '也可写作', '填写要求']).font = { bold: true };
  for (const c of template.columns) notes.addRow([shown(c.label), c.required ? '必填' : '选填', c.headers.filter((h) => h !== c.label).map(shown).join('、'), template.notes[c.key] ?? '']);
  notes.addRow([]);
  notes.addRow(['表头须在第一行；其他列（如银行账号、电话、住址）不会被读取，也不会保存。任何一行有误，整表不导入，并列出需要修改的行。']);
  [14, 10, 36, 48].forEach((width, i) => { notes.getColumn(i + 1).width = width; });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The same header as a CSV (UTF-8 with a BOM, so Excel opens it in Chinese). */
export function sheetTemplateCsv(kind: string): string | null {
  const template = SHEET_TEMPLATES[kind];
  return template ? `\uFEFF${template.columns.map((c) => shown(c.label)).join(',')}\r\n` : null;
}

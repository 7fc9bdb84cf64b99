import ExcelJS from 'exceljs';
import { HOUSING_COLUMNS, HOUSING_STATUSES } from './housing-rows';

/**
 * The empty 公租房名册 template an office downloads (GET /funds/housing-template.xlsx): the header row
 * is the columns the import looks for (housing-rows.ts, so the two cannot drift), optional ones noted
 * 选填, 审核状态 a drop-down of the five states, ID numbers kept as text. There is no column for a unit
 * or door number, a phone or an address: none is published or stored.
 */
const NOTES: Record<string, string> = {
  township: '选填',
  reason: '审核状态为“不予通过”时必填；只告知申请人本人，不公开',
  order: '审核通过、尚未配租的申请必填：轮候名单按此排序',
  estate: '配租后填写：只写小区名，不写单元、房号',
  building: '配租后填写：如“3栋”，不写单元、房号',
  allocatedOn: '配租后填写：如 2026-06-30',
  category: '如：城镇中低收入住房困难家庭、新就业职工、外来务工人员',
};
const headerOf = (label: string) => label.replace('(', '（').replace(')', '）');

export async function housingTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('公租房名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = HOUSING_COLUMNS.map((spec) => ({ header: headerOf(spec.label), key: spec.key, width: Math.max(12, spec.label.length * 2 + 6) }));
  sheet.getRow(1).font = { bold: true };
  HOUSING_COLUMNS.forEach((spec, i) => {
    if (NOTES[spec.key]) sheet.getCell(1, i + 1).note = NOTES[spec.key];
    // An ID number typed into a number cell would become 4.33026E+17.
    sheet.getColumn(i + 1).numFmt = spec.key === 'size' || spec.key === 'order' ? '0' : '@';
  });
  const status = HOUSING_COLUMNS.findIndex((c) => c.key === 'status') + 1;
  for (let row = 2; row <= 2000; row += 1) {
    sheet.getCell(row, status).dataValidation = {
      type: 'list', allowBlank: false, formulae: [`"${HOUSING_STATUSES.join(',')}"`],
      showErrorMessage: true, errorTitle: '审核状态', error: `请从列表中选择：${HOUSING_STATUSES.join('、')}`,
    };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

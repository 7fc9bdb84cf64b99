import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { FINDING_TITLES, yuan, type CrossCheckReport, type FindingKind } from './cross-checks';
import { loadExcel } from '../libraries';

/**
 * The discipline-inspection office's copy of the cross-checks (数据碰撞): full names and ID numbers,
 * so it is handed over as a file and never served. An xlsx with a sheet per kind after a cover sheet
 * (county, period, rows checked, rules), or a CSV with the kind as its first column. One line per
 * payment row, numbered by finding (线索编号), with the batch and sheet row to pull the voucher by.
 */
const KINDS = Object.keys(FINDING_TITLES) as FindingKind[];
const PREFIX: Record<FindingKind, string> = { repeat: 'CF', aboveStandard: 'CB', afterDeparture: 'SW', official: 'GB' };
const HEADER = ['线索编号', '线索说明', '姓名', '身份证号', '资金名称', '乡镇', '村(社区)', '发放金额(元)', '发放日期', '补贴项目', '批次号', '表内行号'];
const WIDTHS = [10, 48, 10, 21, 24, 12, 14, 13, 12, 20, 8, 9];
export const CONFIDENTIAL = '内部资料：仅供纪检监察机关和审计核查使用，含完整姓名和身份证号，不得公开、转发或上传互联网';

const RULES = [
  '重复领取：同一身份证号在同一项资金中，同一月份领取两次及以上、同一补贴项目领取两次及以上，或在两个及以上村(社区)领取。',
  '超标准发放：单笔发放金额高于资金目录中的补助标准（目录未填标准的资金不核查）。',
  '死亡迁出后仍领取：发放日期晚于死亡/迁出名单中的死亡或迁出日期。',
  '村干部及亲属领取：领取人在村干部名单中（本人或家庭成员），列出供核查，不等于违规。',
  '只核查已公开（live）批次；被更正替换的批次不在其中。线索需逐条核实原始凭证后定性。',
];

/** Every payment line of every finding of one kind, as the sheet and the CSV show it. */
function lines(report: CrossCheckReport, kind: FindingKind): Array<Array<string | number>> {
  return report.findings[kind].flatMap((finding, index) => finding.rows.map((r) => [
    `${PREFIX[kind]}-${String(index + 1).padStart(4, '0')}`, finding.reason, r.name, r.idNumber, r.fund, r.township, r.village,
    Number(yuan(r.amountFen)), r.paidOn, r.item ?? '', r.batchId, r.rowNumber,
  ]));
}

export async function writeCrossChecksXlsx(report: CrossCheckReport, file: string, at: Date): Promise<void> {
  const book = new (loadExcel().Workbook)();
  book.creator = '同源 民生资金公开';
  const cover = book.addWorksheet('说明');
  cover.columns = [{ width: 18 }, { width: 90 }];
  cover.addRows([
    ['民生资金数据碰撞线索'], [CONFIDENTIAL], [],
    ['区县', report.county], ['核查期间', `${report.from} 至 ${report.to}`], ['核查发放明细', `${report.checkedRows} 行（已公开批次）`],
    ['死亡/迁出名单', `${report.rosters.departed} 人`], ['村干部名单', `${report.rosters.officials} 人`],
    ...KINDS.map((k) => [FINDING_TITLES[k], `${report.findings[k].length} 条线索，${report.findings[k].reduce((n, f) => n + f.rows.length, 0)} 行发放明细`]),
    ['生成时间', at.toISOString()], [], ['核查规则'], ...RULES.map((r) => ['', r]),
  ]);
  cover.getCell('A1').font = { bold: true, size: 14 };
  cover.getCell('A2').font = { bold: true, color: { argb: 'FFC00000' } };
  for (const kind of KINDS) {
    const sheet = book.addWorksheet(FINDING_TITLES[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = WIDTHS.map((width) => ({ width }));
    sheet.addRow(HEADER).font = { bold: true };
    sheet.addRows(lines(report, kind));
    sheet.getColumn(8).numFmt = '0.00';
    // ID numbers stay text: as numbers Excel would show 5.2E+17 and drop the last digits.
    sheet.getColumn(4).numFmt = '@';
  }
  await book.xlsx.writeFile(file);
}

export async function writeCrossChecksCsv(report: CrossCheckReport, file: string): Promise<void> {
  // Amounts as 150.00: what the sheets came with, and what a reader of the CSV compares.
  const rows = KINDS.flatMap((kind) => lines(report, kind).map((line) => [FINDING_TITLES[kind], ...line.map((v, i) => (i === 7 ? Number(v).toFixed(2) : v))]));
  // With a BOM, Excel on a Chinese Windows opens it as UTF-8 rather than GBK.
  await writeFile(file, stringify([['类别', ...HEADER], ...rows], { bom: true, record_delimiter: 'windows' }));
}

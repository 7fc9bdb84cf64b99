import { createHash } from 'node:crypto';
import { readAmount, readDate, readText, textOf, type Read } from './cells';
import type { ColumnSpec } from './columns';
import { villageKey, type PaymentContext } from './payment-rows';

/**
 * One row of a 民生项目 sheet (the county's livelihood projects: roads, water, housing …) checked
 * against the fund catalogue and the village list: the project, or every reason it cannot go in,
 * as 行 12：… . A project of a whole township leaves 村（社区） empty.
 */
export const PROJECT_COLUMNS: ColumnSpec[] = [
  { key: 'name', label: '项目名称', headers: ['项目名称', '项目'], required: true },
  { key: 'fund', label: '资金名称', headers: ['资金名称', '资金项目', '资金来源项目'], required: true },
  { key: 'township', label: '乡镇', headers: ['乡镇', '乡镇(街道)', '乡镇街道', '乡(镇)'], required: true },
  { key: 'village', label: '村(社区)', headers: ['村(社区)', '村', '村社区', '行政村', '村(居)'], required: false },
  { key: 'content', label: '建设内容', headers: ['建设内容', '建设内容及规模', '建设规模'], required: true },
  { key: 'amount', label: '投资金额(元)', headers: ['投资金额(元)', '投资金额', '总投资(元)', '总投资', '项目金额(元)'], required: true },
  { key: 'implementer', label: '实施单位', headers: ['实施单位', '项目实施单位', '建设单位'], required: true },
  { key: 'startedOn', label: '开工日期', headers: ['开工日期', '开工时间', '开始日期'], required: true },
  { key: 'finishedOn', label: '完工日期', headers: ['完工日期', '完工时间', '竣工日期'], required: false },
  { key: 'status', label: '项目状态', headers: ['项目状态', '状态', '进度'], required: true },
  { key: 'results', label: '绩效目标/成效', headers: ['绩效目标/成效', '绩效目标', '项目成效', '成效', '绩效目标及成效'], required: false },
];

/** What a project can be; 已完工 and 已验收 need a 完工日期. */
export const PROJECT_STATUSES = ['未开工', '在建', '已完工', '已验收', '停工'] as const;
const FINISHED = new Set(['已完工', '已验收']);
const STATUS_WORDS: Record<string, string> = { 建设中: '在建', 施工中: '在建', 完工: '已完工', 竣工: '已完工', 已竣工: '已完工', 验收: '已验收', 计划: '未开工', 暂停: '停工' };

export interface ProjectRow {
  rowNumber: number; projectKey: string; name: string; fund: string; township: string; village: string; content: string; amountFen: number;
  implementer: string; startedOn: string; finishedOn: string | null; status: string; results: string | null;
}

/** A project's lasting name in addresses and QR codes: the same project keeps it through corrections. */
export const projectKeyOf = (county: string, township: string, village: string, name: string) =>
  createHash('sha256').update(`fund-project\u0000${county}\u0000${township}\u0000${village}\u0000${name}`).digest('hex').slice(0, 16);

export function checkProjectRow(cell: (key: string) => Parameters<typeof readText>[0], rowNumber: number, context: PaymentContext): ProjectRow | string[] {
  const reasons: string[] = [];
  const take = <T>(read: Read<T>, fallback: T): T => (read.ok ? read.value : (reasons.push(read.reason), fallback));
  const name = take(readText(cell('name'), '项目名称', 100, true), '');
  const fund = take(readText(cell('fund'), '资金名称', 100, true), '');
  const township = take(readText(cell('township'), '乡镇', 50, true), '');
  const village = take(readText(cell('village'), '村(社区)', 50, false), '');
  const content = take(readText(cell('content'), '建设内容', 500, true), '');
  const amountFen = /^\s*-/.test(textOf(cell('amount'))) ? (reasons.push('投资金额为负数：请填写项目的投资总额（大于 0）'), 0) : take(readAmount(cell('amount'), '投资金额'), 0);
  const implementer = take(readText(cell('implementer'), '实施单位', 100, true), '');
  const startedOn = take(readDate(cell('startedOn'), '开工日期'), '');
  const finishedOn = cell('finishedOn') === null ? '' : take(readDate(cell('finishedOn'), '完工日期'), '');
  const written = take(readText(cell('status'), '项目状态', 10, true), '');
  const results = take(readText(cell('results'), '绩效目标/成效', 500, false), '');

  const status = STATUS_WORDS[written] ?? written;
  if (written && !(PROJECT_STATUSES as readonly string[]).includes(status)) reasons.push(`项目状态“${written}”应为${PROJECT_STATUSES.join('、')}之一`);
  if (FINISHED.has(status) && !finishedOn && cell('finishedOn') === null) reasons.push(`项目状态为${status}，请填写完工日期`);
  if (startedOn && finishedOn && finishedOn < startedOn) reasons.push(`完工日期 ${finishedOn} 早于开工日期 ${startedOn}`);
  if (fund && !context.funds.has(fund)) reasons.push(`资金名称“${fund}”不在本县的资金目录中：请核对名称，或先导入资金目录`);
  if (township && !village && ![...context.villages].some((key) => key.startsWith(`${township}/`))) reasons.push(`村名单中没有乡镇“${township}”：请核对乡镇名称`);
  if (township && village && !context.villages.has(villageKey(township, village))) reasons.push(`${township}没有“${village}”这个村(社区)：请核对村名，或先更新村名单`);
  if (reasons.length > 0) return reasons;
  return {
    rowNumber, projectKey: projectKeyOf(context.county, township, village, name), name, fund, township, village, content, amountFen, implementer,
    startedOn, finishedOn: finishedOn || null, status, results: results || null,
  };
}

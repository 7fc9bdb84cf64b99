import { readDate, readName, readText, textOf, type Read } from './cells';
import type { ColumnSpec } from './columns';
import { PAYMENT_COLUMNS } from './columns';
import type { IdNumberChecker } from './id-number';
import type { SheetRow } from './sheet';

/**
 * One row of a 公租房 roster (a county's round: applications, the waiting order, allocations) checked:
 * what it is, or every reason it cannot go in, for 行 123：… . What is public is decided here too:
 * 配租结果 is the estate (小区) and the building (楼栋) only — a unit or door number would point at a
 * family's door, so a cell that carries one is refused and 单元/房号 columns are never read; a refusal's
 * reason goes to the applicant's own check only. Phones, bank accounts and addresses are not read.
 */
export const HOUSING_STATUSES = ['受理', '初审通过', '公示中', '审核通过', '不予通过'] as const;
export type HousingStatus = (typeof HOUSING_STATUSES)[number];

const column = (key: string, label: string, headers: string[], required = true): ColumnSpec => ({ key, label, headers, required });
const spec = (key: string) => PAYMENT_COLUMNS.find((c) => c.key === key)!;

export const HOUSING_COLUMNS: ColumnSpec[] = [
  column('name', '申请人姓名', ['申请人姓名', '申请人', '姓名']),
  spec('idNumber'),
  column('township', '乡镇/街道', ['乡镇/街道', '乡镇(街道)', '乡镇', '街道', '乡镇街道'], false),
  column('size', '家庭人口', ['家庭人口', '家庭人口(人)', '家庭人数', '共同申请人数']),
  column('category', '申请类别', ['申请类别', '保障类别', '申请类型', '类别']),
  column('status', '审核状态', ['审核状态', '状态', '审核结果']),
  column('reason', '不予通过理由', ['不予通过理由', '理由', '不予通过原因', '原因'], false),
  column('order', '轮候序号', ['轮候序号', '轮候号', '轮候顺序'], false),
  column('estate', '房源小区', ['房源小区', '配租小区', '小区', '配租结果'], false),
  column('building', '楼栋', ['楼栋', '栋号', '楼号'], false),
  column('allocatedOn', '配租日期', ['配租日期', '配租时间'], false),
];

export interface HousingRow {
  rowNumber: number; name: string; idNumber: string; township: string | null; householdSize: number; category: string; status: HousingStatus;
  reason: string | null; waitingOrder: number | null; estate: string | null; building: string | null; allocatedOn: string | null;
}

/** What a roster is checked against: the county's townships (when it has a village list), and what earlier rows used. */
export interface HousingContext { townships: Set<string>; seenIds: Map<string, number>; seenOrders: Map<number, number> }

const DOOR = /\d+\s*(单元|室|号房|户|层)|\d+-\d+|(单元|房号|门牌)|\d{3,}\s*$/;
const PRIVATE_DIGITS = /\d{7,}/;

function readCount(cell: SheetRow['cells'][number], label: string, max: number, required: boolean): Read<number | null> {
  const text = textOf(cell).replace(/[人号\s]/g, '').normalize('NFKC');
  if (!text) return required ? { ok: false, reason: `${label}为空` } : { ok: true, value: null };
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) return { ok: false, reason: `${label}“${text.slice(0, 10)}”应为 1 到 ${max} 的整数` };
  return { ok: true, value: Number(text) };
}

export function checkHousingRow(row: SheetRow, cell: (key: string) => SheetRow['cells'][number], context: HousingContext, ids: IdNumberChecker): HousingRow | string[] {
  const reasons: string[] = [];
  const take = <T>(read: Read<T>, fallback: T): T => (read.ok ? read.value : (reasons.push(read.reason), fallback));
  const name = take(readName(cell('name'), '申请人姓名'), '');
  const idCheck = ids.check(cell('idNumber') === null ? '' : String(cell('idNumber')));
  if (!idCheck.ok) reasons.push(idCheck.reason);
  else if (context.seenIds.has(idCheck.value)) reasons.push(`身份证号与第 ${context.seenIds.get(idCheck.value)} 行重复：每位申请人在一轮中只列一行`);
  else context.seenIds.set(idCheck.value, row.rowNumber);
  const township = take(readText(cell('township'), '乡镇/街道', 50, false), '');
  if (township && context.townships.size > 0 && !context.townships.has(township)) reasons.push(`本县没有“${township}”这个乡镇/街道：请核对名称，或留空`);
  const householdSize = take(readCount(cell('size'), '家庭人口', 20, true), null) ?? 0;
  const category = take(readText(cell('category'), '申请类别', 40, true), '');
  if (/\d/.test(category)) reasons.push(`申请类别“${category}”含有数字：请填写类别名称，如“城镇中低收入住房困难家庭”`);
  const statusText = take(readText(cell('status'), '审核状态', 10, true), '');
  const status = (HOUSING_STATUSES as readonly string[]).includes(statusText) ? (statusText as HousingStatus) : null;
  if (statusText && !status) reasons.push(`审核状态“${statusText}”应为：${HOUSING_STATUSES.join('、')}`);
  const reason = take(readText(cell('reason'), '不予通过理由', 200, false), '');
  if (status === '不予通过' && !reason) reasons.push('审核状态为“不予通过”时须填写理由（只告知申请人本人，不公开）');
  if (reason && status !== '不予通过') reasons.push('只有“不予通过”的申请填写理由');
  if (PRIVATE_DIGITS.test(reason)) reasons.push('理由中不要写电话、身份证号、银行账号等个人信息');
  const waitingOrder = take(readCount(cell('order'), '轮候序号', 1_000_000, false), null);
  const estate = take(readText(cell('estate'), '房源小区', 60, false), '');
  const building = take(readText(cell('building'), '楼栋', 20, false), '');
  const allocatedOn = cell('allocatedOn') === null ? '' : take(readDate(cell('allocatedOn'), '配租日期'), '');
  if (DOOR.test(estate) || /单元|室|房号|户|层|-/.test(building)) reasons.push('配租结果只公开房源小区和楼栋（如“阳光苑”“3栋”）：请去掉单元号、房号');
  if (waitingOrder !== null && status !== '审核通过') reasons.push('只有“审核通过”的申请有轮候序号');
  if (waitingOrder !== null && context.seenOrders.has(waitingOrder)) reasons.push(`轮候序号 ${waitingOrder} 与第 ${context.seenOrders.get(waitingOrder)} 行重复`);
  else if (waitingOrder !== null) context.seenOrders.set(waitingOrder, row.rowNumber);
  const allocated = Boolean(estate || building || allocatedOn);
  if (allocated && status !== '审核通过') reasons.push('只有“审核通过”的申请可以有配租结果');
  if (allocated && (!estate || !building || !allocatedOn)) reasons.push('配租结果须同时填写房源小区、楼栋和配租日期');
  if (status === '审核通过' && !allocated && waitingOrder === null) reasons.push('审核通过、尚未配租的申请须填写轮候序号');
  if (reasons.length > 0) return reasons;
  return {
    rowNumber: row.rowNumber, name, idNumber: (idCheck as { value: string }).value, township: township || null, householdSize, category, status: status!,
    reason: reason || null, waitingOrder, estate: estate || null, building: building || null, allocatedOn: allocatedOn || null,
  };
}

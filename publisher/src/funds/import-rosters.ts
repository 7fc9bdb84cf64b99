import type { Config } from '../config';
import type { FundRosterStore, DepartureReason } from '../store/fund-rosters';
import type { FundStore } from '../store/funds';
import { readDate, readName, readText } from './cells';
import type { ColumnSpec } from './columns';
import { PAYMENT_COLUMNS } from './columns';
import { IdNumberChecker } from './id-number';
import { checkedRows, collect, type CatalogUpload } from './import-catalog';
import { payeeKeyOf } from './import-payments';
import { villageKey } from './payment-rows';

/**
 * The two rosters the cross-checks compare payees with (数据碰撞), each a county's whole list that
 * replaces the one before: 死亡/迁出名单 from civil affairs and the police station, and 村干部名单
 * (officials and their household members) from the organization department. Checked like a payment
 * sheet — all rows or none, every row to fix named (行 N：…) — and keyed by the same HMAC of the ID
 * number as the payments, so the check is a join.
 */
export interface RosterDeps { funds: FundStore; rosters: FundRosterStore; config: Pick<Config, 'HOOK_SECRET'> }

const column = (key: string, label: string, headers: string[], required = true): ColumnSpec => ({ key, label, headers, required });
const spec = (key: string) => PAYMENT_COLUMNS.find((c) => c.key === key)!;
const NAME = column('name', '姓名', ['姓名', '人员姓名']);

export const DEPARTED_COLUMNS: ColumnSpec[] = [
  NAME, spec('idNumber'),
  column('reason', '类型', ['类型', '人员类型', '变动类型', '注销原因', '原因']),
  column('since', '日期', ['日期', '死亡日期', '迁出日期', '死亡(迁出)日期', '变动日期', '注销日期']),
  column('note', '备注', ['备注', '说明'], false),
];

export const OFFICIAL_COLUMNS: ColumnSpec[] = [
  spec('township'), spec('village'), NAME, spec('idNumber'),
  column('post', '职务', ['职务', '担任职务', '岗位']),
  column('relation', '关系', ['关系', '与干部关系', '与村干部关系', '家庭关系', '与户主关系']),
  column('head', '户主身份证号', ['户主身份证号', '户主身份证号码', '村干部身份证号', '干部身份证号'], false),
];

const REASONS: Record<string, DepartureReason> = { 死亡: '死亡', 去世: '死亡', 已故: '死亡', 迁出: '迁出', 户籍迁出: '迁出', 户口迁出: '迁出', 迁移: '迁出' };

/**
 * The roster's ID numbers, each checked (GB 11643) and listed once: a second row for the same person is
 * refused, naming the first. A household head's number is only checked.
 */
function idNumbers() {
  const ids = new IdNumberChecker();
  const seen = new Map<string, number>();
  return {
    person(raw: unknown, rowNumber: number, reasons: string[]): string | null {
      const check = ids.check(raw === null || raw === undefined ? '' : String(raw));
      if (!check.ok) return (reasons.push(check.reason), null);
      if (seen.has(check.value)) return (reasons.push(`身份证号与第 ${seen.get(check.value)} 行重复：每人只列一行`), null);
      seen.set(check.value, rowNumber);
      return check.value;
    },
    head(raw: unknown, reasons: string[]): string | null {
      if (raw === null || raw === undefined || String(raw).trim() === '') return null;
      const check = ids.check(String(raw));
      return check.ok ? check.value : (reasons.push(check.reason.replace('身份证号', '户主身份证号')), null);
    },
  };
}

export async function importDeparted(deps: RosterDeps, upload: CatalogUpload): Promise<number> {
  const ids = idNumbers();
  const rows = await checkedRows(upload, DEPARTED_COLUMNS, (cell, row) => {
    const { reasons, take } = collect();
    const name = take(readName(cell('name'), '姓名'), '');
    const idNumber = ids.person(cell('idNumber'), row.rowNumber, reasons);
    const reasonText = take(readText(cell('reason'), '类型', 10, true), '');
    const reason = REASONS[reasonText];
    if (reasonText && !reason) reasons.push(`类型“${reasonText}”应为“死亡”或“迁出”`);
    const since = take(readDate(cell('since'), '日期'), '');
    const note = take(readText(cell('note'), '备注', 200, false), '');
    if (reasons.length || !idNumber) return reasons;
    return { row_number: row.rowNumber, payee_name: name, id_number: idNumber, payee_key: payeeKeyOf(deps.config.HOOK_SECRET, idNumber), reason, since, note: note || null };
  });
  await deps.rosters.replaceDeparted(upload.county, rows);
  return rows.length;
}

export async function importOfficials(deps: RosterDeps, upload: CatalogUpload): Promise<number> {
  const ids = idNumbers();
  const { villages } = await deps.funds.catalog(upload.county);
  const rows = await checkedRows(upload, OFFICIAL_COLUMNS, (cell, row) => {
    const { reasons, take } = collect();
    const township = take(readText(cell('township'), '乡镇', 50, true), '');
    const village = take(readText(cell('village'), '村(社区)', 50, true), '');
    // Checked against the village list once there is one: a misspelt village would hide nothing, but reads wrong in the export.
    if (township && village && villages.size > 0 && !villages.has(villageKey(township, village))) {
      reasons.push(`${township}没有“${village}”这个村(社区)：请核对村名，或先更新村名单`);
    }
    const name = take(readName(cell('name'), '姓名'), '');
    const idNumber = ids.person(cell('idNumber'), row.rowNumber, reasons);
    const post = take(readText(cell('post'), '职务', 50, true), '');
    const relation = take(readText(cell('relation'), '关系', 20, true), '');
    const head = ids.head(cell('head'), reasons);
    if (reasons.length || !idNumber) return reasons;
    return {
      row_number: row.rowNumber, township, village, payee_name: name, id_number: idNumber, payee_key: payeeKeyOf(deps.config.HOOK_SECRET, idNumber),
      post, relation, head_id_number: head && head !== idNumber ? head : null,
    };
  });
  await deps.rosters.replaceOfficials(upload.county, rows);
  return rows.length;
}

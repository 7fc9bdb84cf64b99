import { PublisherError } from '../errors';
import type { Db } from '../store/db';
import { FundCheckQueries, type CheckScope } from '../store/fund-checks';
import { FundRosterStore } from '../store/fund-rosters';

/**
 * 数据碰撞: the auditors' cross-checks over a county's live payments in a period, for the
 * discipline-inspection office and never for a public page. Four kinds, each a list of findings with
 * the payment rows that raised it (batch and sheet row, so the office can pull the original voucher):
 *
 * - 重复领取: one ID paid by one fund twice in a calendar month, twice for the same 补贴项目, or in two
 *   villages. The catalogue says a fund's standard per payment but not how often it pays; "at most
 *   monthly" is the tightest rule that does not flag a fund paid every month, and a sheet that names
 *   the month in 补贴项目 (2026年4月) is checked by item as well.
 * - 超标准发放: a payment above its fund's 补助标准, where the catalogue gives one.
 * - 死亡/迁出后仍领取: paid after the day on the 死亡/迁出名单.
 * - 村干部及亲属领取: paid to someone on the 村干部名单 (an official or a household member), to review.
 *
 * The grouping and joining is SQL (store/fund-checks.ts); only the rows of findings reach this file.
 */
export type FindingKind = 'repeat' | 'aboveStandard' | 'afterDeparture' | 'official';
export const FINDING_TITLES: Record<FindingKind, string> = { repeat: '重复领取', aboveStandard: '超标准发放', afterDeparture: '死亡迁出后仍领取', official: '村干部及亲属领取' };
export interface FindingRow {
  batchId: number; rowNumber: number; fund: string; township: string; village: string; name: string; idNumber: string; amountFen: number; paidOn: string; item: string | null;
}
export interface Finding { kind: FindingKind; name: string; idNumber: string; fund: string | null; reason: string; rows: FindingRow[] }
export interface CrossCheckReport extends CheckScope {
  checkedRows: number; rosters: { departed: number; officials: number }; findings: Record<FindingKind, Finding[]>;
}

type Raw = { batch_id: number; row_number: number; fund: string; township: string; village: string; payee_name: string; id_number: string; payee_key: string; amount_fen: number | string; paid_on: string; item: string | null };
const toRow = (r: Raw): FindingRow => ({
  batchId: Number(r.batch_id), rowNumber: Number(r.row_number), fund: r.fund, township: r.township, village: r.village,
  name: r.payee_name, idNumber: r.id_number, amountFen: Number(r.amount_fen), paidOn: r.paid_on, item: r.item,
});
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Rows in query order, grouped by a key: each group one finding. */
function grouped<T extends Raw>(rows: T[], key: (r: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) (groups.get(key(r)) ?? groups.set(key(r), []).get(key(r))!).push(r);
  return [...groups.values()];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function runCrossChecks(deps: { db: Db }, scope: CheckScope): Promise<CrossCheckReport> {
  if (!DAY.test(scope.from) || !DAY.test(scope.to) || scope.from > scope.to) {
    throw new PublisherError('BAD_REQUEST', `核查期间应写成 --from 2026-01-01 --to 2026-12-31（开始不晚于结束）；收到的是 ${scope.from} 至 ${scope.to}`);
  }
  const queries = new FundCheckQueries(deps.db);
  const [checkedRows, rosters, repeats, above, departed, officials] = await Promise.all([
    queries.liveRows(scope), new FundRosterStore(deps.db).sizes(scope.county),
    queries.repeats(scope), queries.aboveStandard(scope), queries.afterDeparture(scope), queries.toOfficials(scope),
  ]);
  const finding = (kind: FindingKind, rows: Raw[], fund: string | null, reason: string): Finding => ({
    kind, name: rows[0].payee_name, idNumber: rows[0].id_number, fund, reason, rows: rows.map(toRow),
  });
  return {
    ...scope, checkedRows, rosters,
    findings: {
      repeat: grouped(repeats, (r) => `${r.fund}\n${r.payee_key}`).map((rows) => finding('repeat', rows, rows[0].fund, repeatReason(rows))),
      aboveStandard: grouped(above, (r) => `${r.fund}\n${r.payee_key}`).map((rows) => finding('aboveStandard', rows, rows[0].fund,
        `补助标准 ${yuan(Number(rows[0].standard_fen))} 元，${rows.length} 笔超过标准，合计多发 ${yuan(rows.reduce((n, r) => n + Number(r.amount_fen) - Number(r.standard_fen), 0))} 元`)),
      afterDeparture: grouped(departed, (r) => r.payee_key).map((rows) => finding('afterDeparture', rows, null,
        `${rows[0].since} ${rows[0].reason}${rows[0].note ? `（${rows[0].note}）` : ''}，此后领取 ${rows.length} 笔，合计 ${yuan(rows.reduce((n, r) => n + Number(r.amount_fen), 0))} 元`)),
      official: grouped(officials, (r) => r.payee_key).map((rows) => {
        const o = rows[0];
        const who = o.relation === '本人' ? `本人任${o.roster_township}${o.roster_village}${o.post}`
          : `${o.roster_township}${o.roster_village}${o.post}${o.head_name ? `${o.head_name}（${o.head_post ?? ''}）` : ''}的${o.relation}`;
        return finding('official', rows, null, `${who}；领取 ${rows.length} 笔，合计 ${yuan(rows.reduce((n, r) => n + Number(r.amount_fen), 0))} 元`);
      }),
    },
  };
}

/** Why one payee's rows in one fund repeat, in the auditors' words. */
function repeatReason(rows: Array<Raw & { paid_on: string; same_month: number | string; same_item: number | string; first_place: string; last_place: string }>): string {
  const reasons: string[] = [];
  const months = [...new Set(rows.filter((r) => Number(r.same_month) > 1).map((r) => r.paid_on.slice(0, 7)))];
  if (months.length) reasons.push(`同一月份领取多次（${months.join('、')}）`);
  const items = [...new Set(rows.filter((r) => Number(r.same_item) > 1).map((r) => r.item))];
  if (items.length) reasons.push(`同一补贴项目领取多次（${items.map((i) => `“${i}”`).join('、')}）`);
  const places = [...new Set(rows.map((r) => `${r.township}${r.village}`))];
  if (rows[0].first_place !== rows[0].last_place) reasons.push(`在 ${places.length} 个村(社区)领取（${places.join('、')}）`);
  return reasons.join('；');
}

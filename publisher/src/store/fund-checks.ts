import { sql } from 'kysely';
import type { Db } from './db';
import type { FundBatchesTable, FundFundsTable, FundPaymentsTable } from './funds';
import type { FundDepartedTable, FundOfficialsTable } from './fund-rosters';

type Tables = {
  fund_payments: FundPaymentsTable; fund_batches: FundBatchesTable; fund_funds: FundFundsTable; fund_departed: FundDepartedTable; fund_officials: FundOfficialsTable;
};
export interface CheckScope { county: string; from: string; to: string }

/** The payment columns every finding shows, named as FindingRow (cross-checks.ts) reads them. */
const ROW = ['p.batch_id', 'p.row_number', 'p.fund', 'p.township', 'p.village', 'p.payee_name', 'p.id_number', 'p.payee_key', 'p.amount_fen', 'p.paid_on', 'p.item'] as const;

/**
 * The cross-checks' queries (数据碰撞), each one statement over a county's live batches in a period,
 * so that a year's 300,000 rows are grouped and joined by the database and only the rows of findings
 * come back. Replaced, staged and failed batches are never looked at.
 */
export class FundCheckQueries {
  private readonly db;
  constructor(db: Db) {
    this.db = db.withTables<Tables>();
  }

  /** The county's live batches, as a subquery: a semi-join the planner sizes well, where joining fund_batches was guessed. */
  private liveBatches(county: string) {
    return this.db.selectFrom('fund_batches').select('id').$narrowType<{ id: number }>().where('county', '=', county).where('status', '=', 'live');
  }

  private live({ county, from, to }: CheckScope) {
    return this.db.selectFrom('fund_payments as p').where('p.batch_id', 'in', this.liveBatches(county)).where('p.paid_on', '>=', from).where('p.paid_on', '<=', to);
  }

  async liveRows(scope: CheckScope): Promise<number> {
    return Number((await this.live(scope).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }

  /**
   * Rows of one payee in one fund that repeat: paid twice in a calendar month (a fund pays at most
   * monthly), twice for the same 补贴项目, or in two different villages. Each row says which.
   * First the (fund, payee) pairs, from one narrow GROUP BY over the period, computed once
   * (materialized: PostgreSQL's parallel workers each ran it); then only their rows are fetched and
   * marked — sorting 300,000 whole rows for the window functions took seconds.
   */
  async repeats(scope: CheckScope) {
    const place = sql<string>`p.township || '/' || p.village`;
    const flagged = this.live(scope).select(['p.fund', 'p.payee_key']).groupBy(['p.fund', 'p.payee_key'])
      .having((e) => e.or([
        e(e.fn.countAll(), '>', e.fn.count(sql`substr(p.paid_on, 1, 7)`).distinct()),
        e(e.fn.count('p.item'), '>', e.fn.count('p.item').distinct()),
        e(e.fn.min(place), '<>', e.fn.max(place)),
      ]));
    const rows = this.db.with((w) => w('flagged').materialized(), () => flagged)
      .selectFrom('flagged as f').innerJoin('fund_payments as p', (j) => j.onRef('p.payee_key', '=', 'f.payee_key').onRef('p.fund', '=', 'f.fund'))
      .where('p.batch_id', 'in', this.liveBatches(scope.county)).where('p.paid_on', '>=', scope.from).where('p.paid_on', '<=', scope.to)
      .select([...ROW, sql<string>`substr(p.paid_on, 1, 7)`.as('month'), place.as('place')]);
    const marked = this.db.selectFrom(rows.as('r')).selectAll()
      .select((e) => [
        e.fn.countAll<number>().over((o) => o.partitionBy(['fund', 'payee_key', 'month'])).as('same_month'),
        e.fn.count<number>('item').over((o) => o.partitionBy(['fund', 'payee_key', 'item'])).as('same_item'),
        e.fn.min<string>('place').over((o) => o.partitionBy(['fund', 'payee_key'])).as('first_place'),
        e.fn.max<string>('place').over((o) => o.partitionBy(['fund', 'payee_key'])).as('last_place'),
      ]);
    return this.db.selectFrom(marked.as('m')).selectAll()
      .where((e) => e.or([e('same_month', '>', 1), e('same_item', '>', 1), e('first_place', '<>', e.ref('last_place'))]))
      .orderBy('fund').orderBy('payee_key').orderBy('paid_on').orderBy('batch_id').orderBy('row_number').execute();
  }

  /** Rows paid above their fund's standard (补助标准), for funds that have one. */
  async aboveStandard(scope: CheckScope) {
    return this.live(scope).innerJoin('fund_funds as f', (j) => j.onRef('f.name', '=', 'p.fund').on('f.county', '=', scope.county))
      .select([...ROW, 'f.standard_fen']).where('f.standard_fen', 'is not', null).whereRef('p.amount_fen', '>', 'f.standard_fen')
      .orderBy('p.fund').orderBy('p.payee_key').orderBy('p.paid_on').orderBy('p.batch_id').orderBy('p.row_number').execute();
  }

  /** Rows paid after the day the payee died or moved away, by the county's roster. */
  async afterDeparture(scope: CheckScope) {
    return this.live(scope).innerJoin('fund_departed as d', (j) => j.onRef('d.payee_key', '=', 'p.payee_key').on('d.county', '=', scope.county))
      .select([...ROW, 'd.reason', 'd.since', 'd.note', 'd.payee_name as roster_name']).whereRef('p.paid_on', '>', 'd.since')
      .orderBy('p.payee_key').orderBy('p.paid_on').orderBy('p.batch_id').orderBy('p.row_number').execute();
  }

  /** Rows paid to a village official or a member of one's household, with the post, the relation and the household's head. */
  async toOfficials(scope: CheckScope) {
    return this.live(scope).innerJoin('fund_officials as o', (j) => j.onRef('o.payee_key', '=', 'p.payee_key').on('o.county', '=', scope.county))
      .leftJoin('fund_officials as h', (j) => j.onRef('h.county', '=', 'o.county').onRef('h.id_number', '=', 'o.head_id_number'))
      .select([...ROW, 'o.township as roster_township', 'o.village as roster_village', 'o.post', 'o.relation', 'o.payee_name as roster_name',
        'o.head_id_number', 'h.payee_name as head_name', 'h.post as head_post'])
      .orderBy('o.township').orderBy('o.village').orderBy('p.payee_key').orderBy('p.paid_on').orderBy('p.batch_id').orderBy('p.row_number').execute();
  }
}

export type RepeatRow = Awaited<ReturnType<FundCheckQueries['repeats']>>[number];
export type StandardRow = Awaited<ReturnType<FundCheckQueries['aboveStandard']>>[number];
export type DepartureRow = Awaited<ReturnType<FundCheckQueries['afterDeparture']>>[number];
export type OfficialRow = Awaited<ReturnType<FundCheckQueries['toOfficials']>>[number];

import type { Db } from './db';
import type { FundBatchesTable, FundBatchKind, FundFundsTable, FundPaymentsTable } from './funds';

/**
 * Reads for the disclosure pages and a household's own lookup: live batches only, totals from the
 * per-place sums made when a batch was staged (migrations/fund-disclosure.ts), a village's rows a
 * page at a time. Rows come back with full names and ID numbers: callers mask them (funds/masking.ts)
 * before anything is shown, and nothing here is reachable without going through them.
 */
export interface FundBatchPlacesTable { batch_id: number; township: string; village: string; fund: string; payments: number; total_fen: number }
type Tables = { fund_batches: FundBatchesTable; fund_funds: FundFundsTable; fund_payments: FundPaymentsTable; fund_batch_places: FundBatchPlacesTable };

export interface LiveBatch { id: number; kind: FundBatchKind; title: string; rows: number; totalFen: number; liveAt: string; replaces: number | null; correctionNote: string | null; replacedTitle: string | null }
export interface PlaceTotal { township: string; village: string; fund: string; payments: number; totalFen: number }
export interface FundDescription { name: string; source: string | null; level: string | null; standardFen: number | null; totalFen: number | null; periodFrom: string; periodTo: string }
export interface PaymentLine { batchId: number; rowNumber: number; fund: string; township: string; village: string; payeeName: string; idNumber: string; amountFen: number; paidOn: string; item: string | null }
export interface PlaceFilter { township?: string; village?: string; fund?: string }

export class FundDisclosureStore {
  private readonly db;
  constructor(db: Db) {
    this.db = db.withTables<Tables>();
  }

  /** The county's live batches, newest first; a correction with the title of what it replaced. */
  async liveBatches(county: string): Promise<LiveBatch[]> {
    const rows = await this.db.selectFrom('fund_batches as b').leftJoin('fund_batches as old', 'old.id', 'b.replaces')
      .select(['b.id', 'b.kind', 'b.title', 'b.rows', 'b.total_fen', 'b.live_at', 'b.replaces', 'b.correction_note', 'old.title as replaced_title'])
      // 公租房 rosters are batches too (a kind of their own, store/housing.ts), with pages and feed entries of their own.
      .where('b.county', '=', county).where('b.status', '=', 'live').where('b.kind', '!=', 'housing' as FundBatchesTable['kind']).orderBy('b.live_at', 'desc').orderBy('b.id', 'desc').execute();
    return rows.map((r) => ({
      id: Number(r.id), kind: r.kind, title: r.title, rows: Number(r.rows), totalFen: Number(r.total_fen), liveAt: r.live_at ?? '',
      replaces: r.replaces === null ? null : Number(r.replaces), correctionNote: r.correction_note, replacedTitle: r.replaced_title,
    }));
  }

  /** Sums of the live batches per township, village and fund (narrowed by the filter). */
  async placeTotals(county: string, filter: PlaceFilter = {}): Promise<PlaceTotal[]> {
    let query = this.db.selectFrom('fund_batch_places as s').innerJoin('fund_batches as b', 'b.id', 's.batch_id')
      .select((e) => ['s.township', 's.village', 's.fund', e.fn.sum<number>('s.payments').as('payments'), e.fn.sum<number>('s.total_fen').as('total')])
      .where('b.county', '=', county).where('b.status', '=', 'live');
    if (filter.township !== undefined) query = query.where('s.township', '=', filter.township);
    if (filter.village !== undefined) query = query.where('s.village', '=', filter.village);
    if (filter.fund !== undefined) query = query.where('s.fund', '=', filter.fund);
    const rows = await query.groupBy(['s.township', 's.village', 's.fund']).orderBy('s.township').orderBy('s.village').orderBy('s.fund').execute();
    return rows.map((r) => ({ township: r.township, village: r.village, fund: r.fund, payments: Number(r.payments), totalFen: Number(r.total) }));
  }

  async funds(county: string): Promise<FundDescription[]> {
    const rows = await this.db.selectFrom('fund_funds').selectAll().where('county', '=', county).orderBy('name').execute();
    return rows.map((f) => ({
      name: f.name, source: f.source, level: f.level, periodFrom: f.period_from, periodTo: f.period_to,
      standardFen: f.standard_fen === null ? null : Number(f.standard_fen), totalFen: f.total_fen === null ? null : Number(f.total_fen),
    }));
  }

  /** One page of a village's live payments in batch and sheet order (the place index's order). */
  async villageRows(batchIds: number[], township: string, village: string, page: { offset: number; limit: number; fund?: string }): Promise<PaymentLine[]> {
    if (batchIds.length === 0) return [];
    let query = this.db.selectFrom('fund_payments')
      .select(['batch_id', 'row_number', 'fund', 'township', 'village', 'payee_name', 'id_number', 'amount_fen', 'paid_on', 'item'])
      .where('batch_id', 'in', batchIds).where('township', '=', township).where('village', '=', village);
    if (page.fund !== undefined) query = query.where('fund', '=', page.fund);
    const rows = await query.orderBy('batch_id').orderBy('row_number').limit(page.limit).offset(page.offset).execute();
    return rows.map(toLine);
  }

  /** A payee's live payments in the county, by the HMAC of their ID number. */
  async paymentsOfPayee(batchIds: number[], payeeKey: string): Promise<PaymentLine[]> {
    if (batchIds.length === 0) return [];
    const rows = await this.db.selectFrom('fund_payments')
      .select(['batch_id', 'row_number', 'fund', 'township', 'village', 'payee_name', 'id_number', 'amount_fen', 'paid_on', 'item'])
      .where('payee_key', '=', payeeKey).where('batch_id', 'in', batchIds).orderBy('paid_on', 'desc').orderBy('batch_id').orderBy('row_number').limit(1000).execute();
    return rows.map(toLine);
  }
}

const toLine = (r: { batch_id: number; row_number: number; fund: string; township: string; village: string; payee_name: string; id_number: string; amount_fen: number; paid_on: string; item: string | null }): PaymentLine => ({
  batchId: Number(r.batch_id), rowNumber: Number(r.row_number), fund: r.fund, township: r.township, village: r.village,
  payeeName: r.payee_name, idNumber: r.id_number, amountFen: Number(r.amount_fen), paidOn: r.paid_on, item: r.item,
});

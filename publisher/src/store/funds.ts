import { sql, type Selectable } from 'kysely';
import { PublisherError } from '../errors';
import type { Db } from './db';
import type { FundInfo, PaymentContext } from '../funds/payment-rows';
import { villageKey } from '../funds/payment-rows';

/** The tables of migrations/funds.ts, kept beside the store that alone reads them. */
export interface FundVillagesTable { county: string; township: string; village: string }
export interface FundFundsTable {
  county: string; name: string; source: string | null; level: string | null; standard_fen: number | null; total_fen: number | null; period_from: string; period_to: string;
}
export interface FundBatchesTable {
  id?: number; kind: FundBatchKind; county: string; title: string; file_name: string; status: FundBatchStatus; rows: number; total_fen: number;
  errors: string | null; replaces: number | null; replaced_by: number | null; correction_note: string | null; created_at: string; live_at: string | null;
  withdrawn_at?: string | null; withdrawn_reason?: string | null;
  /** The CMS's user ids and names (migrations/fund-signoff.ts): the uploader may not sign off their own batch. */
  uploaded_by?: string | null; uploaded_by_name?: string | null; signed_off_by?: string | null; signed_off_by_name?: string | null; withdrawn_by_name?: string | null;
}
/** Someone in the CMS: the uploader, the signer or who withdrew a batch (the command line names nobody). */
export interface FundActor { id: string; name: string }
export interface FundPaymentsTable {
  batch_id: number; row_number: number; fund: string; township: string; village: string; payee_name: string; id_number: string; payee_key: string;
  amount_fen: number; paid_on: string; item: string | null;
}
/** 发放明细, 民生项目 and 村级财务 (store/fund-projects.ts) and 公租房 rosters (store/housing.ts): one batch life for all four. */
export type FundBatchKind = 'payments' | 'projects' | 'ledgers' | 'housing';
/** `returned`: a staged batch sent back before sign-off (退回, or its uploader's 撤销上传), its rows removed. */
export type FundBatchStatus = 'importing' | 'staged' | 'live' | 'replaced' | 'failed' | 'withdrawn' | 'returned';
export type FundBatch = Selectable<FundBatchesTable>;
type Tables = { fund_villages: FundVillagesTable; fund_funds: FundFundsTable; fund_batches: FundBatchesTable; fund_payments: FundPaymentsTable };

/**
 * 民生资金公开's records: each county's village list and fund catalogue (what a payment row is
 * checked against), and the import batches. Rows are written by PaymentWriter (bulk) while their
 * batch is 'importing'; a batch becomes visible only by going live, and a correction replaces the
 * live batch it names in the same transaction — the old one stays, marked replaced.
 */
export class FundStore {
  private readonly db;
  constructor(db: Db) {
    this.db = db.withTables<Tables>();
  }

  async catalog(county: string): Promise<PaymentContext> {
    const [funds, villages] = await Promise.all([
      this.db.selectFrom('fund_funds').selectAll().where('county', '=', county).execute(),
      this.db.selectFrom('fund_villages').selectAll().where('county', '=', county).execute(),
    ]);
    return {
      county,
      funds: new Map(funds.map((f): [string, FundInfo] => [f.name, {
        name: f.name, periodFrom: f.period_from, periodTo: f.period_to, standardFen: f.standard_fen === null ? null : Number(f.standard_fen),
      }])),
      villages: new Set(villages.map((v) => villageKey(v.township, v.village))),
    };
  }

  /** The county's whole village list, replaced at once. */
  async replaceVillages(county: string, villages: Array<{ township: string; village: string }>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('fund_villages').where('county', '=', county).execute();
      for (let i = 0; i < villages.length; i += 500) await trx.insertInto('fund_villages').values(villages.slice(i, i + 500).map((v) => ({ county, ...v }))).execute();
    });
  }

  /** The county's fund catalogue, each fund added or updated by name (payments name their fund). */
  async putFunds(county: string, funds: Array<Omit<FundFundsTable, 'county'>>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const fund of funds) {
        await trx.insertInto('fund_funds').values({ county, ...fund })
          .onConflict((c) => c.columns(['county', 'name']).doUpdateSet({ ...fund })).execute();
      }
    });
  }

  async createBatch(batch: Pick<FundBatchesTable, 'kind' | 'county' | 'title' | 'file_name' | 'replaces' | 'correction_note' | 'created_at' | 'uploaded_by' | 'uploaded_by_name'>): Promise<number> {
    const row = await this.db.insertInto('fund_batches').values({ ...batch, status: 'importing', rows: 0, total_fen: 0, errors: null, replaced_by: null, live_at: null })
      .returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async batch(id: number): Promise<FundBatch | undefined> {
    const row = await this.db.selectFrom('fund_batches').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, id: Number(row.id), rows: Number(row.rows), total_fen: Number(row.total_fen) };
  }

  /** Every row has passed: the batch waits for sign-off, summed per place and fund for the disclosure pages (fund-disclosure.ts). */
  async stageBatch(id: number, rows: number, totalFen: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`insert into fund_batch_places (batch_id, township, village, fund, payments, total_fen)
        select batch_id, township, village, fund, count(*), sum(amount_fen)
        from fund_payments where batch_id = ${id} group by batch_id, township, village, fund`.execute(trx);
      await trx.updateTable('fund_batches').set({ status: 'staged', rows, total_fen: totalFen }).where('id', '=', id).execute();
    });
  }

  /** A refused import: its rows removed (nothing of it stays but the reasons), its errors kept for the uploader. */
  async failBatch(id: number, errors: string[]): Promise<void> {
    await this.deleteRows(id);
    await this.db.updateTable('fund_batches').set({ status: 'failed', errors: JSON.stringify(errors) }).where('id', '=', id).execute();
  }

  /** A batch's rows of whatever kind (ids are shared by the kinds): payments and their sums, projects, ledger lines, applicants. */
  private async deleteRows(id: number): Promise<void> {
    await this.db.deleteFrom('fund_payments').where('batch_id', '=', id).execute();
    for (const table of ['fund_batch_places', 'fund_projects', 'fund_ledger_lines', 'housing_applications']) {
      await sql`delete from ${sql.table(table)} where batch_id = ${id}`.execute(this.db);
    }
  }

  /** Goes live; a correction takes the place of the batch it replaces, which is kept as history. */
  async goLive(id: number, at: string, signer?: FundActor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const batch = await trx.updateTable('fund_batches').set({ status: 'live', live_at: at, ...(signer ? { signed_off_by: signer.id, signed_off_by_name: signer.name } : {}) }).where('id', '=', id).where('status', '=', 'staged')
        .returning(['replaces']).executeTakeFirst();
      if (!batch) throw new PublisherError('BAD_REQUEST', `批次 ${id} 不是待发布状态：只有导入并校验通过、尚未公开的批次可以公开`);
      if (batch.replaces !== null) {
        await trx.updateTable('fund_batches').set({ status: 'replaced', replaced_by: id }).where('id', '=', batch.replaces).execute();
      }
    });
  }

  /**
   * Takes a live batch back (撤回): it leaves every page, the feed and the terminals at once (they show
   * live batches only) and stays in the store with when and why. A batch it corrected stays replaced.
   */
  async withdraw(id: number, reason: string, at: string, by?: FundActor): Promise<void> {
    if (!reason.trim()) throw new PublisherError('BAD_REQUEST', '撤回须写明原因（--reason），留档备查');
    const done = await this.db.updateTable('fund_batches').set({ status: 'withdrawn', withdrawn_at: at, withdrawn_reason: reason.trim(), ...(by ? { withdrawn_by_name: by.name } : {}) })
      .where('id', '=', id).where('status', '=', 'live').executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new PublisherError('BAD_REQUEST', `批次 ${id} 不是已公开的批次，无法撤回`);
  }

  /**
   * Sends a staged batch back (退回) instead of signing it off: its rows go as a refused import's do, and
   * it stays in the list with who, when and why (kept in the withdrawal's columns: it never went live).
   */
  async returnBatch(id: number, reason: string, at: string, by: FundActor): Promise<void> {
    const done = await this.db.updateTable('fund_batches').set({ status: 'returned', withdrawn_at: at, withdrawn_reason: reason.trim(), withdrawn_by_name: by.name })
      .where('id', '=', id).where('status', '=', 'staged').executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new PublisherError('BAD_REQUEST', `批次 ${id} 不是待签发的批次，无法退回`);
    await this.deleteRows(id);
  }

  /** A county's newest batches of a kind, for the CMS's 民生资金 screen: counts and totals, never a payee. */
  async batchesOf(county: string, kind: FundBatchKind, limit: number): Promise<FundBatch[]> {
    const rows = await this.db.selectFrom('fund_batches').selectAll().where('county', '=', county).where('kind', '=', kind).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => ({ ...row, id: Number(row.id), rows: Number(row.rows), total_fen: Number(row.total_fen) }));
  }

  /** How many villages and funds the county's lists hold (what a payment sheet is checked against). */
  async listSizes(county: string): Promise<{ villages: number; funds: number }> {
    const [villages, funds] = await Promise.all([
      this.db.selectFrom('fund_villages').select((e) => e.fn.countAll<number>().as('n')).where('county', '=', county).executeTakeFirstOrThrow(),
      this.db.selectFrom('fund_funds').select((e) => e.fn.countAll<number>().as('n')).where('county', '=', county).executeTakeFirstOrThrow(),
    ]);
    return { villages: Number(villages.n), funds: Number(funds.n) };
  }

  /** Live payments of a village: the disclosure's rows (callers mask names and ID numbers before showing them). */
  async livePaymentsOf(county: string, township: string, village: string) {
    return this.db.selectFrom('fund_payments').innerJoin('fund_batches', 'fund_batches.id', 'fund_payments.batch_id')
      .select(['fund_payments.fund', 'fund_payments.payee_name', 'fund_payments.id_number', 'fund_payments.amount_fen', 'fund_payments.paid_on', 'fund_payments.item', 'fund_payments.row_number'])
      .where('fund_batches.status', '=', 'live').where('fund_batches.county', '=', county)
      .where('fund_payments.township', '=', township).where('fund_payments.village', '=', village)
      .orderBy('fund_payments.batch_id').orderBy('fund_payments.row_number').execute();
  }

  /** Totals per fund of the live batches of a county, in fen. */
  async liveTotals(county: string): Promise<Array<{ fund: string; payments: number; totalFen: number }>> {
    const rows = await this.db.selectFrom('fund_payments').innerJoin('fund_batches', 'fund_batches.id', 'fund_payments.batch_id')
      .select((e) => ['fund_payments.fund', e.fn.countAll<number>().as('n'), sql<number>`sum(fund_payments.amount_fen)`.as('total')])
      .where('fund_batches.status', '=', 'live').where('fund_batches.county', '=', county).groupBy('fund_payments.fund').orderBy('fund_payments.fund').execute();
    return rows.map((r) => ({ fund: r.fund, payments: Number(r.n), totalFen: Number(r.total) }));
  }
}

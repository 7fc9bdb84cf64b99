import type { Db } from './db';
import type { HousingRow } from '../funds/housing-rows';
import type { FundActor } from './funds';

/**
 * 公租房 rosters in the store: each import of a round is a fund_batches row of kind 'housing' (title =
 * the round), so it is staged, goes live, is replaced by a correction and withdrawn by FundStore like a
 * payment batch; its applicants are housing_applications, written with the batch in one transaction
 * (nothing of a refused roster is stored). Rows come back with full names and ID numbers: callers mask
 * them (funds/masking.ts) before anything is shown.
 */
export interface HousingApplicationsTable {
  batch_id: number; row_number: number; applicant_name: string; id_number: string; applicant_key: string; township: string | null; household_size: number;
  category: string; status: string; reason: string | null; waiting_order: number | null; estate: string | null; building: string | null; allocated_on: string | null;
}
export interface HousingVersionsTable { batch_id: number; added: number; removed: number; changed: number }
interface BatchRow {
  id?: number; kind: string; county: string; title: string; file_name: string; status: string; rows: number; total_fen: number; errors: string | null;
  replaces: number | null; replaced_by: number | null; correction_note: string | null; created_at: string; live_at: string | null;
  withdrawn_at?: string | null; withdrawn_reason?: string | null; uploaded_by?: string | null; uploaded_by_name?: string | null;
}
type Tables = { fund_batches: BatchRow; housing_applications: HousingApplicationsTable; housing_versions: HousingVersionsTable };

export interface HousingVersion {
  id: number; round: string; status: string; rows: number; liveAt: string | null; createdAt: string; replaces: number | null; correctionNote: string | null;
  withdrawnAt: string | null; withdrawnReason: string | null; added: number; removed: number; changed: number;
}
export type HousingApplication = Omit<HousingRow, 'rowNumber'> & { rowNumber: number; key: string };
export interface NewRoster { county: string; round: string; fileName: string; replaces: number | null; correctionNote: string | null; createdAt: string; uploadedBy?: FundActor }

const KIND = 'housing';

export class HousingStore {
  private readonly db;
  constructor(db: Db) {
    this.db = db.withTables<Tables>();
  }

  /** A checked roster, staged in one transaction with what it changes against the version it replaces. */
  async stage(roster: NewRoster, rows: Array<HousingRow & { key: string }>, changes: { added: number; removed: number; changed: number }): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const batch = await trx.insertInto('fund_batches').values({
        kind: KIND, county: roster.county, title: roster.round, file_name: roster.fileName, status: 'staged', rows: rows.length, total_fen: 0, errors: null,
        replaces: roster.replaces, replaced_by: null, correction_note: roster.correctionNote, created_at: roster.createdAt, live_at: null,
        uploaded_by: roster.uploadedBy?.id ?? null, uploaded_by_name: roster.uploadedBy?.name ?? null,
      }).returning('id').executeTakeFirstOrThrow();
      const id = Number(batch.id);
      const values = rows.map((r) => ({
        batch_id: id, row_number: r.rowNumber, applicant_name: r.name, id_number: r.idNumber, applicant_key: r.key, township: r.township, household_size: r.householdSize,
        category: r.category, status: r.status, reason: r.reason, waiting_order: r.waitingOrder, estate: r.estate, building: r.building, allocated_on: r.allocatedOn,
      }));
      for (let i = 0; i < values.length; i += 500) await trx.insertInto('housing_applications').values(values.slice(i, i + 500)).execute();
      await trx.insertInto('housing_versions').values({ batch_id: id, ...changes }).execute();
      return id;
    });
  }

  /** Every version of a county's rounds (or of one round), newest first: what the history page and the feed read. */
  async versions(county: string, round?: string): Promise<HousingVersion[]> {
    let query = this.db.selectFrom('fund_batches as b').leftJoin('housing_versions as v', 'v.batch_id', 'b.id')
      .select(['b.id', 'b.title', 'b.status', 'b.rows', 'b.live_at', 'b.created_at', 'b.replaces', 'b.correction_note', 'b.withdrawn_at', 'b.withdrawn_reason', 'v.added', 'v.removed', 'v.changed'])
      .where('b.county', '=', county).where('b.kind', '=', KIND);
    if (round !== undefined) query = query.where('b.title', '=', round);
    const rows = await query.orderBy('b.id', 'desc').execute();
    return rows.map((r) => ({
      id: Number(r.id), round: r.title, status: r.status, rows: Number(r.rows), liveAt: r.live_at, createdAt: r.created_at, replaces: r.replaces === null ? null : Number(r.replaces),
      correctionNote: r.correction_note, withdrawnAt: r.withdrawn_at ?? null, withdrawnReason: r.withdrawn_reason ?? null,
      added: Number(r.added ?? 0), removed: Number(r.removed ?? 0), changed: Number(r.changed ?? 0),
    }));
  }

  /** The round's live version (the newest, should two have gone live), if any. */
  async liveVersion(county: string, round: string): Promise<HousingVersion | undefined> {
    return (await this.versions(county, round)).find((v) => v.status === 'live');
  }

  async applications(batchId: number): Promise<HousingApplication[]> {
    const rows = await this.db.selectFrom('housing_applications').selectAll().where('batch_id', '=', batchId).orderBy('row_number').execute();
    return rows.map(toApplication);
  }

  /** An applicant's rows in the given (live) versions, by the HMAC of their ID number. */
  async applicationsOf(batchIds: number[], key: string): Promise<Array<HousingApplication & { batchId: number }>> {
    if (batchIds.length === 0) return [];
    const rows = await this.db.selectFrom('housing_applications').selectAll().where('applicant_key', '=', key).where('batch_id', 'in', batchIds).orderBy('batch_id', 'desc').execute();
    return rows.map((r) => ({ ...toApplication(r), batchId: Number(r.batch_id) }));
  }
}

const toApplication = (r: HousingApplicationsTable): HousingApplication => ({
  rowNumber: Number(r.row_number), key: r.applicant_key, name: r.applicant_name, idNumber: r.id_number, township: r.township, householdSize: Number(r.household_size),
  category: r.category, status: r.status as HousingRow['status'], reason: r.reason, waitingOrder: r.waiting_order === null ? null : Number(r.waiting_order),
  estate: r.estate, building: r.building, allocatedOn: r.allocated_on,
});

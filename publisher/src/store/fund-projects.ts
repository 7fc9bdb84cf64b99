import type { Db } from './db';
import type { FundBatchesTable } from './funds';
import type { LedgerRow } from '../funds/ledger-rows';
import type { ProjectRow } from '../funds/project-rows';

/**
 * 民生项目 and 村级财务 rows (migrations/fund-projects-ledgers.ts), in fund_batches of kind 'projects'
 * and 'ledgers': written with their batch's staging in one transaction (a sheet is a few thousand
 * rows at most, checked whole before anything is written), read for the pages from live batches only.
 */
export interface FundProjectsTable {
  batch_id: number; row_number: number; project_key: string; name: string; fund: string; township: string; village: string; content: string;
  amount_fen: number; implementer: string; started_on: string; finished_on: string | null; status: string; results: string | null;
}
export interface FundLedgerLinesTable {
  batch_id: number; row_number: number; township: string; village: string; period: string; period_key: string; kind: string; subject: string; summary: string;
  amount_fen: number; entry_on: string;
}
type Tables = { fund_batches: FundBatchesTable; fund_projects: FundProjectsTable; fund_ledger_lines: FundLedgerLinesTable };

export interface ProjectLine extends Omit<ProjectRow, 'rowNumber'> { batchId: number }
export interface ProjectVersion extends ProjectLine { batchTitle: string; status_: string; liveAt: string | null; correctionNote: string | null }
export interface LedgerLine extends Omit<LedgerRow, 'rowNumber' | 'kind'> { kind: string; batchId: number; correctionNote: string | null }
export interface ProjectFilter { township?: string; village?: string; fund?: string }

const CHUNK = 200;

export class FundProjectStore {
  private readonly db;
  constructor(db: Db) {
    this.db = db.withTables<Tables>();
  }

  /** The rows of a checked sheet and its batch staged (waiting for sign-off), at once. */
  async stageProjects(batchId: number, rows: ProjectRow[], totalFen: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx.insertInto('fund_projects').values(rows.slice(i, i + CHUNK).map((r) => ({
          batch_id: batchId, row_number: r.rowNumber, project_key: r.projectKey, name: r.name, fund: r.fund, township: r.township, village: r.village,
          content: r.content, amount_fen: r.amountFen, implementer: r.implementer, started_on: r.startedOn, finished_on: r.finishedOn, status: r.status, results: r.results,
        }))).execute();
      }
      await trx.updateTable('fund_batches').set({ status: 'staged', rows: rows.length, total_fen: totalFen }).where('id', '=', batchId).execute();
    });
  }

  async stageLedger(batchId: number, rows: LedgerRow[], totalFen: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx.insertInto('fund_ledger_lines').values(rows.slice(i, i + CHUNK).map((r) => ({
          batch_id: batchId, row_number: r.rowNumber, township: r.township, village: r.village, period: r.period, period_key: r.periodKey,
          kind: r.kind, subject: r.subject, summary: r.summary, amount_fen: r.amountFen, entry_on: r.entryOn,
        }))).execute();
      }
      await trx.updateTable('fund_batches').set({ status: 'staged', rows: rows.length, total_fen: totalFen }).where('id', '=', batchId).execute();
    });
  }

  /** Live projects of the county already carrying these keys, outside the batch a correction replaces: { key: batch }. */
  async liveProjectKeys(county: string, keys: string[], except: number | null): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      let query = this.liveOf(county, 'projects').select(['p.project_key', 'p.batch_id']).where('p.project_key', 'in', keys.slice(i, i + CHUNK));
      if (except !== null) query = query.where('b.id', '<>', except);
      for (const r of await query.execute()) found.set(r.project_key, Number(r.batch_id));
    }
    return found;
  }

  /** Live ledger periods of the county's villages, outside the batch a correction replaces: { 乡镇/村/期间: batch }. */
  async liveLedgerPeriods(county: string, except: number | null): Promise<Map<string, number>> {
    let query = this.db.selectFrom('fund_ledger_lines as l').innerJoin('fund_batches as b', 'b.id', 'l.batch_id')
      .select(['l.township', 'l.village', 'l.period_key', 'l.batch_id']).distinct()
      .where('b.county', '=', county).where('b.kind', '=', 'ledgers').where('b.status', '=', 'live');
    if (except !== null) query = query.where('b.id', '<>', except);
    return new Map((await query.execute()).map((r) => [`${r.township}/${r.village}/${r.period_key}`, Number(r.batch_id)]));
  }

  /** Removes what a refused or broken import wrote (its batch is marked failed by FundStore). */
  async deleteRows(batchId: number): Promise<void> {
    await this.db.deleteFrom('fund_projects').where('batch_id', '=', batchId).execute();
    await this.db.deleteFrom('fund_ledger_lines').where('batch_id', '=', batchId).execute();
  }

  private liveOf(county: string, kind: 'projects') {
    return this.db.selectFrom('fund_projects as p').innerJoin('fund_batches as b', 'b.id', 'p.batch_id')
      .where('b.county', '=', county).where('b.kind', '=', kind).where('b.status', '=', 'live');
  }

  /** The county's live projects, narrowed to a township, village (a township's own: village '') or fund. */
  async liveProjects(county: string, filter: ProjectFilter = {}): Promise<ProjectLine[]> {
    let query = this.liveOf(county, 'projects').selectAll('p');
    if (filter.township !== undefined) query = query.where('p.township', '=', filter.township);
    if (filter.village !== undefined) query = query.where('p.village', '=', filter.village);
    if (filter.fund !== undefined) query = query.where('p.fund', '=', filter.fund);
    const rows = (await query.orderBy('p.township').orderBy('p.village').orderBy('p.batch_id').orderBy('p.row_number').execute()).map(toProject);
    // Two batches live with one project (both staged before either went live): the newer one's counts, once.
    const newest = new Map<string, number>();
    for (const r of rows) newest.set(r.projectKey, Math.max(r.batchId, newest.get(r.projectKey) ?? 0));
    return rows.filter((r) => newest.get(r.projectKey) === r.batchId);
  }

  /** A project in every batch that carried it, live or corrected since, newest first: its page and its history. */
  async projectVersions(county: string, key: string): Promise<ProjectVersion[]> {
    const rows = await this.db.selectFrom('fund_projects as p').innerJoin('fund_batches as b', 'b.id', 'p.batch_id')
      .selectAll('p').select(['b.title as batch_title', 'b.status as batch_status', 'b.live_at', 'b.correction_note'])
      .where('b.county', '=', county).where('b.kind', '=', 'projects').where('b.status', 'in', ['live', 'replaced']).where('p.project_key', '=', key)
      .orderBy('p.batch_id', 'desc').limit(20).execute();
    return rows.map((r) => ({ ...toProject(r), batchTitle: r.batch_title, status_: r.batch_status, liveAt: r.live_at, correctionNote: r.correction_note }));
  }

  /** A village's live ledger lines by period, 收入 before 支出, in sheet order. */
  async liveLedger(county: string, township: string, village: string): Promise<LedgerLine[]> {
    const rows = await this.db.selectFrom('fund_ledger_lines as l').innerJoin('fund_batches as b', 'b.id', 'l.batch_id')
      .selectAll('l').select('b.correction_note')
      .where('b.county', '=', county).where('b.kind', '=', 'ledgers').where('b.status', '=', 'live').where('l.township', '=', township).where('l.village', '=', village)
      .orderBy('l.period_key', 'desc').orderBy('l.kind', 'desc').orderBy('l.batch_id').orderBy('l.row_number').execute();
    // A period in two live batches (both staged before either went live): the newer batch's lines only.
    const newest = new Map<string, number>();
    for (const r of rows) newest.set(r.period_key, Math.max(Number(r.batch_id), newest.get(r.period_key) ?? 0));
    return rows.filter((r) => newest.get(r.period_key) === Number(r.batch_id)).map((r) => ({
      batchId: Number(r.batch_id), township: r.township, village: r.village, period: r.period, periodKey: r.period_key, kind: r.kind, subject: r.subject,
      summary: r.summary, amountFen: Number(r.amount_fen), entryOn: r.entry_on, correctionNote: r.correction_note,
    }));
  }
}

const toProject = (r: FundProjectsTable): ProjectLine => ({
  batchId: Number(r.batch_id), projectKey: r.project_key, name: r.name, fund: r.fund, township: r.township, village: r.village, content: r.content,
  amountFen: Number(r.amount_fen), implementer: r.implementer, startedOn: r.started_on, finishedOn: r.finished_on, status: r.status, results: r.results,
});

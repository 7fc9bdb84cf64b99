import type { Db } from '../store/db';
import type { FundBatchPlacesTable } from '../store/fund-disclosure';
import type { FundBatchesTable } from '../store/funds';

/**
 * 民生资金公开 in the annual report (issue 21): what a county disclosed that year, in counts and
 * sums only — batches that went live by kind, corrections and withdrawals, the payments shown at
 * the end of the year (rows, amount, villages, funds) and the 我要监督 reports received and answered.
 * No batch title, file name or row is read here, so nothing of a payee can reach the report.
 */
export interface FundFigures {
  /** Batches that went live in the year, per kind, with their rows (a correction counts as one more). */
  published: Array<{ kind: string; name: string; batches: number; rows: number }>;
  corrections: number;
  withdrawals: number;
  /** Payments on the disclosure pages at the end of the year (or now, within it). */
  payments: { rows: number; totalFen: number; villages: number; funds: number };
  /** 我要监督: reports received in the year, answered, answered by their due time. */
  supervision: { received: number; answered: number; answeredOnTime: number };
}

const KIND_NAMES: Record<string, string> = { payments: '资金发放明细', projects: '民生项目', ledgers: '村级财务', housing: '公租房' };
type Tables = { fund_batches: FundBatchesTable; fund_batch_places: FundBatchPlacesTable };

export interface SupervisionQuestion { kind: string; status: string; answered_at: string | null; due_at: string | null }

/**
 * The figures for batches of `county` (every county when null) within [from, to), and the year's
 * questions already in scope; undefined for a county that disclosed nothing (no section of zeros).
 */
export async function fundFigures(database: Db, county: string | null, from: string, to: string, questions: SupervisionQuestion[]): Promise<FundFigures | undefined> {
  const db = database.withTables<Tables>();
  const inCounty = <Q extends { where: (...args: any[]) => Q }>(query: Q): Q => (county ? query.where('county', '=', county) : query);
  const live = await inCounty(db.selectFrom('fund_batches').select(['kind', 'rows', 'replaces'])
    .where('live_at', '>=', from).where('live_at', '<', to)).execute();
  const byKind = new Map<string, { batches: number; rows: number }>();
  for (const b of live) {
    const entry = byKind.get(b.kind) ?? { batches: 0, rows: 0 };
    byKind.set(b.kind, { batches: entry.batches + 1, rows: entry.rows + Number(b.rows) });
  }
  const withdrawn = await inCounty(db.selectFrom('fund_batches').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('withdrawn_at', '>=', from).where('withdrawn_at', '<', to)).executeTakeFirstOrThrow();
  // Shown at the year's end: payment batches live now that went live before it ends (a later correction or withdrawal is next year's).
  const shown = await inCounty(db.selectFrom('fund_batches').select('id').where('kind', '=', 'payments').where('status', '=', 'live').where('live_at', '<', to)).execute();
  const ids = shown.map((b) => Number(b.id));
  const places = ids.length === 0 ? [] : await db.selectFrom('fund_batch_places').select(['township', 'village', 'fund', 'payments', 'total_fen']).where('batch_id', 'in', ids).execute();
  const supervision = questions.filter((q) => q.kind === 'supervision');
  if (live.length === 0 && ids.length === 0 && Number(withdrawn.n) === 0 && supervision.length === 0) return undefined;
  const answered = supervision.filter((q) => q.status === 'answered');
  return {
    published: [...byKind].map(([kind, n]) => ({ kind, name: KIND_NAMES[kind] ?? kind, ...n })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    corrections: live.filter((b) => b.replaces !== null).length,
    withdrawals: Number(withdrawn.n),
    payments: {
      rows: places.reduce((n, p) => n + Number(p.payments), 0), totalFen: places.reduce((n, p) => n + Number(p.total_fen), 0),
      villages: new Set(places.map((p) => `${p.township}/${p.village}`)).size, funds: new Set(places.map((p) => p.fund)).size,
    },
    supervision: {
      received: supervision.length, answered: answered.length,
      answeredOnTime: answered.filter((q) => q.answered_at !== null && q.due_at !== null && q.answered_at <= q.due_at).length,
    },
  };
}

import type { Config } from '../config';
import { PublisherError } from '../errors';
import type { Db } from '../store/db';
import { FundProjectStore } from '../store/fund-projects';
import type { FundActor, FundBatch, FundBatchKind, FundStore } from '../store/funds';
import { HousingStore } from '../store/housing';
import { count, yuan } from './amounts';
import { importHousing } from './import-housing';
import { importPayments } from './import-payments';
import { importLedgers, importProjects } from './import-projects';

/**
 * The four kinds of batch the CMS's 民生资金 page uploads and signs off — 发放明细, 民生项目, 村级财务
 * and 公租房 rosters — which share one life (staged → 签发 → live → replaced or withdrawn; 退回 before
 * sign-off) in fund_batches. What differs is written here once per kind: how its sheet is imported
 * (the command line's own operation), what its title is called, and its figure in the list.
 */
export const BATCH_KINDS = ['payments', 'projects', 'ledgers', 'housing'] as const satisfies readonly FundBatchKind[];
export const isBatchKind = (kind: string): kind is FundBatchKind => (BATCH_KINDS as readonly string[]).includes(kind);

export interface BatchKindDeps { db: Db; funds: FundStore; clock: () => Date; config: Pick<Config, 'HOOK_SECRET'> }
export interface BatchSheet {
  path: string; fileName: string; county: string; mapping?: Record<string, string>;
  /** The batch's title; a 公租房 roster's is its round (a correction's is the round it corrects). */
  title: string; replaces: number | null; correctionNote: string | null; uploadedBy?: FundActor;
}
interface KindSpec {
  name: string;
  /** What the title is called and an example of one, for the refusal when it is missing. */
  titleName: string; titleExample: string;
  importSheet(deps: BatchKindDeps, sheet: BatchSheet): Promise<{ batchId: number }>;
  /** The batch's figure as the list and the upload's answer give it: its rows and its total. */
  figure(rows: number, totalFen: number): string;
}

export const KIND_SPECS: Record<FundBatchKind, KindSpec> = {
  payments: {
    name: '发放明细', titleName: '批次标题', titleExample: '2026年4月耕地地力保护补贴发放',
    importSheet: (deps, sheet) => importPayments(deps, sheet),
    figure: (rows, fen) => `${count(rows)} 行，合计 ${yuan(fen)} 元`,
  },
  projects: {
    name: '民生项目', titleName: '批次标题', titleExample: '2026年会同县民生项目',
    importSheet: (deps, sheet) => importProjects({ funds: deps.funds, projects: new FundProjectStore(deps.db), clock: deps.clock }, sheet),
    figure: (rows, fen) => `${count(rows)} 个项目，投资合计 ${yuan(fen)} 元`,
  },
  ledgers: {
    name: '村级财务', titleName: '批次标题', titleExample: '林城镇2026年第3季度村级财务',
    importSheet: (deps, sheet) => importLedgers({ funds: deps.funds, projects: new FundProjectStore(deps.db), clock: deps.clock }, sheet),
    figure: (rows, fen) => `${count(rows)} 条收支，结余 ${yuan(fen)} 元`,
  },
  housing: {
    name: '公租房名册', titleName: '轮次名称', titleExample: '2026年第二批公租房',
    // A re-import of a round with a live version is its correction: the round names what it replaces.
    importSheet: (deps, sheet) => importHousing({ ...deps, housing: new HousingStore(deps.db) }, { ...sheet, round: sheet.title }),
    figure: (rows) => `${count(rows)} 户申请`,
  },
};

/**
 * What a batch needs besides its rows, checked before the sheet is taken: a title (at most 100
 * characters), and for a correction a live batch of the same kind and county — a roster's correction
 * is of its round, whose name it takes.
 */
export async function batchFields(funds: FundStore, county: string, kind: FundBatchKind, asked: { title?: string; replaces?: string }): Promise<{ title: string; replaces: number | null }> {
  const spec = KIND_SPECS[kind];
  let replaced: FundBatch | undefined;
  if (asked.replaces) {
    replaced = /^\d{1,9}$/.test(asked.replaces) ? await funds.batch(Number(asked.replaces)) : undefined;
    if (!replaced || replaced.county !== county || replaced.kind !== kind || replaced.status !== 'live') {
      throw new PublisherError('FUND_IMPORT_INVALID', `要更正的批次 ${asked.replaces.slice(0, 20)} 不是本区县已公开的${kind === 'payments' ? '' : spec.name}批次：只能更正已公开的批次`);
    }
  }
  const title = (kind === 'housing' && replaced ? replaced.title : asked.title ?? '').trim();
  if (!title) throw new PublisherError('FUND_IMPORT_INVALID', `请填写${spec.titleName}（如“${spec.titleExample}”）：公开页面和订阅以它为题`);
  if ([...title].length > 100) throw new PublisherError('FUND_IMPORT_INVALID', `${spec.titleName}最多 100 个字`);
  return { title, replaces: replaced ? Number(replaced.id) : null };
}

/**
 * Imports a batch's sheet. A sheet of projects, ledger lines or applicants refused for its rows is
 * kept in the list as a payment sheet is (failed, its reasons only: nothing of it was written).
 */
export async function importBatch(deps: BatchKindDeps, kind: FundBatchKind, sheet: BatchSheet): Promise<FundBatch & { id: number }> {
  try {
    const { batchId } = await KIND_SPECS[kind].importSheet(deps, sheet);
    return { ...(await deps.funds.batch(batchId))!, id: batchId };
  } catch (error) {
    if (!(error instanceof PublisherError) || error.code !== 'FUND_IMPORT_INVALID' || !error.details?.errors || error.details.batchId !== undefined) throw error;
    const batchId = await deps.funds.createBatch({
      kind, county: sheet.county, title: sheet.title, file_name: sheet.fileName, replaces: sheet.replaces, correction_note: sheet.correctionNote,
      created_at: deps.clock().toISOString(), uploaded_by: sheet.uploadedBy?.id ?? null, uploaded_by_name: sheet.uploadedBy?.name ?? null,
    });
    await deps.funds.failBatch(batchId, error.details.errors as string[]);
    throw new PublisherError(error.code, error.message, { cause: error, details: { ...error.details, batchId } });
  }
}

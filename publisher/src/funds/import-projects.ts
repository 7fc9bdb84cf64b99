import { PublisherError } from '../errors';
import type { FundProjectStore } from '../store/fund-projects';
import type { FundActor, FundStore } from '../store/funds';
import { checkedRows, type CatalogUpload } from './import-catalog';
import { checkLedgerRow, LEDGER_COLUMNS, type LedgerRow } from './ledger-rows';
import { checkProjectRow, PROJECT_COLUMNS, type ProjectRow } from './project-rows';

/**
 * Importing a 民生项目 sheet or a village ledger (村级财务) as one batch of its kind: every row is
 * checked first (against the fund catalogue and the village list) and if any fails nothing is stored
 * and every row to fix is named; then the rows and their staged batch are written in one transaction.
 * A project or a village's period already live in another batch is refused: a change to it is a
 * correction (--replaces with a 更正 note), which replaces that batch when it goes live and keeps it.
 */
export interface ProjectImportDeps { funds: FundStore; projects: FundProjectStore; clock: () => Date }
export interface BatchUpload extends CatalogUpload {
  title: string; replaces?: number | null; correctionNote?: string | null;
  /** Who uploaded it in the CMS (the command line names nobody): they may not sign it off. */
  uploadedBy?: FundActor;
}
export interface ImportedSheet { batchId: number; rows: number; totalFen: number }

async function prepare(deps: ProjectImportDeps, upload: BatchUpload, kind: 'projects' | 'ledgers') {
  const replaces = upload.replaces ?? null;
  if (replaces !== null) {
    if (!upload.correctionNote?.trim()) throw new PublisherError('FUND_IMPORT_INVALID', '更正批次须写明更正说明（更正了什么、为什么），公开页面会显示这段说明');
    const old = await deps.funds.batch(replaces);
    const what = kind === 'projects' ? '民生项目' : '村级财务';
    if (!old || old.county !== upload.county || old.kind !== kind || old.status !== 'live') {
      throw new PublisherError('FUND_IMPORT_INVALID', `批次 ${replaces} 不是本县已公开的${what}批次：更正只能替换已公开的同类批次`);
    }
  }
  const context = await deps.funds.catalog(upload.county);
  if (context.villages.size === 0) throw new PublisherError('FUND_IMPORT_INVALID', `区县 ${upload.county} 还没有村名单：请先导入乡镇和村(社区)名单`);
  return { replaces, context };
}

function refuse(errors: string[]): never {
  throw new PublisherError('FUND_IMPORT_INVALID', `有 ${errors.length} 行需要修改，整表未导入：${errors.slice(0, 3).join('\n')}`, { details: { errors: errors.slice(0, 100), errorCount: errors.length } });
}

async function stage(deps: ProjectImportDeps, upload: BatchUpload, kind: 'projects' | 'ledgers', replaces: number | null, write: (batchId: number) => Promise<void>): Promise<number> {
  const batchId = await deps.funds.createBatch({
    kind, county: upload.county, title: upload.title, file_name: upload.fileName, replaces, correction_note: upload.correctionNote?.trim() || null, created_at: deps.clock().toISOString(),
    uploaded_by: upload.uploadedBy?.id ?? null, uploaded_by_name: upload.uploadedBy?.name ?? null,
  });
  try {
    await write(batchId);
  } catch (error) {
    await deps.projects.deleteRows(batchId);
    await deps.funds.failBatch(batchId, ['写入时出错']);
    throw error;
  }
  return batchId;
}

export async function importProjects(deps: ProjectImportDeps, upload: BatchUpload): Promise<ImportedSheet> {
  const { replaces, context } = await prepare(deps, upload, 'projects');
  const seen = new Map<string, number>();
  const rows = await checkedRows<ProjectRow>(upload, PROJECT_COLUMNS, (cell, row) => {
    const checked = checkProjectRow(cell, row.rowNumber, context);
    if (Array.isArray(checked)) return checked;
    const first = seen.get(checked.projectKey);
    if (first !== undefined) return [`项目“${checked.name}”与行 ${first} 重复（同一乡镇、村的同名项目只填一行）`];
    seen.set(checked.projectKey, row.rowNumber);
    return checked;
  });
  const live = await deps.projects.liveProjectKeys(upload.county, rows.map((r) => r.projectKey), replaces);
  const clashes = rows.filter((r) => live.has(r.projectKey))
    .map((r) => `行 ${r.rowNumber}：项目“${r.name}”已在批次 ${live.get(r.projectKey)} 中公开：要修改请作为更正导入（更正批次 ${live.get(r.projectKey)}，写明更正说明）`);
  if (clashes.length > 0) refuse(clashes);
  const totalFen = rows.reduce((sum, r) => sum + r.amountFen, 0);
  const batchId = await stage(deps, upload, 'projects', replaces, (id) => deps.projects.stageProjects(id, rows, totalFen));
  return { batchId, rows: rows.length, totalFen };
}

export async function importLedgers(deps: ProjectImportDeps, upload: BatchUpload): Promise<ImportedSheet> {
  const { replaces, context } = await prepare(deps, upload, 'ledgers');
  const rows = await checkedRows<LedgerRow>(upload, LEDGER_COLUMNS, (cell, row) => checkLedgerRow(cell, row.rowNumber, context));
  const live = await deps.projects.liveLedgerPeriods(upload.county, replaces);
  const named = new Set<string>();
  const clashes = rows.flatMap((r) => {
    const key = `${r.township}/${r.village}/${r.periodKey}`;
    if (!live.has(key) || named.has(key)) return [];
    named.add(key);
    return [`行 ${r.rowNumber}：${r.township}${r.village}${r.period}的账目已在批次 ${live.get(key)} 中公开：要修改请作为更正导入（更正批次 ${live.get(key)}，写明更正说明）`];
  });
  if (clashes.length > 0) refuse(clashes);
  // The batch's figure is its 结余: income less expenditure.
  const totalFen = rows.reduce((sum, r) => sum + (r.kind === '收入' ? r.amountFen : -r.amountFen), 0);
  const batchId = await stage(deps, upload, 'ledgers', replaces, (id) => deps.projects.stageLedger(id, rows, totalFen));
  return { batchId, rows: rows.length, totalFen };
}

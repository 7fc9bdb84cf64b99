import type { Config } from '../config';
import { PublisherError } from '../errors';
import type { FundActor, FundStore } from '../store/funds';
import type { HousingStore } from '../store/housing';
import { readText } from './cells';
import { IdNumberChecker } from './id-number';
import { checkedRows, type CatalogUpload } from './import-catalog';
import { payeeKeyOf } from './import-payments';
import { checkHousingRow, HOUSING_COLUMNS, type HousingRow } from './housing-rows';

/**
 * Importing a county's 公租房 roster for a round (2026年第二批公租房) as one publication: every row is
 * checked (housing-rows.ts) and the roster goes in whole or not at all, every row to fix named. A round
 * already published is changed only by a new version that says what it changes (更正说明, shown on the
 * round's page, its history and the feed); going live (`npm run funds -- live N`) it replaces the live
 * version, which stays as history with the count of applicants added, removed and changed.
 */
export interface ImportHousingDeps { funds: Pick<FundStore, 'catalog'>; housing: HousingStore; clock: () => Date; config: Pick<Config, 'HOOK_SECRET'> }
export interface HousingUpload extends CatalogUpload { round: string; correctionNote?: string | null; uploadedBy?: FundActor }
export interface ImportedRoster { batchId: number; rows: number; replaces: number | null; changes: HousingChanges }
export interface HousingChanges { added: number; removed: number; changed: number }

type Keyed = Omit<HousingRow, 'rowNumber'> & { key: string };
const FIELDS = ['name', 'township', 'householdSize', 'category', 'status', 'reason', 'waitingOrder', 'estate', 'building', 'allocatedOn'] as const;

/** Applicants added, removed, and rows of the same applicant (by ID) that differ in anything. */
export function housingChanges(before: Keyed[], after: Keyed[]): HousingChanges {
  const old = new Map(before.map((r) => [r.key, r]));
  let added = 0;
  let changed = 0;
  for (const row of after) {
    const was = old.get(row.key);
    if (!was) added += 1;
    else if (FIELDS.some((f) => (was[f] ?? null) !== (row[f] ?? null))) changed += 1;
    old.delete(row.key);
  }
  return { added, removed: old.size, changed };
}

export async function importHousing(deps: ImportHousingDeps, upload: HousingUpload): Promise<ImportedRoster> {
  const round = readText(upload.round, '轮次名称', 60, true);
  if (!round.ok) throw new PublisherError('FUND_IMPORT_INVALID', `${round.reason}：请写明轮次，如“2026年第二批公租房”`);
  const note = upload.correctionNote?.trim() || null;
  const live = await deps.housing.liveVersion(upload.county, round.value);
  if (live && !note) {
    throw new PublisherError('FUND_IMPORT_INVALID', `“${round.value}”已有公开的名册（批次 ${live.id}）：重新导入即为更正，须写明更正说明（改了什么、为什么），公开页面和历史版本会显示这段说明`);
  }
  const { villages } = await deps.funds.catalog(upload.county);
  const context = { townships: new Set([...villages].map((v) => v.split('/')[0])), seenIds: new Map<string, number>(), seenOrders: new Map<number, number>() };
  const ids = new IdNumberChecker();
  const rows = await checkedRows(upload, HOUSING_COLUMNS, (cell, row) => {
    const checked = checkHousingRow(row, cell, context, ids);
    return Array.isArray(checked) ? checked : { ...checked, key: payeeKeyOf(deps.config.HOOK_SECRET, checked.idNumber) };
  });
  const before = live ? await deps.housing.applications(live.id) : [];
  // The note is public: it may say what changed, not whose full name or number it was.
  if (note && (/\d{7,}/.test(note) || [...before, ...rows].some((r) => [...r.name].length > 1 && note.includes(r.name)))) {
    throw new PublisherError('FUND_IMPORT_INVALID', '更正说明会公开显示，不要写申请人的全名、身份证号或电话：请写轮候序号、行号，或只写姓（如“吴*国”）');
  }
  const changes = housingChanges(before, rows);
  const batchId = await deps.housing.stage({
    county: upload.county, round: round.value, fileName: upload.fileName, replaces: live?.id ?? null, correctionNote: note, createdAt: deps.clock().toISOString(), uploadedBy: upload.uploadedBy,
  }, rows, changes);
  return { batchId, rows: rows.length, replaces: live?.id ?? null, changes };
}

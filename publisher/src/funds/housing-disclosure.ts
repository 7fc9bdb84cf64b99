import { chinaDateTime } from '@tongyuan/document';
import type { HousingApplication, HousingStore, HousingVersion } from '../store/housing';
import { maskIdNumber, maskName, type MaskRule } from './masking';

/**
 * What the 公租房 pages show of a county's live rosters, built from the store and masked here (the one
 * place rows become public): names and ID numbers by the payments' rule (masking.ts), no refusal
 * reason (the applicant's own check tells it), no door number (never stored). A round is on the pages
 * while one of its versions is live; its history lists every version that was published.
 */
export type HousingDisclosureDeps = { housing: Pick<HousingStore, 'versions' | 'applications'>; config: MaskRule };

export interface RoundSummary { applications: number; approved: number; waiting: number; allocated: number; refused: number }
const when = (iso: string | null) => (iso ? chinaDateTime(new Date(iso)) : '');

export function summarize(rows: HousingApplication[]): RoundSummary {
  const approved = rows.filter((r) => r.status === '审核通过');
  return {
    applications: rows.length, approved: approved.length, allocated: approved.filter((r) => r.estate).length,
    waiting: approved.filter((r) => !r.estate && r.waitingOrder !== null).length, refused: rows.filter((r) => r.status === '不予通过').length,
  };
}

/** The county's rounds with a live version, newest publication first. */
export async function housingRounds(deps: HousingDisclosureDeps, county: string) {
  const live = (await deps.housing.versions(county)).filter((v) => v.status === 'live');
  const seen = new Set<string>();
  const rounds = live.filter((v) => !seen.has(v.round) && seen.add(v.round)).sort((a, b) => (b.liveAt ?? '').localeCompare(a.liveAt ?? ''));
  return Promise.all(rounds.map(async (v) => ({ round: v.round, liveAt: when(v.liveAt), corrected: Boolean(v.replaces), correctionNote: v.correctionNote, ...summarize(await deps.housing.applications(v.id)) })));
}

/** One round's live version: every application with its status, the waiting list in order, the allocations. */
export async function housingRound(deps: HousingDisclosureDeps, county: string, round: string) {
  const versions = await deps.housing.versions(county, round);
  const live = versions.find((v) => v.status === 'live');
  if (!live) return null;
  const rows = await deps.housing.applications(live.id);
  const person = (r: HousingApplication) => ({ name: maskName(r.name, deps.config), idNumber: maskIdNumber(r.idNumber, deps.config) });
  const waiting = rows.filter((r) => r.status === '审核通过' && !r.estate && r.waitingOrder !== null).sort((a, b) => a.waitingOrder! - b.waitingOrder!);
  const allocated = rows.filter((r) => r.status === '审核通过' && r.estate).sort((a, b) => (a.allocatedOn ?? '').localeCompare(b.allocatedOn ?? '') || (a.waitingOrder ?? 0) - (b.waitingOrder ?? 0));
  const replaced = live.replaces === null ? undefined : versions.find((v) => v.id === live.replaces);
  return {
    round, liveAt: when(live.liveAt), summary: summarize(rows), correctionNote: live.correctionNote, replacedAt: replaced ? when(replaced.liveAt) : '',
    changes: live.replaces === null ? null : { added: live.added, removed: live.removed, changed: live.changed },
    applications: rows.map((r) => ({ ...person(r), township: r.township ?? '', householdSize: r.householdSize, category: r.category, status: r.estate ? '已配租' : r.status })),
    waiting: waiting.map((r, i) => ({ place: i + 1, order: r.waitingOrder, ...person(r), householdSize: r.householdSize, category: r.category })),
    allocated: allocated.map((r) => ({ ...person(r), householdSize: r.householdSize, estate: r.estate, building: r.building, allocatedOn: r.allocatedOn })),
  };
}

const STATE: Record<string, string> = { live: '现行版本', replaced: '已被更正', withdrawn: '已撤回' };

/** Every published version of a round (newest first), numbered from the first: when, what changed, its 更正 note. */
export async function housingHistory(deps: HousingDisclosureDeps, county: string, round: string) {
  const versions = (await deps.housing.versions(county, round)).filter((v) => v.liveAt !== null);
  if (!versions.some((v) => v.status === 'live')) return null;
  const numbered = [...versions].reverse().map((v: HousingVersion, i) => ({
    number: i + 1, liveAt: when(v.liveAt), state: STATE[v.status] ?? v.status, current: v.status === 'live', rows: v.rows, withdrawnAt: when(v.withdrawnAt),
    changes: v.replaces !== null ? `新增 ${v.added} 户，删除 ${v.removed} 户，变动 ${v.changed} 户` : i === 0 ? '首次公开' : '撤回后重新公开', correctionNote: v.correctionNote,
  }));
  return { round, versions: numbered.reverse() };
}

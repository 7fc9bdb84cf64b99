import type { FundDescription, FundDisclosureStore, LiveBatch, PaymentLine, PlaceTotal } from '../store/fund-disclosure';
import { maskIdNumber, maskName, type MaskRule } from './masking';

/**
 * 民生资金公开's pages as data: a county, a township, a village (with its payments a page at a time)
 * and a fund, each with totals that add up — every figure is a sum of the same per-place sums, so
 * the county's total is its townships' and its funds' totals exactly. Payees leave here masked;
 * nothing else hands a payment line to a template.
 */
export type DisclosureDeps = { fundDisclosure: FundDisclosureStore; config: MaskRule };

export interface Total { payments: number; totalFen: number }
export interface Breakdown { name: string; payments: number; totalFen: number }
export interface MaskedLine { fund: string; item: string | null; name: string; idNumber: string; amountFen: number; paidOn: string; batchId: number }

export interface CountyDisclosure { county: string; total: Total; funds: Array<Breakdown & { about?: FundDescription }>; townships: Breakdown[]; batches: LiveBatch[] }
export interface PlaceDisclosure { county: string; township: string; village?: string; total: Total; funds: Breakdown[]; villages: Breakdown[] }
export interface VillageDisclosure extends PlaceDisclosure { village: string; lines: MaskedLine[]; page: number; pages: number; fund?: string }
export interface FundDisclosure { county: string; fund: FundDescription; total: Total; townships: Breakdown[] }

export const PAGE_SIZE = 100;

export async function countyDisclosure(deps: DisclosureDeps, county: string): Promise<CountyDisclosure | null> {
  const [totals, funds, batches] = await Promise.all([deps.fundDisclosure.placeTotals(county), deps.fundDisclosure.funds(county), deps.fundDisclosure.liveBatches(county)]);
  if (batches.length === 0) return null;
  const about = new Map(funds.map((f) => [f.name, f]));
  return {
    county, total: sum(totals), batches,
    funds: groupBy(totals, (t) => t.fund).map((b) => ({ ...b, about: about.get(b.name) })),
    townships: groupBy(totals, (t) => t.township),
  };
}

export async function townshipDisclosure(deps: DisclosureDeps, county: string, township: string): Promise<PlaceDisclosure | null> {
  const totals = await deps.fundDisclosure.placeTotals(county, { township });
  if (totals.length === 0) return null;
  return { county, township, total: sum(totals), funds: groupBy(totals, (t) => t.fund), villages: groupBy(totals, (t) => t.village) };
}

export async function villageDisclosure(deps: DisclosureDeps, county: string, township: string, village: string, options: { page: number; fund?: string }): Promise<VillageDisclosure | null> {
  const [totals, batches] = await Promise.all([deps.fundDisclosure.placeTotals(county, { township, village }), deps.fundDisclosure.liveBatches(county)]);
  if (totals.length === 0) return null;
  const listed = options.fund === undefined ? sum(totals) : sum(totals.filter((t) => t.fund === options.fund));
  const pages = Math.max(1, Math.ceil(listed.payments / PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page), pages);
  // Batch order as the index has it (ascending id), the same on every page.
  const ids = batches.map((b) => b.id).sort((a, b) => a - b);
  const lines = await deps.fundDisclosure.villageRows(ids, township, village, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, fund: options.fund });
  return {
    county, township, village, total: sum(totals), funds: groupBy(totals, (t) => t.fund), villages: [],
    lines: lines.map((line) => maskLine(line, deps.config)), page, pages, fund: options.fund,
  };
}

export async function fundDisclosure(deps: DisclosureDeps, county: string, name: string): Promise<FundDisclosure | null> {
  const [totals, funds] = await Promise.all([deps.fundDisclosure.placeTotals(county, { fund: name }), deps.fundDisclosure.funds(county)]);
  const fund = funds.find((f) => f.name === name);
  if (!fund || totals.length === 0) return null;
  return { county, fund, total: sum(totals), townships: groupBy(totals, (t) => t.township) };
}

export function maskLine(line: PaymentLine, rule: MaskRule): MaskedLine {
  return {
    fund: line.fund, item: line.item, name: maskName(line.payeeName, rule), idNumber: maskIdNumber(line.idNumber, rule),
    amountFen: line.amountFen, paidOn: line.paidOn, batchId: line.batchId,
  };
}

function sum(totals: PlaceTotal[]): Total {
  return totals.reduce((acc, t) => ({ payments: acc.payments + t.payments, totalFen: acc.totalFen + t.totalFen }), { payments: 0, totalFen: 0 });
}

function groupBy(totals: PlaceTotal[], key: (t: PlaceTotal) => string): Breakdown[] {
  const groups = new Map<string, Breakdown>();
  for (const t of totals) {
    const name = key(t);
    const group = groups.get(name) ?? groups.set(name, { name, payments: 0, totalFen: 0 }).get(name)!;
    group.payments += t.payments;
    group.totalFen += t.totalFen;
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

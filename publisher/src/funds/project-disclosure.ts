import { webTemplates } from '@tongyuan/templates';
import type { FundProjectStore, LedgerLine, ProjectFilter, ProjectLine } from '../store/fund-projects';
import { count, yuan } from './amounts';

/**
 * 民生项目 and 村级财务 on the disclosure pages: a table of the live projects of a county (by
 * township), a township, a village or a fund with its 合计, and a village's accounts per period —
 * 收入, 支出 and 结余 (income less expenditure) with the lines under them. Every figure is summed here
 * from the rows shown, so a table's lines add up to its total.
 */
export type ProjectDisclosureDeps = { fundProjects: FundProjectStore };

const segment = encodeURIComponent;
export const projectHref = (base: string, key: string) => `${base}/projects/${key}`;
export const placeOf = (p: { township: string; village: string }) => (p.village ? `${p.township} ${p.village}` : `${p.township}（全乡镇）`);
const add = (lines: Array<{ amountFen: number }>) => lines.reduce((sum, l) => sum + l.amountFen, 0);

function projectRows(base: string, projects: ProjectLine[]) {
  return projects.map((p) => ({ name: p.name, href: projectHref(base, p.projectKey), place: placeOf(p), fund: p.fund, amount: yuan(p.amountFen), status: p.status }));
}

/** The projects section of a township's, village's or fund's page ('' when there is none). */
export async function projectsSection(deps: ProjectDisclosureDeps, county: string, base: string, filter: ProjectFilter): Promise<string> {
  const projects = await deps.fundProjects.liveProjects(county, filter);
  if (projects.length === 0) return '';
  // A township's page links its projects' posters, to print for the notice boards at once.
  const postersHref = filter.township !== undefined && filter.village === undefined ? `${base}/projects/posters/${segment(filter.township)}.pdf` : undefined;
  return webTemplates.fundsProjects({ projects: projectRows(base, projects), postersHref, total: { projects: count(projects.length), amount: yuan(add(projects)) } });
}

/** The county page's projects: per township (linking its page), with the county's 合计. */
export async function countyProjectsSection(deps: ProjectDisclosureDeps, county: string, base: string): Promise<string> {
  const projects = await deps.fundProjects.liveProjects(county);
  if (projects.length === 0) return '';
  const townships = new Map<string, ProjectLine[]>();
  for (const p of projects) townships.set(p.township, [...(townships.get(p.township) ?? []), p]);
  return webTemplates.fundsProjects({
    byTownship: [...townships].sort(([a], [b]) => a.localeCompare(b, 'zh-CN'))
      .map(([name, list]) => ({ name, href: `${base}/townships/${segment(name)}#projects`, projects: count(list.length), amount: yuan(add(list)) })),
    total: { projects: count(projects.length), amount: yuan(add(projects)) },
  });
}

/** A village's 村级财务: each period's 收入, 支出 and 结余 and its lines, newest period first, and the 合计 of all. */
export async function ledgerSection(deps: ProjectDisclosureDeps, county: string, township: string, village: string): Promise<string> {
  const lines = await deps.fundProjects.liveLedger(county, township, village);
  if (lines.length === 0) return '';
  const periods = new Map<string, LedgerLine[]>();
  for (const l of lines) periods.set(l.periodKey, [...(periods.get(l.periodKey) ?? []), l]);
  const figures = (list: LedgerLine[]) => {
    const income = add(list.filter((l) => l.kind === '收入'));
    const expense = add(list.filter((l) => l.kind === '支出'));
    return { income: yuan(income), expense: yuan(expense), balance: yuan(income - expense) };
  };
  return webTemplates.fundsLedger({
    periods: [...periods.values()].map((list) => ({
      label: list[0].period, key: list[0].periodKey, ...figures(list),
      lines: list.map((l) => ({ ...l, income: l.kind === '收入' ? yuan(l.amountFen) : '', expense: l.kind === '支出' ? yuan(l.amountFen) : '' })),
    })),
    total: figures(lines),
    corrections: [...new Set(lines.map((l) => l.correctionNote).filter((n): n is string => Boolean(n)))],
  });
}

import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { KioskTerminal } from '@tongyuan/channels';
import type { CountyDirectory } from '../inspection/county-directory';
import type { ArtifactStore } from '../store/artifacts';
import type { FundDisclosureStore } from '../store/fund-disclosure';
import type { FundProjectStore, LedgerLine, ProjectLine } from '../store/fund-projects';
import { maskLine } from './disclosure';
import type { MaskRule } from './masking';

/**
 * 民生资金公开 on the touch screens: a terminal's query screen holds its township's payments, 民生项目
 * and 村级财务 (the CMS's 所在乡镇 of the terminal; none: the whole county's) as one JSON file per village, listed in
 * the terminal's manifest as one more item, so the kiosk's sync caches them with everything else,
 * checked by sha256, and the screen works without network. Names and ID numbers are masked before
 * the files are written; a file is served only to a terminal whose item lists it. Items are made the
 * same way by every API replica (stored by content), so any replica can answer a terminal.
 */
export type KioskFundItem = KioskTerminal['items'][number];
export type KioskFundDeps = {
  fundDisclosure: FundDisclosureStore; counties: CountyDirectory; artifacts: Pick<ArtifactStore, 'put'>; config: MaskRule;
  fundProjects: Pick<FundProjectStore, 'liveProjects' | 'liveLedger'>;
};

/** A village's rows beyond this are left to the portal's pages (the screen says so): a terminal's disk is small. */
export const KIOSK_VILLAGE_ROWS = 20_000;
const SCREEN_TEXT = '民生资金公开查询本村发放情况笔数金额元上一页下一页返回乡镇村资金项目补贴姓名身份证号日期第共页合计同步于如有疑问请到便民服务中心反映或扫码监督民生项目投资状态村级财务收入支出结余期间个0123456789.,-*（）·';

export class KioskFundItems {
  // By what the item is made of: the live batches and the masking rule. A new batch makes a new key.
  private readonly made = new LRUCache<string, Promise<KioskFundItem | null>>({ max: 100 });

  constructor(private readonly deps: KioskFundDeps) {}

  /** The terminal's funds item, or null when its county has nothing live (or the terminal belongs to no county). */
  async itemFor(terminal: string): Promise<KioskFundItem | null> {
    const places = await this.deps.counties.places().catch(() => null);
    const county = places?.terminals.get(terminal);
    if (!places || !county) return null;
    const township = places.terminalTownships.get(terminal) ?? null;
    const batches = await this.deps.fundDisclosure.liveBatches(county);
    if (batches.length === 0) return null;
    const ids = batches.map((b) => b.id).sort((a, b) => a - b);
    const countyName = places.counties.find((c) => c.code === county)?.name ?? county;
    const key = JSON.stringify([county, countyName, township, ids, this.deps.config.FUND_NAME_MASK, this.deps.config.FUND_ID_SHOWN]);
    let item = this.made.get(key);
    if (!item) {
      item = this.build(county, countyName, township, ids, key);
      item.catch(() => this.made.delete(key)); // a failed build is not remembered
      this.made.set(key, item);
    }
    return item;
  }

  private async build(county: string, countyName: string, township: string | null, ids: number[], key: string): Promise<KioskFundItem | null> {
    const totals = await this.deps.fundDisclosure.placeTotals(county, township ? { township } : {});
    // A village's own projects (a township-wide one has no village: it is on the portal's township page).
    const projects = (await this.deps.fundProjects.liveProjects(county, township ? { township } : {})).filter((p) => p.village !== '');
    const places = [...totals, ...projects];
    if (places.length === 0) return null;
    const villages = [...new Map(places.map((t) => [`${t.township}\u0000${t.village}`, { township: t.township, village: t.village }])).values()]
      .sort((a, b) => a.township.localeCompare(b.township, 'zh-CN') || a.village.localeCompare(b.village, 'zh-CN'));
    const files: KioskFundItem['files'] = [];
    const text: string[] = [countyName, township ?? ''];
    const revision = createHash('sha256').update(key).digest('hex');
    for (const [n, place] of villages.entries()) {
      const own = totals.filter((t) => t.township === place.township && t.village === place.village);
      const rows = await this.deps.fundDisclosure.villageRows(ids, place.township, place.village, { offset: 0, limit: KIOSK_VILLAGE_ROWS + 1 });
      const lines = rows.slice(0, KIOSK_VILLAGE_ROWS).map((row) => maskLine(row, this.deps.config));
      const body = {
        county: countyName, township: place.township, village: place.village,
        payments: own.reduce((s, t) => s + t.payments, 0), totalFen: own.reduce((s, t) => s + t.totalFen, 0),
        funds: own.map((t) => ({ name: t.fund, payments: t.payments, totalFen: t.totalFen })),
        lines: lines.map((l) => [l.name, l.idNumber, l.fund, l.item ?? '', l.amountFen, l.paidOn]),
        more: rows.length > KIOSK_VILLAGE_ROWS,
        projects: projectsOf(projects, place),
        ledger: ledgerPeriods(await this.deps.fundProjects.liveLedger(county, place.township, place.village)),
      };
      const stored = await this.deps.artifacts.put(JSON.stringify(body));
      files.push({ role: 'funds', name: `funds-${n + 1}.json`, ...stored, url: `funds/${stored.sha256}` }); // relative: /kiosk/<terminal>/funds/<sha256>, for each terminal showing it
      text.push(place.township, place.village, ...own.map((t) => t.fund), ...lines.map((l) => `${l.name}${l.item ?? ''}`),
        ...body.projects.flat().map(String), ...body.ledger.map(([period]) => period));
    }
    return {
      documentId: `funds:${county}:${township ?? ''}`, revision, title: `民生资金公开 · ${township ?? countyName}`,
      text: [...new Set([...text.join('')])].join('') + SCREEN_TEXT, files,
    };
  }

  /** Whether the terminal's funds item lists this file (the route serves nothing else). */
  async lists(terminal: string, sha256: string): Promise<boolean> {
    const item = await this.itemFor(terminal);
    return Boolean(item?.files.some((f) => f.sha256 === sha256));
  }
}

/** [name, fund, amountFen, status, content] for the village's live projects: nothing of a person is in a project. */
function projectsOf(projects: ProjectLine[], place: { township: string; village: string }): Array<[string, string, number, string, string]> {
  return projects.filter((p) => p.township === place.township && p.village === place.village)
    .map((p) => [p.name, p.fund, p.amountFen, p.status, p.content]);
}

/** [period, incomeFen, expenseFen] per period, newest first, as the village page's 村级财务 summary. */
function ledgerPeriods(lines: LedgerLine[]): Array<[string, number, number]> {
  const periods = new Map<string, [string, number, number]>();
  for (const l of lines) {
    const entry = periods.get(l.periodKey) ?? [l.period, 0, 0];
    if (l.kind === '收入') entry[1] += l.amountFen;
    else entry[2] += l.amountFen;
    periods.set(l.periodKey, entry);
  }
  return [...periods.values()];
}

import { channelOfAccountPlatform } from '@tongyuan/channels';
import type { ChannelAccount, CountyPlaces } from '../ingest/desk-client';

/** The channel an account's platform publishes to (each channel names its CMS account platform). */
export const channelOfAccount = (account: Pick<ChannelAccount, 'platform'>): string | undefined => channelOfAccountPlatform(account.platform)?.code;

/** A terminal syncs by itself: its last update is its last sync, and it is stale when it stops syncing. */
export const isTerminalAccount = (account: Pick<ChannelAccount, 'platform'>): boolean => channelOfAccountPlatform(account.platform)?.accounts?.kind === 'terminal';

/**
 * Which documents an account answers for, in one place for the inspection and the annual report.
 * A site answers for what is listed on its site, a kiosk for what is shown on its own terminal, a
 * WeChat / Weibo / short-video account for its department's documents — or, when it carries
 * everything (a county's main account, 莒县发布), for every department of its own region
 * (山东省日照市莒县 and the regions within it), never another county's.
 */
export interface DocumentScope {
  department: string | null;
  /** The department's region as filed in the CMS (部门 → 所属地区); null when unknown. */
  region: string | null;
  sites: string[];
  kioskTerminals: string[];
  /** The county (区县 code) it belongs to: its department's, else that of the site or terminal it is on; null when none is filed. */
  county: string | null;
}

/** Where departments, sites and terminals are, as the CMS's registries say (desk-client.ts countyPlaces). */
export type Places = Pick<CountyPlaces, 'departments' | 'sites' | 'terminals'>;

export function countyOf(places: Places, department: string | null, sites: string[], terminals: string[]): string | null {
  return (department ? places.departments.get(department)?.county : null)
    ?? sites.map((s) => places.sites.get(s)).find(Boolean) ?? terminals.map((t) => places.terminals.get(t)).find(Boolean) ?? null;
}

export function scopeOf(revisionBody: unknown, places: Places): DocumentScope {
  const body = (revisionBody ?? {}) as {
    department?: { code?: string } | null; issuingDepartment?: { code?: string } | null;
    sites?: Array<{ code: string }>; kioskTerminals?: Array<{ code: string }>;
  };
  const department = body.department?.code ?? body.issuingDepartment?.code ?? null;
  const sites = (body.sites ?? []).map((s) => s.code);
  const kioskTerminals = (body.kioskTerminals ?? []).map((t) => t.code);
  return { department, region: regionIn(places, department), sites, kioskTerminals, county: countyOf(places, department, sites, kioskTerminals) };
}

const regionIn = (places: Places, department: string | null) => (department ? places.departments.get(department)?.region ?? null : null);

/** A question's scope: where it was asked (site, terminal) and the department that answers it. */
export function questionScope(q: { department_code: string | null; site: string | null; terminal: string | null }, places: Places): DocumentScope {
  const sites = q.site ? [q.site] : [];
  const kioskTerminals = q.terminal ? [q.terminal] : [];
  return { department: q.department_code, region: regionIn(places, q.department_code), sites, kioskTerminals, county: countyOf(places, q.department_code, sites, kioskTerminals) };
}

/** Same region or one inside it: 山东省日照市莒县 is within 山东省日照市莒县 and within 山东省, not within 江西省宜春市. */
const within = (region: string, of: string) => region === of || region.startsWith(of);

export function carriedBy(account: ChannelAccount): (scope: DocumentScope) => boolean {
  if (account.platform === 'site') return (s) => Boolean(account.site && s.sites.includes(account.site));
  if (isTerminalAccount(account)) return (s) => Boolean(account.kioskTerminal && s.kioskTerminals.includes(account.kioskTerminal));
  const department = account.department?.code ?? null;
  const region = account.department?.region?.trim() || null;
  const own = (s: DocumentScope) => department !== null && s.department === department;
  // A main account whose department has no region filed can't be placed in a county: it answers for its own department only.
  if (account.carries !== 'all' || !region) return own;
  return (s) => own(s) || (s.region !== null && within(s.region, region));
}

import { PublisherError } from '../errors';
import type { CmsDeskClient, CountyPlaces } from '../ingest/desk-client';
import type { Logger } from '../logger';
import type { CountyPlacesCopy } from '../store/county-places-copy';
import type { Db } from '../store/db';
import { scopeOf } from './account-scope';

/**
 * Counties (区县) as the scope of the status page, the inspection's exports and the annual report:
 * `?county=<code>` names one, as the CMS's 区县 list has it. The list and where each department,
 * site and terminal belongs are read from the CMS and remembered a minute (the status page reloads
 * every 15 seconds); while the CMS is away, its last good copy answers (kept in the store, so a process
 * started during an outage has it too), and without one the unscoped pages still work and show codes.
 * One per process (the wiring's), so the minute's read is shared by every page.
 */
export interface County { code: string; name: string }

const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const KEEP_MS = 60_000;
const RETRY_MS = 10_000;

export class CountyDirectory {
  private read: { at: number; places: Promise<CountyPlaces> } | undefined;

  /** `copy`: the store's last good copy (county-places-copy.ts), kept up to date here and read while the CMS is away. */
  constructor(
    private readonly deps: { cmsDesk: Pick<CmsDeskClient, 'countyPlaces'>; copy?: CountyPlacesCopy; logger?: Pick<Logger, 'warn'> },
    private readonly now = () => Date.now(),
  ) {}

  private lastGood: CountyPlaces | undefined;

  /**
   * The counties and their places; `fresh` reads again (a county filed a minute ago). While the CMS
   * cannot be read, the last good copy answers (public pages such as the funds' must not fail with it).
   */
  places(fresh = false): Promise<CountyPlaces> {
    if (fresh || !this.read || this.now() - this.read.at > KEEP_MS) {
      const places = this.deps.cmsDesk.countyPlaces(true).then(async (good) => {
        this.lastGood = good;
        await this.deps.copy?.save(good, new Date(this.now()).toISOString())
          .catch((error: Error) => this.deps.logger?.warn({ err: error.message }, '区县信息副本未能保存，下次读取时再试'));
        return good;
      }, async (error) => {
        this.lastGood ??= await this.deps.copy?.load().catch(() => undefined);
        if (this.read?.places === places) {
          // The copy answers until the next try, RETRY_MS away: every page asking the CMS again would wait on it each time.
          this.read = this.lastGood ? { at: this.now() - KEEP_MS + RETRY_MS, places: Promise.resolve(this.lastGood) } : undefined;
        }
        if (this.lastGood) return this.lastGood;
        throw error;
      });
      this.read = { at: this.now(), places };
    }
    return this.read.places;
  }

  /** A department, site or terminal changed in the CMS: the next page reads the CMS again (the last good copy stays for an outage). */
  forget(): void {
    this.read = undefined;
  }

  /** The counties, or null while the CMS cannot be read or is slow to (the page then offers no picker, but answers within 2 s). */
  async list(): Promise<County[] | null> {
    const late = new Promise<null>((resolve) => { setTimeout(() => resolve(null), 2000).unref(); });
    return Promise.race([this.places().then((p) => p.counties, () => null), late]);
  }

  /** A county's name by code, for exports (the code itself while the CMS cannot be read). */
  async namer(): Promise<(code: string | null) => string> {
    const counties = (await this.list()) ?? [];
    return (code) => (code ? counties.find((c) => c.code === code)?.name ?? code : '（未归属区县）');
  }

  /** `?county=`: none → null (every county); a code the CMS does not have → 404 in Chinese. */
  async resolve(code: string | undefined): Promise<County | null> {
    if (code === undefined || code === '') return null;
    if (!CODE.test(code)) throw new PublisherError('BAD_REQUEST', 'county 应为区县代码（小写字母、数字和连字符），如 ?county=juxian');
    const find = async (fresh: boolean) => (await this.places(fresh)).counties.find((c) => c.code === code);
    const county = (await find(false)) ?? (await find(true));
    if (!county) throw new PublisherError('NOT_FOUND', `没有代码为“${code}”的区县：请在 CMS 的“区县”中查看代码`);
    return county;
  }

  /** Which of these documents (by their latest revision's department, sites and terminals) belong to the county. */
  async documentsIn(db: Db, county: string, documentIds: string[]): Promise<Set<string>> {
    const places = await this.places();
    const inCounty = new Set<string>();
    const ids = [...new Set(documentIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db.selectFrom('documents')
        .innerJoin('revisions', (j) => j.onRef('revisions.document_id', '=', 'documents.document_id').onRef('revisions.hash', '=', 'documents.latest_hash'))
        .select(['documents.document_id', 'revisions.body']).where('documents.document_id', 'in', ids.slice(i, i + 500)).execute();
      for (const row of rows) if (scopeOf(JSON.parse(row.body), places).county === county) inCounty.add(row.document_id);
    }
    return inCounty;
  }

  /** Whether a kiosk terminal (by code) is the county's. */
  async terminalIn(county: string, terminal: string): Promise<boolean> {
    return (await this.places()).terminals.get(terminal) === county;
  }
}

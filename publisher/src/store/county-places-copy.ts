import type { CountyPlaces } from '../ingest/desk-client';
import type { Db } from './db';

/**
 * The last good copy of the CMS's counties and where each department, site and terminal belongs:
 * the county directory replaces it when what it read differs, and a process started while the CMS
 * is away reads it, so county pages (民生资金公开 first among them) never depend on the CMS being up.
 */
interface CopyTable { name: string; body: string; saved_at: string }
type Serialized = { counties: CountyPlaces['counties']; departments: Array<[string, { region: string | null; county: string | null }]>; sites: Array<[string, string | null]>; terminals: Array<[string, string | null]>; terminalTownships?: Array<[string, string | null]> };

const NAME = 'county-places';

export class CountyPlacesCopy {
  private readonly db;
  private lastSaved: string | undefined;
  constructor(db: Db) {
    this.db = db.withTables<{ cms_copies: CopyTable }>();
  }

  async load(): Promise<CountyPlaces | undefined> {
    const row = await this.db.selectFrom('cms_copies').select('body').where('name', '=', NAME).executeTakeFirst();
    if (!row) return undefined;
    const body = JSON.parse(row.body) as Serialized;
    return { counties: body.counties, departments: new Map(body.departments), sites: new Map(body.sites), terminals: new Map(body.terminals), terminalTownships: new Map(body.terminalTownships ?? []) };
  }

  /** Written only when it changed: every process reads the CMS each minute. */
  async save(places: CountyPlaces, at: string): Promise<void> {
    const body = JSON.stringify({ counties: places.counties, departments: [...places.departments], sites: [...places.sites], terminals: [...places.terminals], terminalTownships: [...places.terminalTownships] } satisfies Serialized);
    if (body === this.lastSaved) return;
    await this.db.insertInto('cms_copies').values({ name: NAME, body, saved_at: at })
      .onConflict((c) => c.column('name').doUpdateSet({ body, saved_at: at })).execute();
    this.lastSaved = body;
  }
}

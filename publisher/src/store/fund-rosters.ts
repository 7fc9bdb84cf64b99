import type { Db } from './db';

/** The tables of migrations/fund-rosters.ts: the auditors' rosters, read by fund-checks.ts and replaced here. */
export interface FundDepartedTable {
  county: string; row_number: number; payee_name: string; id_number: string; payee_key: string; reason: DepartureReason; since: string; note: string | null;
}
export interface FundOfficialsTable {
  county: string; row_number: number; township: string; village: string; payee_name: string; id_number: string; payee_key: string;
  post: string; relation: string; head_id_number: string | null;
}
export type DepartureReason = '死亡' | '迁出';
export type RosterKind = 'departed' | 'officials';
type Tables = { fund_departed: FundDepartedTable; fund_officials: FundOfficialsTable };

const CHUNK = 500;

/**
 * A county's rosters for the cross-checks (数据碰撞): who died or moved away, and the village officials
 * with their households. Each comes from the civil-affairs bureau or the organization department as a
 * whole list, so an import replaces the county's previous list of that kind in one transaction: a
 * person taken off the list is no longer matched, and a refused sheet leaves the old list in place.
 */
export class FundRosterStore {
  private readonly db;
  constructor(db: Db) {
    this.db = db.withTables<Tables>();
  }

  async replaceDeparted(county: string, rows: Array<Omit<FundDepartedTable, 'county'>>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('fund_departed').where('county', '=', county).execute();
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx.insertInto('fund_departed').values(rows.slice(i, i + CHUNK).map((r) => ({ county, ...r }))).execute();
      }
    });
  }

  async replaceOfficials(county: string, rows: Array<Omit<FundOfficialsTable, 'county'>>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('fund_officials').where('county', '=', county).execute();
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx.insertInto('fund_officials').values(rows.slice(i, i + CHUNK).map((r) => ({ county, ...r }))).execute();
      }
    });
  }

  /** How many people each roster of the county lists (0 when it has not been imported). */
  async sizes(county: string): Promise<Record<RosterKind, number>> {
    const count = async (table: keyof Tables) => Number((await this.db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n'))
      .where('county', '=', county).executeTakeFirstOrThrow()).n);
    return { departed: await count('fund_departed'), officials: await count('fund_officials') };
  }
}

import type { HolidayArrangement } from '../ingest/desk-client';
import type { Db } from './db';

/**
 * The last good copy of the CMS's 节假日安排: every process loads it at start, and whoever reads
 * the CMS replaces it whole, so a CMS outage (or a process started during one) still has every
 * year the clerks filed.
 */
export class HolidayStore {
  constructor(private readonly db: Db) {}

  async all(): Promise<HolidayArrangement[]> {
    const rows = await this.db.selectFrom('holiday_arrangements').selectAll().orderBy('year').execute();
    return rows.map((r) => ({ year: Number(r.year), notice: r.notice, updatedAt: r.cms_updated_at, holidays: JSON.parse(r.holidays), workdays: JSON.parse(r.workdays) }));
  }

  /** The CMS's table replaces ours in one transaction: a year deleted there is gone here too. */
  async replace(years: HolidayArrangement[], at: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('holiday_arrangements').execute();
      if (years.length === 0) return;
      await tx.insertInto('holiday_arrangements').values(years.map((y) => ({
        year: y.year, notice: y.notice, holidays: JSON.stringify(y.holidays), workdays: JSON.stringify(y.workdays), cms_updated_at: y.updatedAt, saved_at: at,
      }))).execute();
    });
  }
}

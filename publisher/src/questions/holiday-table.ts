import type { CmsDeskClient, HolidayArrangement } from '../ingest/desk-client';
import type { Logger } from '../logger';
import type { HolidayStore } from '../store/holidays';
import type { YearArrangement } from './working-days';

const DAY_MS = 86_400_000;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const isDay = (day: unknown): day is string => typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`));

/** A filed year as days. The CMS refuses dates outside the year; any that got past it are left out, not spread into another year. */
export function expandYear(filed: HolidayArrangement): YearArrangement {
  const inYear = (day: unknown): day is string => isDay(day) && day.startsWith(`${filed.year}-`);
  const offDays = new Set<string>();
  for (const h of filed.holidays) {
    if (!inYear(h.firstDay) || !inYear(h.lastDay)) continue;
    for (let day = h.firstDay; day <= h.lastDay; day = nextDay(day)) offDays.add(day);
  }
  const workingDays = new Set(filed.workdays.map((w) => w.date).filter(inYear).filter((d) => !offDays.has(d)));
  return { year: filed.year, offDays, workingDays };
}

/**
 * The CMS's 节假日安排 in this process: loaded from the store at start, refreshed from the CMS on
 * its webhook and every HOLIDAY_REFRESH_MS — never on a request's path — and written back to the
 * store, so a CMS outage keeps the last good copy. The working-day calendar reads `years` on each
 * lookup.
 */
export class HolidayTable {
  private current = new Map<number, YearArrangement>();
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<unknown> = Promise.resolve();
  private cmsDown = false;

  constructor(private readonly deps: { store: HolidayStore; cms: CmsDeskClient; logger: Logger; clock: () => Date }) {}

  readonly years = (): ReadonlyMap<number, YearArrangement> => this.current;

  private use(filed: HolidayArrangement[]): void {
    this.current = new Map(filed.map((y) => [y.year, expandYear(y)]));
  }

  async load(): Promise<void> {
    this.use(await this.deps.store.all());
  }

  /** Reads the CMS's table; on failure keeps what it has (and what the store has) and says so once. */
  refresh(): Promise<'updated' | 'kept'> {
    const run = this.refreshing.then(async () => {
      const { cms, store, logger, clock } = this.deps;
      try {
        const filed = await cms.holidayArrangements();
        await store.replace(filed, clock().toISOString());
        this.use(filed);
        if (this.cmsDown) logger.info('已从 CMS 重新读取节假日安排');
        this.cmsDown = false;
        return 'updated' as const;
      } catch (error) {
        if (!this.cmsDown) logger.warn({ err: (error as Error).message }, '暂时无法从 CMS 读取节假日安排：继续使用上次保存的');
        this.cmsDown = true;
        return 'kept' as const;
      }
    });
    this.refreshing = run;
    return run;
  }

  /**
   * Refreshes now and every `intervalMs`; while the CMS cannot be read (a fresh install whose CMS is
   * still starting, an outage), again after 1 s, doubling up to the interval — not an interval late.
   */
  start(intervalMs: number): void {
    let retryMs = 1000;
    const tick = () => void this.refresh().then((outcome) => {
      if (this.timer === null) return;
      const delay = outcome === 'kept' ? Math.min(retryMs, intervalMs) : intervalMs;
      retryMs = outcome === 'kept' ? retryMs * 2 : 1000;
      this.timer = setTimeout(tick, delay).unref();
    });
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.refreshing;
  }
}

/**
 * The mainland-China working-day calendar behind the Q&A desk's (宜企问) answer deadline.
 *
 * Semantics: the deadline clock runs only on working days, in China time. Each working day is
 * 24 h of clock (00:00–24:00); holidays and normal weekends stop it, adjusted working weekends
 * (调休上班) run it. `addWorkingDays(at, n)` is the first instant at which n × 24 h of working-day
 * time has passed since `at`. That gives both rules of the desk with one definition:
 *  - received at T on a working day → due at the same clock time n working days later
 *    (Thursday 15:00 → Monday 15:00 when Friday and Monday are working days);
 *  - received on a non-working day → the clock starts at 00:00 of the next working day, and the
 *    question is due at the end (24:00) of its n-th working day.
 * `workingDaysBetween(from, to)` measures the same clock (fractional: 0.5 = 12 h of a working day),
 * so `workingDaysBetween(at, addWorkingDays(at, n)) === n`.
 *
 * Data: for a year the CMS's 节假日安排 table has (filed by a clerk from the State Council notice),
 * that table, whole — it wins over the package; otherwise the `chinese-days` package's published
 * JSON. The package's lookup functions read dates with the server's local clock (a Date in a UTC-7
 * server lands on the wrong day), so days here are plain 'YYYY-MM-DD' strings computed in the
 * calendar's time zone. In a year neither has, a weekday guess would be silently wrong, so every
 * such day throws.
 */
import calendarData from 'chinese-days/dist/chinese-days.json';
import { version as calendarVersion } from 'chinese-days/package.json';
import { PublisherError } from '../errors';

export interface WorkingDayCalendar {
  /** The years covered without a gap: the package's, extended by the CMS table's years that follow them. */
  readonly coveredYears: { from: number; to: number };
  /** Where a year's holidays come from: the CMS table wins over the package; null when neither has it. */
  sourceOf(year: number): 'cms' | 'package' | null;
  isWorkingDay(day: string): boolean;
  addWorkingDays(at: Date, days: number, timeZone?: string): Date;
  workingDaysBetween(from: Date, to: Date, timeZone?: string): number;
}

const DAY_MS = 86_400_000;
const CHINA = 'Asia/Shanghai';

const { holidays, workdays } = calendarData as { holidays: Record<string, string>; workdays: Record<string, string> };

/** One year of the CMS's 节假日安排, expanded to days. */
export interface YearArrangement { year: number; offDays: ReadonlySet<string>; workingDays: ReadonlySet<string> }

/** The years the package has State Council data for, read from the data itself. */
function readCoveredYears(): { from: number; to: number } {
  const years = new Set([...Object.keys(holidays), ...Object.keys(workdays)].map((day) => Number(day.slice(0, 4))));
  const from = Math.min(...years);
  const to = Math.max(...years);
  // A missing year inside the range would be answered by weekday guesses; refuse to start instead.
  if (years.size !== to - from + 1) throw new Error(`chinese-days ${calendarVersion}: holiday data has gaps between ${from} and ${to}`);
  return { from, to };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: number, timeZone: string): { day: string; asUtc: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const part = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(part.year), Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second));
  return { day: `${part.year}-${part.month}-${part.day}`, asUtc: asUtc + (instant % 1000 + 1000) % 1000 };
}

/** The instant a calendar day starts (00:00) in the zone; China has no DST, so one pass is exact there. */
function startOfDay(day: string, timeZone: string): number {
  const midnightAsUtc = Date.parse(`${day}T00:00:00Z`);
  const guess = midnightAsUtc - (wallClock(midnightAsUtc, timeZone).asUtc - midnightAsUtc);
  return midnightAsUtc - (wallClock(guess, timeZone).asUtc - guess);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** `cmsYears` is read on every lookup, so a table refreshed from the CMS is used at once. */
export function workingDayCalendar(cmsYears: () => ReadonlyMap<number, YearArrangement> = () => new Map()): WorkingDayCalendar {
  const packageYears = readCoveredYears();

  function sourceOf(year: number): 'cms' | 'package' | null {
    if (cmsYears().has(year)) return 'cms';
    return year >= packageYears.from && year <= packageYears.to ? 'package' : null;
  }

  function coveredYears(): { from: number; to: number } {
    let { from, to } = packageYears;
    while (sourceOf(from - 1)) from -= 1;
    while (sourceOf(to + 1)) to += 1;
    return { from, to };
  }

  function isWorkingDay(day: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
    const year = Number(day.slice(0, 4));
    const source = sourceOf(year);
    if (!source) {
      const covered = coveredYears();
      throw new PublisherError('CALENDAR_NOT_COVERED',
        `工作日日历只收录 ${covered.from}—${covered.to} 年的法定节假日和调休安排，无法计算 ${day} 是否工作日：` +
        `请按国务院办公厅通知在 CMS 的“节假日安排”中填写 ${year} 年（或更新 chinese-days 依赖，当前 ${calendarVersion}）`,
        { details: { day, coveredYears: covered, package: `chinese-days@${calendarVersion}` } });
    }
    const cms = source === 'cms' ? cmsYears().get(year)! : null;
    if (cms ? cms.offDays.has(day) : holidays[day]) return false;
    if (cms ? cms.workingDays.has(day) : workdays[day]) return true; // 调休上班: a Saturday or Sunday that is worked
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  function addWorkingDays(at: Date, days: number, timeZone = CHINA): Date {
    if (!Number.isFinite(days) || days < 0) throw new RangeError(`working days to add must be ≥ 0, got ${days}`);
    let remaining = days * DAY_MS;
    let cursor = at.getTime();
    let day = wallClock(cursor, timeZone).day;
    for (;;) {
      const dayEnd = startOfDay(nextDay(day), timeZone);
      if (isWorkingDay(day)) {
        if (remaining <= dayEnd - cursor) return new Date(cursor + remaining);
        remaining -= dayEnd - cursor;
      }
      cursor = dayEnd;
      day = nextDay(day);
    }
  }

  function workingDaysBetween(from: Date, to: Date, timeZone = CHINA): number {
    if (to.getTime() < from.getTime()) return 0 - workingDaysBetween(to, from, timeZone); // 0 - x: never -0
    let elapsed = 0;
    let cursor = from.getTime();
    let day = wallClock(cursor, timeZone).day;
    while (cursor < to.getTime()) {
      const dayEnd = startOfDay(nextDay(day), timeZone);
      if (isWorkingDay(day)) elapsed += Math.min(dayEnd, to.getTime()) - cursor;
      cursor = dayEnd;
      day = nextDay(day);
    }
    return elapsed / DAY_MS;
  }

  return { get coveredYears() { return coveredYears(); }, sourceOf, isWorkingDay, addWorkingDays, workingDaysBetween };
}

/**
 * How late an overdue question is, for people to read: working days on the calendar, or — once the
 * clock has run past the years the calendar covers — calendar days, said so, instead of an error
 * on the status page (the question was due before the gap; only its lateness is approximate).
 */
export function lateness(calendar: WorkingDayCalendar, due: Date, now: Date): { days: number; unit: '个工作日' | '天（自然日，工作日日历未覆盖）' } {
  try {
    return { days: calendar.workingDaysBetween(due, now), unit: '个工作日' };
  } catch (error) {
    if (!(error instanceof PublisherError) || error.code !== 'CALENDAR_NOT_COVERED') throw error;
    return { days: (now.getTime() - due.getTime()) / DAY_MS, unit: '天（自然日，工作日日历未覆盖）' };
  }
}

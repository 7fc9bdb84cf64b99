/**
 * Dates as people in China read them (UTC+8, no daylight saving). "Today" always comes from a
 * clock the process injects — never from the system clock read deep inside a function — so a test
 * or a drill can set the day and every part agrees on it.
 */
export type Clock = () => Date;

/** The process's clock where nothing else is injected (entry points only). */
export const systemClock: Clock = () => new Date();

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The China calendar day (YYYY-MM-DD) of an instant. */
export function chinaDayOf(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in China by the injected clock. */
export function chinaToday(clock: Clock): string {
  return chinaDayOf(clock());
}

/** 2027-01-05 09:30, China time. */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

// Made once: building an Intl.DateTimeFormat costs ~0.3 ms, more than a registration's own work.
const LONG_CHINA_TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' });

/** 2027年2月1日 08:00, China time: how a form or a receipt names an instant. */
export function chinaLongDateTime(iso: string): string {
  return LONG_CHINA_TIME.format(new Date(iso));
}

/** The day before / after a calendar day (YYYY-MM-DD). */
export const dayBefore = (day: string): string => shiftDay(day, -1);
export const dayAfter = (day: string): string => shiftDay(day, 1);

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A calendar date as YYYY-MM-DD that exists (2026-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

import { chinaDateTime as chinaDateTimeOf, chinaDayOf } from '@tongyuan/document';
import type { QuestionCounts } from './report-data';

/**
 * How the report writes numbers, rates and dates: one place, so tables, charts and tests agree.
 * Dates are China Standard Time whatever the server's zone.
 */
const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export const count = (n: number): string => integer.format(n);

/** Axis ticks: 12,000 → 1.2万, so large feed-pull numbers keep the axis narrow. */
export function compact(n: number): string {
  if (Math.abs(n) >= 1e8) return `${trim(n / 1e8)}亿`;
  if (Math.abs(n) >= 1e4) return `${trim(n / 1e4)}万`;
  return count(n);
}
const trim = (n: number) => String(Math.round(n * 10) / 10);

/** A share as "92.5%", or "—" when there is nothing to divide by. */
export function percent(part: number, whole: number): string {
  const r = ratio(part, whole);
  return r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * 按时答复率: answered on time among the questions that are due — answered ones and those
 * already past the deadline. Questions still within their deadline don't count either way.
 */
export const dueQuestions = (q: QuestionCounts): number => q.answered + q.overdueOpen;
export const onTimeRate = (q: QuestionCounts): string => percent(q.answeredOnTime, dueQuestions(q));

const CHINA_OFFSET_MS = 8 * 3600_000;

/** 2026-12-31 (China time) from an ISO instant. */
export const chinaDate = (iso: string): string => chinaDayOf(new Date(iso));

/** 2027-01-05 09:30 (China time). */
export const chinaDateTime = (iso: string): string => chinaDateTimeOf(new Date(iso));

/** "2026-03" → "3月". */
export const monthLabel = (month: string): string => `${Number(month.slice(5, 7))}月`;

/** The last moment the report covers: the end of its year, or when the figures were gathered if that is earlier. */
export function periodEnd(year: number, generatedAt: string): number {
  const yearEnd = Date.UTC(year + 1, 0, 1) - CHINA_OFFSET_MS - 1;
  return Math.min(yearEnd, Date.parse(generatedAt));
}

/** 政务新媒体检查指标: an account without an update in the two weeks before the check fails it. */
export const STALE_AFTER_MS = 14 * 86_400_000;

/**
 * When a policy applies. A document's own window is [validFrom, validTo]; a document another one
 * supersedes ends the day before its successor starts (or at its own end, if earlier). Items take
 * their basis document's window, so "what applied on date D" follows the chain.
 */
export interface Window { from: string | null; to: string | null }
export interface DocumentValidity { validFrom: string | null; validTo: string | null; supersedes: string | null }

export type ValidityStatus = '有效' | '已失效' | '未生效';

export function effectiveWindows(documents: Map<string, DocumentValidity>): Map<string, Window> {
  const successorStart = new Map<string, string>();
  for (const doc of documents.values()) {
    if (doc.supersedes && doc.validFrom) {
      const earlier = successorStart.get(doc.supersedes);
      if (!earlier || doc.validFrom < earlier) successorStart.set(doc.supersedes, doc.validFrom);
    }
  }
  const windows = new Map<string, Window>();
  for (const [id, doc] of documents) {
    const next = successorStart.get(id);
    const endBySuccessor = next ? dayBefore(next) : null;
    const to = [doc.validTo, endBySuccessor].filter((d): d is string => d !== null).sort()[0] ?? null;
    windows.set(id, { from: doc.validFrom, to });
  }
  return windows;
}

export function statusOn(window: Window, day: string): ValidityStatus {
  if (window.from && day < window.from) return '未生效';
  if (window.to && day > window.to) return '已失效';
  return '有效';
}

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

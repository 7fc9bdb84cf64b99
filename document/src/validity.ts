/**
 * Whether a policy applies on a day, in the one vocabulary readers see (glossary: 现行有效 /
 * 已失效 / 已修订, and 尚未生效 before it starts). A document's own window is [validFrom,
 * validTo]; a document another one supersedes ends the day before its successor starts (or at
 * its own end, if earlier). Items take their basis document's window, so "what applied on date D"
 * follows the chain.
 */
import { dayBefore } from './china-time';

export const VALIDITY = { inForce: '现行有效', expired: '已失效', superseded: '已修订', pending: '尚未生效' } as const;
export type ValidityStatus = (typeof VALIDITY)[keyof typeof VALIDITY];

export interface Window { from: string | null; to: string | null }
export interface ValidityDates { validFrom: string | null; validTo: string | null; supersedes: string | null }

/** A policy's status on `day` (YYYY-MM-DD, China time). `superseded`: it ended because a successor replaced it. */
export function statusOn(window: Window, day: string, options: { superseded?: boolean } = {}): ValidityStatus {
  if (options.superseded) return VALIDITY.superseded;
  if (window.from && day < window.from) return VALIDITY.pending;
  if (window.to && day > window.to) return VALIDITY.expired;
  return VALIDITY.inForce;
}

/** A policy document's status by its own dates, as a page lists it. */
export function validityOf(policy: { validFrom: string | null; validTo: string | null }, options: { supersededBy?: boolean; today: string }): ValidityStatus {
  return statusOn({ from: policy.validFrom, to: policy.validTo }, options.today, { superseded: options.supersededBy });
}

export function effectiveWindows(documents: Map<string, ValidityDates>): Map<string, Window> {
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

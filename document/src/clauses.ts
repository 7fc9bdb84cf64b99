/**
 * The clause-number rule, shared by the CMS's validation and the publisher: authors type clause
 * numbers by hand ("第三条、第五条", "一、二、"), and 一、 and 一 name the same clause.
 */

/** "第三条、第五条" / "第三条,第五条" / "一、二、" → ["第三条", "第五条"]. */
export function parseClauseNumbers(raw: string | null | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(/[、，,；;\s]+/u)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Clause numbers compare without surrounding spaces and trailing punctuation (一、 and 一 are the same clause). */
export function normalizeClauseNumber(number: string): string {
  return number.trim().replace(/[、.．]$/u, '');
}

/** Whether two clause numbers name the same clause. */
export const sameClause = (a: string, b: string): boolean => normalizeClauseNumber(a) === normalizeClauseNumber(b);

/**
 * A stable, URL-safe anchor for a clause: its normalized number, so 一、 and 一 link to the same
 * place and an edit to the clause text never breaks a link.
 */
export function clauseAnchor(number: string): string {
  return `clause-${encodeURIComponent(normalizeClauseNumber(number))}`;
}

/** Clause numbers as authors type them ("第三条、第五条"), and stable anchors for linking to them. */
export function parseClauseNumbers(raw: string): string[] {
  return raw
    .split(/[、，,；;\s]+/u)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * A stable, URL-safe anchor for a clause: the number without trailing punctuation, so 一、 and 一
 * link to the same place and an edit to the clause text never breaks a link.
 */
export function clauseAnchor(number: string): string {
  return `clause-${encodeURIComponent(number.trim().replace(/[、.．]$/u, ''))}`;
}

/** "第三条、第五条" / "第三条,第五条" / "一、二、" → ["第三条", "第五条"]. Authors type these by hand. */
export function parseClauseNumbers(raw: string | null | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(/[、，,；;\s]+/u)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Clause numbers compare without surrounding spaces and a trailing 、 (一、 and 一 are the same clause). */
export function normalizeClauseNumber(number: string): string {
  return number.trim().replace(/[、.．]$/u, '');
}

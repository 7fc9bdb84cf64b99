import type { Config } from '../config';

/**
 * How payees show on every public output (pages, kiosks, feeds): names with their middle hidden
 * (or all but the first character), ID numbers with the birth date and more hidden. Characters are
 * counted as a reader sees them (graphemes), so a rare name in a CJK extension or a composed
 * character is hidden whole, never split into a broken half.
 */
export type MaskRule = Pick<Config, 'FUND_NAME_MASK' | 'FUND_ID_SHOWN'>;

const graphemes = (text: string) => [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

export function maskName(name: string, rule: MaskRule): string {
  const parts = graphemes(name.trim());
  if (parts.length <= 1) return '*';
  if (parts.length === 2 || rule.FUND_NAME_MASK === 'surname') return parts[0] + '*'.repeat(parts.length - 1);
  return parts[0] + '*'.repeat(parts.length - 2) + parts[parts.length - 1];
}

/** Stored ID numbers are 18 characters (the import refuses others); config keeps head + tail ≤ 10, so 8 or more are hidden. */
export function maskIdNumber(idNumber: string, rule: MaskRule): string {
  const [head, tail] = rule.FUND_ID_SHOWN;
  const hidden = Math.max(8, idNumber.length - head - tail);
  const shownHead = Math.min(head, Math.max(0, idNumber.length - hidden));
  const shownTail = Math.max(0, idNumber.length - hidden - shownHead);
  return idNumber.slice(0, shownHead) + '*'.repeat(hidden) + (shownTail > 0 ? idNumber.slice(-shownTail) : '');
}

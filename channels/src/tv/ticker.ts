import type { Interpretation } from '../document/types';
import { GOVERNMENT_HOTLINE } from '../document/types';
import { shortenText } from '../text/shorten';
import { drawableText } from '../text/unicode';

/**
 * 滚动字幕: the line a station's character generator crawls across the bottom of the picture for
 * an interpretation. Plain text on one line — no markup, no line breaks or control characters, no
 * emoji (a character generator shows none of them) — at most the station's limit of characters
 * (code points: 𠮷 is one), shortened at a clause end where one is near.
 */
export const DEFAULT_TICKER_MAX = 30;

export interface TickerLine {
  /** What the station crawls. */
  text: string;
  /** The line before shortening, when it had to be shortened. */
  full: string;
  shortened: boolean;
  max: number;
}

// A tag as markup (<b>, </span>, <br/>, <a href=…>): a literal "<" in a sentence ("收入<5万元") stays.
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;
// Markdown an author may type: emphasis stars and underscores, heading hashes, inline code backticks.
const MARKDOWN = /(\*\*|__|`|^#+\s*)/gm;

/** Text as one plain line: markup and invisible characters gone, whitespace of any kind a single space. */
export function plainLine(text: string): string {
  const { text: drawable } = drawableText(text.replace(TAG, ' ').replace(MARKDOWN, ''));
  // A character generator has no pictographs at all, not even those with a text form (☎, ✈).
  return drawable.replace(/\p{Extended_Pictographic}/gu, '').replace(/[\s\u3000]+/gu, ' ').trim();
}

/** The line for an interpretation: its title, and whom to call (the department's hotline, else 12345). */
export function tickerLine(doc: Pick<Interpretation, 'title' | 'department'>, max: number | null): TickerLine {
  const limit = max ?? DEFAULT_TICKER_MAX;
  const title = plainLine(doc.title);
  const hotline = plainLine(doc.department?.hotline ?? '') || GOVERNMENT_HOTLINE;
  const tail = `（咨询电话${hotline}）`;
  const full = `${title}${tail}`;
  if ([...full].length <= limit) return { text: full, full, shortened: false, max: limit };
  // The hotline is what a viewer acts on: kept whole while the title still has room, the title shortened first.
  const room = limit - [...tail].length;
  const text = room >= 8 ? `${shortenText(title, room).text}${tail}` : shortenText(full, limit).text;
  return { text, full, shortened: true, max: limit };
}

/** A day's ticker file: one line per interpretation, in order, LF line ends, UTF-8 with a final newline. */
export function tickerFile(lines: string[]): string {
  return lines.length ? `${lines.map(plainLine).join('\n')}\n` : '';
}

import iconv from 'iconv-lite';
import type { Interpretation } from '../document/types';
import { GOVERNMENT_HOTLINE } from '../document/types';
import { shortenText } from '../text/shorten';
import { drawableText, nameOfCharacter } from '../text/unicode';

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
  // Until nothing changes: normalizing can make markup ("\u1FEF" becomes "`"), and dropping an
  // invisible character can join two halves of it ("*\u200B*" is "**"), so one pass is not always plain.
  let line = text;
  for (let pass = 0; pass < 8; pass += 1) {
    const next = plainPass(line);
    if (next === line) break;
    line = next;
  }
  return line;
}

function plainPass(text: string): string {
  const { text: drawable } = drawableText(text);
  // A character generator has no pictographs at all, not even those with a text form (☎, ✈).
  return drawable.replace(TAG, ' ').replace(MARKDOWN, '').replace(/\p{Extended_Pictographic}/gu, '').replace(/[\s\u3000]+/gu, ' ').trim();
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

/**
 * How a station's playout system reads the ticker file (its 电视台 record in the CMS): many in China
 * read GBK (or GB18030) and Windows line ends, not UTF-8. GB18030 and UTF-8 hold every character;
 * GBK has no 𠮷 and no CJK Extension B–G character, so a line with one cannot be written in GBK.
 */
export type TickerEncoding = 'utf-8' | 'gbk' | 'gb18030';
export type TickerLineEnding = 'lf' | 'crlf';
export interface TickerFormat { encoding: TickerEncoding; lineEnding: TickerLineEnding }
export const DEFAULT_TICKER_FORMAT: TickerFormat = { encoding: 'utf-8', lineEnding: 'lf' };
export const TICKER_ENCODING_LABELS: Record<TickerEncoding, string> = { 'utf-8': 'UTF-8', gbk: 'GBK', gb18030: 'GB18030' };
export const TICKER_LINE_ENDING_LABELS: Record<TickerLineEnding, string> = { lf: 'LF（\\n）', crlf: 'CRLF（\\r\\n，Windows）' };

/** A station record's values, the defaults where it has none (a record made before the fields existed). */
export function tickerFormatOf(station: { tickerEncoding?: string | null; tickerLineEnding?: string | null }): TickerFormat {
  const encoding = (Object.keys(TICKER_ENCODING_LABELS) as TickerEncoding[]).find((e) => e === station.tickerEncoding) ?? DEFAULT_TICKER_FORMAT.encoding;
  const lineEnding = station.tickerLineEnding === 'crlf' ? 'crlf' : DEFAULT_TICKER_FORMAT.lineEnding;
  return { encoding, lineEnding };
}

/** The characters of `text` that `encoding` cannot hold, each once, in order (iconv-lite would write "?" for them). */
export function unencodable(text: string, encoding: TickerEncoding): string[] {
  if (encoding === 'utf-8') return [];
  const missing: string[] = [];
  for (const ch of new Set(text)) {
    if (iconv.decode(iconv.encode(ch, encoding), encoding) !== ch) missing.push(ch);
  }
  return missing;
}

/** A line the station's encoding cannot hold: left out of the file, named on the package page and in preflight. */
export interface UnencodedLine { line: string; characters: string[] }

/**
 * A day's ticker file in the station's encoding and line ends, one line per interpretation with a
 * final line end (no byte-order mark: playout systems print it). A line with a character the
 * encoding lacks is left out whole — never written with "?" in its place — and returned.
 */
export function encodeTickerFile(lines: string[], format: TickerFormat): { data: Buffer; written: string[]; unencoded: UnencodedLine[] } {
  const written: string[] = [];
  const unencoded: UnencodedLine[] = [];
  for (const line of lines.map(plainLine)) {
    const characters = unencodable(line, format.encoding);
    if (characters.length) unencoded.push({ line, characters });
    else written.push(line);
  }
  const eol = format.lineEnding === 'crlf' ? '\r\n' : '\n';
  const text = written.length ? `${written.join(eol)}${eol}` : '';
  return { data: format.encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, format.encoding), written, unencoded };
}

/** A day's ticker file in the default format (UTF-8, LF), as text. */
export const tickerFile = (lines: string[]): string => encodeTickerFile(lines, DEFAULT_TICKER_FORMAT).data.toString('utf8');

/** What preflight and the package page say of a line left out, the characters named (𠮷 U+20BB7). */
export const unencodedMessage = (u: UnencodedLine, encoding: TickerEncoding, station: string) =>
  `电视台滚动字幕：${station}的播出系统按 ${TICKER_ENCODING_LABELS[encoding]} 读字幕，这条中的 ${u.characters.map(nameOfCharacter).join('、')} 无法用 ${TICKER_ENCODING_LABELS[encoding]} 表示，这一条不写入滚动字幕文件（请改用其他写法，或请电视台改用 GB18030 / UTF-8）：“${u.line}”`;

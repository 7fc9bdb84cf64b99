import { readFileSync } from 'node:fs';
import { fallbackFacesOf, fallbackWoff2, FONT_FILES, forScreen, missingGlyphs, unicodeRangeOf } from '@tongyuan/channels';
import { loadSubsetFont } from '../libraries';

/**
 * The report's font: the bundled Source Han Sans SC (regular and bold), cut to the characters
 * the page actually contains and embedded as base64 WOFF2, so the HTML and its PDF look the same
 * on a machine without any Chinese font. The family has its own name so an installed copy of
 * the full font never stands in for (or hides a gap in) the embedded one.
 */
export const REPORT_FONT = 'TongyuanReportSans';
export const REPORT_FONT_STACK = `${REPORT_FONT}, sans-serif`;

// Printable ASCII always goes in: markup entities and numbers formatted later need no second pass.
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

const sources: Partial<Record<'regular' | 'bold', Buffer>> = {};
const source = (weight: 'regular' | 'bold') => (sources[weight] ??= readFileSync(FONT_FILES[weight]));

/** The distinct characters of `text` plus printable ASCII (whitespace and controls are left to the font's defaults). */
export function charactersOf(text: string): string {
  const set = new Set<string>(ASCII);
  for (const ch of text) if (!/[\s\p{Cc}]/u.test(ch)) set.add(ch);
  return [...set].join('');
}

/**
 * @font-face rules for both weights, covering every character of `text`: rare characters (生僻字
 * in a department's or account's name) come from the fallback font, as faces of the same family
 * limited to exactly those code points, so no stylesheet has to name a second family.
 */
export async function embeddedFontCss(text: string): Promise<string> {
  return [await mainFontCss(text), ...(await fallbackFontCss(text))].join('\n');
}

async function fallbackFontCss(text: string): Promise<string[]> {
  return Promise.all(fallbackFacesOf(text).map(async (face) => {
    const data = (await fallbackWoff2(face)).toString('base64');
    return (['400', '700'] as const).map((weight) => `@font-face{font-family:${REPORT_FONT};font-weight:${weight};font-style:normal;font-display:block;` +
      `src:url(data:font/woff2;base64,${data}) format("woff2");unicode-range:${unicodeRangeOf(face.codePoints)};}`).join('\n');
  }));
}

async function mainFontCss(text: string): Promise<string> {
  const characters = charactersOf(text);
  const faces = await Promise.all(
    (['regular', 'bold'] as const).map(async (weight) => {
      // No layout closure: the alternates GSUB could reach (vertical forms, other locales) are never shown here, and leave the subset 2.3× smaller.
      const woff2 = await loadSubsetFont()(source(weight), characters, { targetFormat: 'woff2', noLayoutClosure: true });
      return `@font-face{font-family:${REPORT_FONT};font-weight:${weight === 'bold' ? 700 : 400};font-style:normal;font-display:block;` +
        `src:url(data:font/woff2;base64,${woff2.toString('base64')}) format("woff2");}`;
    }),
  );
  return faces.join('\n');
}

/** Names as the report shows them: emoji have no glyph in the bundled font, so they are left out (as in images and video). */
export const shown = (text: string): string => forScreen(text);

/** Characters of the given texts no bundled font (main or fallback) can draw, for a caller to log before publishing the report. */
export const glyphsMissing = (texts: string[]): string[] => missingGlyphs(texts.map(shown).join(''));

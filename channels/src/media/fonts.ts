import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { drawableText, undrawable, type DroppedKind } from '../text/unicode';

/**
 * The bundled CJK font (Source Han Sans SC, OFL, from the npm package node-source-han-sans-sc),
 * loaded by path: images and video frames never depend on the machine's fonts. It has the
 * 2,100 Extension B characters most used in names (𠮷) but not the other 40,000, nor emoji.
 *
 * Rare characters (生僻字 of names and villages) come from the fallback font: Hanazono Mincho
 * (花園明朝, SIL OFL 1.1 or the Hanazono licence) from the npm package `hanamin`, which ships it
 * as WOFF2 pieces of 1,024 code points with a stylesheet of their ranges. It covers Extensions
 * B–F whole (no sans-serif font covering them is published on npm); G and later are not there.
 */
const PACKAGE_DIR = path.dirname(require.resolve('node-source-han-sans-sc/package.json'));

export const FONT_FAMILY = 'Source Han Sans SC';
export const FONT_FILES = {
  regular: path.join(PACKAGE_DIR, 'SourceHanSansSC-Regular.otf'),
  bold: path.join(PACKAGE_DIR, 'SourceHanSansSC-Bold.otf'),
};

export const FALLBACK_FONT_NAME = '花园明朝（生僻字补充字体）';
const FALLBACK_DIR = path.dirname(require.resolve('hanamin/package.json'));

/** The fallback's pieces: which file holds which code points, read from the package's own stylesheet. */
interface Piece { file: string; ranges: Array<[number, number]> }
let pieces: Piece[] | undefined;
function fallbackPieces(): Piece[] {
  pieces ??= [...readFileSync(path.join(FALLBACK_DIR, 'HanaMin.css'), 'utf8').matchAll(/url\(([^)]+\.woff2)\)[^;]*;\s*unicode-range:\s*([^;]+);/g)]
    .map(([, file, list]) => ({
      file: path.join(FALLBACK_DIR, file.replace(/["']/g, '')),
      ranges: list.split(',').map((range) => {
        const [from, to] = range.trim().replace(/^U\+/i, '').split('-').map((hex) => parseInt(hex, 16));
        return [from, to ?? from] as [number, number];
      }),
    }));
  return pieces;
}

const opened = new Map<string, fontkit.Font>();
/** The fallback piece that has a glyph for `codePoint`, or null. Private-use code points never fall back: their meaning is the author's system's, not the font's. */
export function fallbackFontFor(codePoint: number): { file: string; font: fontkit.Font } | null {
  if (/\p{Co}/u.test(String.fromCodePoint(codePoint))) return null;
  for (const piece of fallbackPieces()) {
    if (!piece.ranges.some(([from, to]) => codePoint >= from && codePoint <= to)) continue;
    let font = opened.get(piece.file);
    if (!font) opened.set(piece.file, (font = fontkit.openSync(piece.file) as fontkit.Font));
    if (font.hasGlyphForCodePoint(codePoint)) return { file: piece.file, font };
  }
  return null;
}

let regular: fontkit.Font | undefined;
function font(): fontkit.Font {
  regular ??= fontkit.openSync(FONT_FILES.regular) as fontkit.Font;
  return regular;
}

/** Whether each font has each code point asked about so far: every drawn string is checked, and fontkit's lookup is not free. */
const inMain = new Map<number, boolean>();
const inFallback = new Map<number, boolean>();
export const mainHasGlyph = (codePoint: number) => {
  let known = inMain.get(codePoint);
  if (known === undefined) inMain.set(codePoint, (known = font().hasGlyphForCodePoint(codePoint)));
  return known;
};
export const fallbackHasGlyph = (codePoint: number) => {
  let known = inFallback.get(codePoint);
  if (known === undefined) inFallback.set(codePoint, (known = fallbackFontFor(codePoint) !== null));
  return known;
};
/** Whether the bundled fonts together can draw a code point. */
export const canDraw = (codePoint: number) => mainHasGlyph(codePoint) || fallbackHasGlyph(codePoint);

/** Characters of drawn text (after forScreen) that neither font has, each listed once: a caller refuses, naming them. */
export const missingGlyphs = (text: string): string[] => undrawable(text, canDraw);

/** Characters drawn with the fallback font, each once (an author may want to know the 生僻字 look different). */
export function fallbackCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const ch of text) if (!/\s/u.test(ch) && !mainHasGlyph(ch.codePointAt(0)!) && fallbackHasGlyph(ch.codePointAt(0)!)) found.add(ch);
  return [...found];
}

/** Text as it is drawn, with what was left out (see text/unicode.ts). */
export function screenText(text: string): { text: string; dropped: DroppedKind[] } {
  const drawable = drawableText(text, canDraw);
  return { text: drawable.text.replace(/\s+/g, ' ').trim(), dropped: drawable.dropped };
}

/** Text as it is drawn: emoji, flags and invisible controls are left out, whitespace collapsed. */
export const forScreen = (text: string) => screenText(text).text;

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Font } from 'fontkit';
import type { Finding } from '../channel';
import type { PublishedDocument } from '../document/types';
import { loadFontkit } from './libraries';
import { drawableText, droppedMessage, nameOfCharacter, undrawable, type DroppedKind } from '../text/unicode';

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

const opened = new Map<string, Font>();
/** The fallback piece that has a glyph for `codePoint`, or null. Private-use code points never fall back: their meaning is the author's system's, not the font's. */
export function fallbackFontFor(codePoint: number): { file: string; font: Font } | null {
  if (/\p{Co}/u.test(String.fromCodePoint(codePoint))) return null;
  for (const piece of fallbackPieces()) {
    if (!piece.ranges.some(([from, to]) => codePoint >= from && codePoint <= to)) continue;
    let font = opened.get(piece.file);
    if (!font) opened.set(piece.file, (font = loadFontkit().openSync(piece.file) as Font));
    if (font.hasGlyphForCodePoint(codePoint)) return { file: piece.file, font };
  }
  return null;
}

let regular: Font | undefined;
function font(): Font {
  regular ??= loadFontkit().openSync(FONT_FILES.regular) as Font;
  return regular;
}

/** Whether each font has each code point asked about so far: every drawn string is checked, and fontkit's lookup is not free. */
const inMain = new Map<number, boolean>();
const inFallback = new Map<number, boolean>();
// The Basic Multilingual Plane's answers in a flat table (0 not asked yet, 1 yes, 2 no): a page's every character is asked.
const inMainBmp = new Uint8Array(0x10000);
export const mainHasGlyph = (codePoint: number) => {
  if (codePoint < 0x10000) {
    let bmp = inMainBmp[codePoint];
    if (bmp === 0) inMainBmp[codePoint] = bmp = font().hasGlyphForCodePoint(codePoint) ? 1 : 2;
    return bmp === 1;
  }
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

/** A field of a document that is drawn, by the name preflight findings use (`title`, `keyPoints[0].text`…). */
export interface DrawnField { field: string; text: string }

/** The fields of a document that images and videos draw: title, brand, department, key points, Q&A, basis titles. */
export function drawnFieldsOf(doc: PublishedDocument): DrawnField[] {
  if (doc.kind !== 'interpretation') return [{ field: 'title', text: doc.title }];
  return [
    { field: 'title', text: doc.title },
    ...(doc.brandColumn ? [{ field: 'brandColumn', text: doc.brandColumn.name }] : []),
    ...(doc.department ? [{ field: 'department', text: doc.department.name }, { field: 'department.hotline', text: doc.department.hotline }] : []),
    ...doc.keyPoints.flatMap((k, i) => [{ field: `keyPoints[${i}].heading`, text: k.heading }, { field: `keyPoints[${i}].text`, text: k.text }]),
    ...doc.qa.flatMap((q, i) => [{ field: `qa[${i}].question`, text: q.question }, { field: `qa[${i}].answer`, text: q.answer }]),
    ...doc.basis.map((b, i) => ({ field: `basis[${i}]`, text: b.policy.title })),
  ];
}

/**
 * What an author is told before publishing about drawn text (images, videos, covers): one warning
 * per kind of character left out of a field, an info line for 生僻字 drawn with the fallback font,
 * and an error naming characters no bundled font has — the render refuses those (glyphs.ts), since
 * a name missing a character is someone else's name. `medium` says where: 图片、视频、图片和视频.
 */
export function drawnTextFindings(fields: DrawnField[] | Record<string, string>, medium = '图片和视频'): Finding[] {
  const list = Array.isArray(fields) ? fields : Object.entries(fields).map(([field, text]) => ({ field, text }));
  const findings: Finding[] = [];
  for (const { field, text } of list) {
    if (!text) continue;
    const drawn = screenText(text);
    for (const kind of drawn.dropped) findings.push({ level: 'warning', field, message: droppedMessage(kind, medium) });
    const rare = fallbackCharacters(drawn.text);
    if (rare.length) findings.push({ level: 'info', field, message: `生僻字 ${rare.join('、')} 由补充字体（${FALLBACK_FONT_NAME}）显示，字形与其他文字略有不同` });
    const missing = missingGlyphs(drawn.text);
    if (missing.length) {
      findings.push({ level: 'error', field, message: `以下字符在${medium}里无法显示：${missing.map(nameOfCharacter).join('、')}（内置字体和生僻字补充字体都没有；请改用其他写法，或联系管理员补充字体）` });
    }
  }
  return findings;
}

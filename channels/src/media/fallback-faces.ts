import { readFileSync } from 'node:fs';
import { fallbackFontFor, mainHasGlyph } from './fonts';
import { loadSubsetFont } from './libraries';

/**
 * The fallback font (fonts.ts) for places that show text with a browser — pages, kiosks, the PDF
 * report — rather than drawing outlines: cut to the rare characters a text uses, one piece of the
 * fallback package at a time, each with the exact unicode-range it covers. A page without 生僻字
 * gets no rule and downloads nothing.
 */
export interface FallbackFace {
  /** The code points, ascending: the face's unicode-range and the name of its file. */
  codePoints: number[];
  /** Path of the fallback piece they come from. */
  source: string;
}

const CJK_FALLBACK_LIMIT = 200; // distinct rare characters in one text: a name list, not a dictionary

/** The rare characters of `text` (Source Han Sans lacks them, the fallback has them), grouped by fallback piece. */
export function fallbackFacesOf(text: string): FallbackFace[] {
  const byPiece = new Map<string, Set<number>>();
  // By UTF-16 unit rather than `for…of` (a string per character): every page is scanned when it is rendered.
  for (let i = 0; i < text.length; i += 1) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) continue;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        i += 1;
      }
    }
    if (mainHasGlyph(cp)) continue;
    const piece = fallbackFontFor(cp);
    if (!piece) continue;
    let set = byPiece.get(piece.file);
    if (!set) byPiece.set(piece.file, (set = new Set()));
    if (set.size < CJK_FALLBACK_LIMIT) set.add(cp);
  }
  return [...byPiece].map(([source, set]) => ({ source, codePoints: [...set].sort((a, b) => a - b) }));
}

export const unicodeRangeOf = (codePoints: number[]) => codePoints.map((cp) => `U+${cp.toString(16).toUpperCase()}`).join(',');
/** A file name for a face (`24B62-212C0.woff2`): the route serving it reads the code points back from it. */
export const fallbackFileName = (codePoints: number[]) => `${codePoints.map((cp) => cp.toString(16).toUpperCase()).join('-')}.woff2`;

const sources = new Map<string, Buffer>();
/** The WOFF2 of a face: the fallback piece cut to its code points. */
export async function fallbackWoff2(face: FallbackFace): Promise<Buffer> {
  let source = sources.get(face.source);
  if (!source) {
    source = readFileSync(face.source);
    if (sources.size > 8) sources.clear();
    sources.set(face.source, source);
  }
  return loadSubsetFont()(source, String.fromCodePoint(...face.codePoints), { targetFormat: 'woff2', noLayoutClosure: true });
}

/**
 * The face for a file name made by fallbackFileName, or null when the name is not one: every
 * code point must be a rare character of one fallback piece (a route serves only what pages ask).
 */
export function fallbackFaceOfFileName(name: string): FallbackFace | null {
  const match = /^([0-9A-F]{4,6}(?:-[0-9A-F]{4,6}){0,199})\.woff2$/.exec(name);
  if (!match) return null;
  const codePoints = match[1].split('-').map((hex) => parseInt(hex, 16));
  const faces = fallbackFacesOf(String.fromCodePoint(...codePoints));
  if (faces.length !== 1 || faces[0].codePoints.join() !== codePoints.join()) return null;
  return faces[0];
}

/**
 * @font-face rules adding the rare characters of `text` to `family` (declared after the family's
 * main faces, so only these code points come from the fallback), for each weight given.
 */
export function fallbackFontFaceCss(text: string, family: string, srcOf: (face: FallbackFace) => string, weights: number[] = [400, 700]): string {
  return fallbackFacesOf(text).flatMap((face) => weights.map((weight) =>
    `@font-face{font-family:${JSON.stringify(family)};font-weight:${weight};font-style:normal;font-display:swap;` +
    `src:url(${srcOf(face)}) format("woff2");unicode-range:${unicodeRangeOf(face.codePoints)};}`)).join('\n');
}

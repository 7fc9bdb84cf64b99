import type { Font } from 'fontkit';
import { RenditionRefused } from '../channel';
import { canDraw, fallbackFontFor, FONT_FILES, mainHasGlyph, missingGlyphs } from './fonts';
import { loadFontkit } from './libraries';
import { drawableText, nameOfCharacter } from '../text/unicode';

/**
 * Text drawn as glyph outlines from the bundled font, laid out by fontkit. The SVG a template
 * produces then needs no font at all: resvg never parses the 17 MB font per frame (that cost
 * 110 ms a frame), and a line's width is measured exactly rather than guessed. A character the
 * bundled font lacks (a 生僻字 of a name) is drawn from the fallback font, character by character.
 */
export type Weight = 'regular' | 'bold';

const faces = new Map<Weight, Font>();
const outlines = new Map<string, string>(); // `${weight}:${glyphId}` → SVG path data in font units

function face(weight: Weight): Font {
  let font = faces.get(weight);
  if (!font) {
    font = loadFontkit().openSync(FONT_FILES[weight]) as Font;
    faces.set(weight, font);
  }
  return font;
}

/** A token's glyphs in its font's units (`upem` per em); `face` names the font for the outline cache. */
interface Shaped {
  advance: number; upem: number; face: string; fallback: boolean;
  glyphs: Array<{ id: number; path: () => string; xAdvance: number; xOffset: number; yOffset: number }>;
}
const shaped = new Map<string, Shaped>(); // `${weight}:${token}` → its glyphs, laid out once

/**
 * A token (a Latin word or number, or one character) laid out by fontkit once and remembered:
 * OpenType shaping is the costly part of drawing text (a 一图读懂 has thousands of characters), and
 * Chinese text shapes character by character anyway, so a line is its tokens side by side.
 */
function shapeToken(token: string, weight: Weight): Shaped {
  const key = `${weight}:${token}`;
  let result = shaped.get(key);
  if (!result) {
    // Tokens of more than one character are Latin words and numbers, which the bundled font has.
    const codePoint = token.codePointAt(0)!;
    const fallback = token.length <= 2 && !mainHasGlyph(codePoint) ? fallbackFontFor(codePoint) : null;
    const font = fallback?.font ?? face(weight);
    const layout = font.layout(token);
    result = {
      advance: layout.advanceWidth, upem: font.unitsPerEm, face: fallback?.file ?? weight, fallback: fallback !== null,
      glyphs: layout.glyphs.map((glyph, i) => ({
        id: glyph.id, path: () => glyph.path.toSVG(),
        xAdvance: layout.positions[i].xAdvance, xOffset: layout.positions[i].xOffset, yOffset: layout.positions[i].yOffset,
      })),
    };
    if (shaped.size < 100_000) shaped.set(key, result);
  }
  return result;
}

/** Width in pixels of `text` set at `size` px (wrapping measures a lot: tokens are shaped once). */
export function measureText(text: string, size: number, weight: Weight = 'regular'): number {
  let ems = 0;
  for (const token of tokensOf(text)) {
    const t = shapeToken(token, weight);
    ems += t.advance / t.upem;
  }
  return ems * size;
}

/** Latin words and numbers stay together; everything else is one character at a time. */
const tokensOf = (text: string) => text.match(/[A-Za-z0-9%.,:/@_-]+|./gsu) ?? [];

export interface TextRun { text: string; x: number; y: number; size: number; weight?: Weight; fill: string; anchor?: 'start' | 'middle' }

/**
 * One line of text as an SVG group of glyph outlines, baseline at y. What cannot be drawn and
 * carries no meaning (emoji, controls) is left out first; a character neither font has is refused
 * by name (a name missing a character is a different name) — preflight says so before publishing.
 */
export function textToSvg(run: TextRun): string {
  const text = drawableText(run.text, canDraw).text; // spacing is the template's: only what can't be drawn goes
  const missing = missingGlyphs(text);
  if (missing.length > 0) {
    // No retry can draw a character no font has: the author has to change the text.
    throw new RenditionRefused(`内置字体和生僻字补充字体都没有这些字，无法绘制：${missing.map(nameOfCharacter).join('、')}（请改用其他写法，或联系管理员补充字体）`);
  }
  const weight = run.weight ?? 'regular';
  const tokens = tokensOf(text).map((token) => shapeToken(token, weight));
  const width = tokens.reduce((sum, t) => sum + (t.advance / t.upem) * run.size, 0);
  const startX = run.anchor === 'middle' ? run.x - width / 2 : run.x;
  const parts: string[] = [];
  let pen = startX;
  for (const token of tokens) {
    const scale = run.size / token.upem;
    // The fallback has one weight: bold text gets its strokes thickened so a rare character doesn't look lighter than its neighbours.
    const bolder = token.fallback && weight === 'bold' ? ` stroke="${run.fill}" stroke-width="${(token.upem * 0.035).toFixed(1)}" stroke-linejoin="round"` : '';
    let x = 0;
    for (const glyph of token.glyphs) {
      const key = `${token.face}:${glyph.id}`;
      let d = outlines.get(key);
      if (d === undefined) {
        d = glyph.path();
        outlines.set(key, d);
      }
      if (d) {
        const gx = pen + (x + glyph.xOffset) * scale;
        const gy = run.y - glyph.yOffset * scale;
        parts.push(`<path transform="translate(${gx.toFixed(2)} ${gy.toFixed(2)}) scale(${scale.toFixed(5)} ${(-scale).toFixed(5)})"${bolder} d="${d}"/>`);
      }
      x += glyph.xAdvance;
    }
    pen += token.advance * scale;
  }
  return `<g fill="${run.fill}">${parts.join('')}</g>`;
}

const CLOSING = /[，。、；：？！”’）》」』】〕〗〉,.;:?!)\]]/u;
const OPENING = /[“‘（《「『【〔〖〈([]/u;

/**
 * Breaks text into lines no wider than `maxWidth` px at `size`, measured with the font: closing
 * punctuation never starts a line and opening punctuation never ends one (Chinese line-breaking
 * rules); Latin words and numbers are kept whole when they fit.
 */
export function wrapLines(text: string, size: number, maxWidth: number, weight: Weight = 'regular'): string[] {
  const tokens = tokensOf(text.replace(/\s+/g, ' ').trim());
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (line && measureText(candidate, size, weight) > maxWidth && !CLOSING.test(token[0])) {
      // An opening bracket at the end of a line moves down with the next token.
      const carried = OPENING.test(line.at(-1)!) ? line.at(-1)! : '';
      lines.push((carried ? line.slice(0, -1) : line).trimEnd());
      line = carried + token.trimStart();
    } else {
      line = candidate;
    }
    // A single token wider than the line (a long URL or number) is broken by characters.
    while (measureText(line, size, weight) > maxWidth * 1.05 && [...line].length > 1) {
      const chars = [...line];
      let cut = chars.length - 1;
      while (cut > 1 && measureText(chars.slice(0, cut).join(''), size, weight) > maxWidth) cut--;
      lines.push(chars.slice(0, cut).join(''));
      line = chars.slice(cut).join('');
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

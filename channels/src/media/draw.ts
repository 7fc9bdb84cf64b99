import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES, missingGlyphs } from './fonts';

/**
 * SVG layouts to PNG with the bundled font only (system fonts off), so a frame looks the same on
 * every machine. Text is checked first: a character the font lacks is an error that names it.
 */
export function renderSvg(svg: string, text: string): Buffer {
  const missing = missingGlyphs(text);
  if (missing.length > 0) {
    throw new Error(`内置字体缺少这些字符，无法绘制：${missing.join(' ')}（请改写或删除它们）`);
  }
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [FONT_FILES.regular, FONT_FILES.bold], defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
  });
  return resvg.render().asPng();
}

/**
 * Breaks text into lines that fit a width, counting a CJK character as one em and Latin letters
 * and digits as about half; breaks before, never after, closing punctuation.
 */
export function wrapText(text: string, maxEms: number): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const ch of text.replace(/\s+/g, ' ')) {
    const w = /[\u0020-\u007e]/.test(ch) ? 0.55 : 1;
    const closing = /[，。、；：？！”）》」』,.;:?!)]/u.test(ch);
    if (width + w > maxEms && line && !closing) {
      lines.push(line.trimEnd());
      line = '';
      width = 0;
    }
    line += ch;
    width += w;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

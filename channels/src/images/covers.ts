import { imageTemplates } from '@tongyuan/templates';
import { createHash } from 'node:crypto';
import { memo, NO_CACHE, type RenderCache } from '../channel';
import { fillSvg, svgToRgbaAsync } from '../media/draw';
import { forScreen } from '../media/fonts';
import { measureText, wrapLines } from '../media/glyphs';
import { compactPng } from './explainer';

/**
 * Covers from the brand template (e.g. 政在开讲): the title as large as the size allows, the
 * brand above it, department and date below. One layout for every aspect ratio.
 */
export const COVER_SIZES = {
  wechat: { width: 900, height: 383 }, // 2.35:1, the article cover
  square: { width: 600, height: 600 }, // 1:1, WeChat's share card
  landscape: { width: 1280, height: 720 }, // 16:9
  portrait: { width: 1080, height: 1920 }, // 9:16
} as const;
export type CoverSize = keyof typeof COVER_SIZES;

export interface CoverContent { brand: string | null; title: string; department: string; date: string }

export async function renderCover(size: CoverSize, given: CoverContent, cache: RenderCache = NO_CACHE): Promise<Buffer> {
  return rasterizeCover(coverSvg(size, given), cache);
}

/** A cover laid out (text as glyph outlines): what preflight checks and `rasterizeCover` draws. */
export function coverSvg(size: CoverSize, given: CoverContent): string {
  const { width, height } = COVER_SIZES[size];
  // Drawn text: emoji have no glyph (see fonts.ts), so they are left out here as in every image.
  const content = { brand: given.brand && forScreen(given.brand), title: forScreen(given.title), department: forScreen(given.department), date: given.date };
  const short = Math.min(width, height);
  const margin = Math.round(short * 0.1);
  const maxLines = height > width ? 5 : 3;
  // Largest title size (in steps) whose lines fit the width within maxLines.
  let titleSize = Math.round(short * (height > width ? 0.09 : 0.13));
  let lines = wrapLines(content.title, titleSize, width - 2 * margin, 'bold');
  while (lines.length > maxLines && titleSize > short * 0.06) {
    titleSize = Math.round(titleSize * 0.9);
    lines = wrapLines(content.title, titleSize, width - 2 * margin, 'bold');
  }
  if (lines.length > maxLines) lines = [...lines.slice(0, maxLines - 1), `${[...lines[maxLines - 1]].slice(0, -1).join('')}…`];
  const lineHeight = Math.round(titleSize * 1.3);
  const top = Math.round(height / 2 - ((lines.length - 1) * lineHeight) / 2 + titleSize * 0.35);
  const meta = `${content.department}　${content.date}`;
  let metaSize = Math.max(16, Math.round(short * 0.055));
  while (metaSize > 14 && measureText(meta, metaSize) > width - 2 * margin) metaSize -= 2;
  const svg = fillSvg(imageTemplates.cover, {
    width, height, margin, barY: height - Math.round(short * 0.03), barHeight: Math.round(short * 0.03),
    brand: content.brand, brandSize: Math.round(titleSize * 0.6), brandY: Math.max(margin + titleSize * 0.6, top - lineHeight - titleSize * 0.2),
    titleSize, titleLines: lines.map((text, i) => ({ text, x: margin, y: top + i * lineHeight })),
    meta, metaSize, metaY: Math.min(height - margin * 0.6, top + (lines.length - 1) * lineHeight + titleSize * 0.9 + metaSize * 1.4),
  });
  return svg;
}

export function rasterizeCover(svg: string, cache: RenderCache = NO_CACHE): Promise<Buffer> {
  return memo(cache, `cover-${createHash('sha256').update(svg).digest('hex')}`, async () => compactPng(await svgToRgbaAsync(svg)));
}

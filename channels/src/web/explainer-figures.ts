import { createHash } from 'node:crypto';
import { memo, type ArtifactRef, type RenderContext } from '../channel';
import type { Interpretation } from '../document/types';
import { panelTexts, splitPanels } from '../images/explainer';
import { explainerFor } from '../images/interpretation-images';
import { loadSharp } from '../media/libraries';
import { chineseDate } from '../text/chinese-date';
import { pagePath } from './catalog';

/** Half the panels' 1080 px: what a phone at 1–1.5× or a narrow window needs. */
const SMALL_WIDTH = 540;

/** One panel of the 一图读懂 as a page shows it: two widths for `srcset`, and the words it shows as alt text. */
export interface ExplainerFigure { src: string; small: string; width: number; height: number; alt: string }

/**
 * The 一图读懂 of a 图片解读 page: the very panels WeChat, Weibo and the kiosks post, drawn once
 * for all of them through the shared render cache (same content, QR link and date as theirs, so
 * the same key), stored as files of the web rendition so the page never waits on another channel.
 */
export async function explainerFigures(doc: Interpretation, ctx: RenderContext): Promise<{ figures: ExplainerFigure[]; artifacts: ArtifactRef[] }> {
  const site = doc.sites[0]?.code;
  const pageUrl = site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl;
  const explainer = await explainerFor(doc, pageUrl, chineseDate(ctx.revisedOn));
  const panels = await splitPanels(explainer, 9, ctx.cache);
  const alts = panelTexts(explainer, 9);
  const figures: ExplainerFigure[] = [];
  const artifacts: ArtifactRef[] = [];
  const sharp = loadSharp();
  for (const [i, panel] of panels.entries()) {
    const { width = 0, height = 0 } = await sharp(panel).metadata();
    const full = await ctx.writeArtifact(`explainer-${i + 1}.png`, 'image/png', panel);
    const smallPng = await memo(ctx.cache, `webpanel-${SMALL_WIDTH}-${sha256(panel)}`, () =>
      sharp(panel).resize({ width: SMALL_WIDTH }).png({ palette: true, colours: 64, dither: 0, effort: 1 }).toBuffer());
    const small = await ctx.writeArtifact(`explainer-${i + 1}-${SMALL_WIDTH}.png`, 'image/png', smallPng);
    artifacts.push(full, small);
    figures.push({ src: fileUrl(full), small: fileUrl(small), width, height, alt: alts[i] });
  }
  return { figures, artifacts };
}

const fileUrl = (artifact: ArtifactRef) => `/files/${artifact.sha256}/${encodeURIComponent(artifact.name)}`;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

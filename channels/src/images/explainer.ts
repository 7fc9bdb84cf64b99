import { imageTemplates } from '@tongyuan/templates';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { memo, NO_CACHE, type RenderCache } from '../channel';
import { fillSvg, svgToRgbaAsync } from '../media/draw';
import { wrapLines, type Weight } from '../media/glyphs';
import { loadQrcode, loadSharp } from '../media/libraries';

/**
 * 一图读懂: one long image, 1080 px wide, from title, numbered key points, Q&A, basis documents,
 * department, date and a QR code to the web page (Suzhou's new-media accounts post these and feed
 * them back to the portal). Blocks never split mid-line: `cuts` are the y positions between
 * blocks, where Weibo's panels may be cut.
 */
export interface ExplainerContent {
  brand: string | null;
  title: string;
  department: string;
  date: string;
  hotline: string;
  keyPoints: Array<{ heading: string; text: string }>;
  qa: Array<{ question: string; answer: string }>;
  basis: string[];
  pageUrl: string;
}

/**
 * The laid-out 一图读懂: its SVG (which is also its identity) and where it may be cut. Pixels are made on demand.
 * `texts` are the words each block shows, at the block's top: what a page gives as a panel's alt text.
 */
export interface Explainer { key: string; svg: string; width: number; height: number; cuts: number[]; texts: Array<{ y: number; text: string }> }

/**
 * Pixels of the last few explainers rasterized in this process, and rasters under way: a
 * revision's WeChat, Weibo and kiosk jobs run together and all cut from the same picture.
 * Rasterizing again (60 ms for 1080×2900) is cheaper than decoding a stored PNG (78 ms).
 */
interface Pixels { data: Buffer; width: number; height: number }
const recentPixels = recentlyMade<Pixels>(4);
const pixelsOf = (explainer: Explainer): Promise<Pixels> => recentPixels(explainer.key, async () => {
  const image = await svgToRgbaAsync(explainer.svg);
  return { data: image.rgba, width: image.width, height: image.height };
});

/** The last few results by key, promised: callers at once share one computation; a failure is not remembered. */
function recentlyMade<T>(max: number) {
  const made = new LRUCache<string, Promise<T>>({ max });
  return (key: string, make: () => Promise<T>): Promise<T> => {
    let result = made.get(key);
    if (!result) {
      result = make().catch((error: unknown) => {
        made.delete(key);
        throw error;
      });
      made.set(key, result);
    }
    return result;
  };
}

const WIDTH = 1080;
const MARGIN = 80;
const BODY = { size: 34, lineHeight: 54 };
const MAX_BLOCK_CHARACTERS = 400; // a longer key point ends with a pointer to the full text
const MORE = '……详见全文';

interface Line { text: string; x: number; y: number; size: number; weight: Weight; fill: string }

/**
 * Layouts of the last few contents laid out in this process: a revision's WeChat, Weibo and kiosk
 * renders each ask for the same 一图读懂, and laying out its glyph outlines and QR code is most of
 * the JavaScript a redraw costs. Keyed by the content itself; a failure is not remembered.
 */
const recentLayouts = recentlyMade<Explainer>(8);
export const renderExplainer = (content: ExplainerContent): Promise<Explainer> => recentLayouts(sha256(JSON.stringify(content)), () => layOutExplainer(content));

async function layOutExplainer(content: ExplainerContent): Promise<Explainer> {
  const titleLines = wrapLines(content.title, 60, WIDTH - 2 * MARGIN, 'bold');
  const header = {
    label: `${content.brand ? `${content.brand} · ` : ''}一图读懂`, labelY: 90, titleSize: 60,
    titleLines: titleLines.map((text, i) => ({ text, x: MARGIN, y: 190 + i * 84 })),
    metaY: 190 + titleLines.length * 84 + 20, meta: `${content.department}　${content.date}`,
    height: 0,
  };
  const texts = [{ y: 0, text: sentences([header.label, content.title, header.meta]) }];
  header.height = header.metaY + 50;
  let y = header.height + 70;
  const cuts: number[] = [];
  const blocks: Array<{ lines: Line[]; badge?: { cx: number; cy: number; textY: number; text: string }; section?: { text: string; x: number; y: number; barY: number } }> = [];
  const paragraph = (text: string, x: number, weight: Weight, fill: string, size = BODY.size, lineHeight = BODY.lineHeight): Line[] => {
    const lines = wrapLines(clip(text), size, WIDTH - MARGIN - x, weight).map((t) => {
      y += lineHeight;
      return { text: t, x, y, size, weight, fill };
    });
    return lines;
  };
  const section = (text: string) => {
    cuts.push(y - 30);
    texts.push({ y: y - 30, text: `${text}：` });
    y += 40;
    blocks.push({ lines: [], section: { text, x: MARGIN + 28, y, barY: y - 40 } });
    y += 20;
  };

  if (content.keyPoints.length) section('政策要点');
  content.keyPoints.forEach((point, i) => {
    cuts.push(y);
    texts.push({ y, text: `${i + 1}. ${sentences([clip(point.heading), clip(point.text)])}` });
    const top = y;
    const heading = paragraph(point.heading, MARGIN + 84, 'bold', '#8f1116', 40, 56);
    const body = paragraph(point.text, MARGIN + 84, 'regular', '#333333');
    blocks.push({ lines: [...heading, ...body], badge: { cx: MARGIN + 30, cy: top + 38, textY: top + 50, text: String(i + 1) } });
    y += 30;
  });
  if (content.qa.length) section('政策问答');
  for (const qa of content.qa) {
    cuts.push(y);
    texts.push({ y, text: sentences([clip(`问：${qa.question}`), clip(`答：${qa.answer}`)]) });
    blocks.push({ lines: [...paragraph(`问：${qa.question}`, MARGIN, 'bold', '#8f1116', 36, 56), ...paragraph(`答：${qa.answer}`, MARGIN, 'regular', '#333333')] });
    y += 30;
  }
  if (content.basis.length) {
    section('政策依据');
    texts.push({ y: cuts[cuts.length - 1], text: sentences(content.basis.map(clip)) });
    blocks.push({ lines: content.basis.flatMap((b) => paragraph(b, MARGIN, 'regular', '#333333', 30, 48)) });
  }
  y += 60;
  cuts.push(y);
  const footerHeight = 300;
  const qrSvg = await loadQrcode().toString(content.pageUrl, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  const footer = {
    y, height: footerHeight, qrX: WIDTH - MARGIN - 220, qrY: y + 40, qrInnerX: WIDTH - MARGIN - 208, qrInnerY: y + 52,
    qrHref: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`,
    lines: [
      { text: '扫码查看全文', x: MARGIN, y: y + 90, size: 40, weight: 'bold', fill: '#f2c14e' },
      { text: content.department, x: MARGIN, y: y + 160, size: 32, weight: 'regular', fill: '#dfe6f3' },
      { text: `咨询电话　${content.hotline || '12345'}`, x: MARGIN, y: y + 220, size: 32, weight: 'regular', fill: '#dfe6f3' },
    ],
  };
  texts.push({ y, text: sentences(['二维码：扫码查看全文', ...footer.lines.slice(1).map((l) => l.text)]) });
  const height = y + footerHeight;
  const svg = fillSvg(imageTemplates.explainer, { width: WIDTH, height, margin: MARGIN, header, blocks, footer });
  // The SVG holds everything the picture depends on (layout, template, glyph outlines): it is the key.
  return { key: sha256(svg), svg, width: WIDTH, height, cuts: [...new Set(cuts)].sort((a, b) => a - b), texts };
}

/** Pieces of text read as sentences: a full stop after each that does not end in punctuation already. */
const sentences = (parts: string[]) => parts.filter(Boolean).map((p) => (/[。！？：；…）」』》”]$/.test(p) ? p : `${p}。`)).join('');

/** The words of each panel `splitPanels` makes (same cuts), in reading order: a panel's alt text on a page. */
export function panelTexts(explainer: Explainer, max = 9): string[] {
  return panelRanges(explainer, max).map(([a, b]) => explainer.texts.filter((t) => t.y >= a && t.y < b).map((t) => t.text).join(''));
}

/**
 * A flat-colour image as a 64-colour palette PNG, straight from the rasterized pixels: under half
 * the bytes of a full-colour PNG (105 KB against 249 KB for 1080×2886), anti-aliasing intact, but
 * quantizing costs (75 ms for that size, against 32 ms for full colour).
 */
export const compactPng = (image: { rgba: Buffer; width: number; height: number }) =>
  loadSharp()(image.rgba, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ palette: true, colours: 64, dither: 0, effort: 1, compressionLevel: 6 }).toBuffer();

/**
 * Up to `max` panels, each cut between blocks where it can be (Weibo shows at most nine images):
 * blocks are packed into panels no taller than the 9:16 height, taller if nine would not hold them.
 */
export async function splitPanels(explainer: Explainer, max = 9, cache: RenderCache = NO_CACHE): Promise<Buffer[]> {
  return Promise.all(panelRanges(explainer, max).map(([a, b]) => memo(cache, `panel-${explainer.key}-${a}-${b}`, async () => {
    const { data, width } = await pixelsOf(explainer);
    return compactPng({ rgba: data.subarray(a * width * 4, b * width * 4), width, height: b - a });
  })));
}

function panelRanges(explainer: Explainer, max: number): Array<[number, number]> {
  const boundaries = [...explainer.cuts.filter((c) => c > 0 && c < explainer.height), explainer.height];
  let limit = Math.max(1920, Math.ceil(explainer.height / max));
  for (;;) {
    const panels: Array<[number, number]> = [];
    let top = 0;
    let last = 0;
    for (const cut of boundaries) {
      if (cut - top > limit && last > top) {
        panels.push([top, last]);
        top = last;
      }
      last = cut;
    }
    panels.push([top, explainer.height]);
    if (panels.length <= max && panels.every(([a, b]) => b - a <= limit * 1.5)) return panels;
    limit = Math.ceil(limit * 1.2);
  }
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const clip = (text: string) => ([...text].length > MAX_BLOCK_CHARACTERS ? `${[...text].slice(0, MAX_BLOCK_CHARACTERS - MORE.length).join('')}${MORE}` : text);

/** Images one under the other on white (a preview of stacked panels): one PNG, as wide as the widest. */
export async function stackImages(images: Buffer[]): Promise<{ png: Buffer; width: number; height: number }> {
  const sharp = loadSharp();
  const sizes = await Promise.all(images.map((image) => sharp(image).metadata()));
  const width = Math.max(...sizes.map((s) => s.width ?? 0));
  let top = 0;
  const layers = images.map((input, i) => {
    const layer = { input, top, left: 0 };
    top += sizes[i].height ?? 0;
    return layer;
  });
  const png = await sharp({ create: { width, height: top, channels: 3, background: '#ffffff' } }).composite(layers).png().toBuffer();
  return { png, width, height: top };
}

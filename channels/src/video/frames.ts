import { videoTemplates } from '@tongyuan/templates';
import { fillSvg } from '../media/draw';
import { measureText, wrapLines, type Weight } from '../media/glyphs';
import { shortenText } from '../text/shorten';

/**
 * Where things go on a video frame, for a landscape cinema screen and a portrait phone. Text
 * stays inside the safe area: title-safe (10 % in from each edge) on a projected 16:9 picture;
 * on 9:16 short-video apps, clear of the top bar, the right-hand buttons and the caption area.
 */
export interface FrameLayout {
  width: number;
  height: number;
  margin: number;
  textWidth: number;
  titleSize: number; titleLineHeight: number; titleTop: number; maxTitleLines: number;
  headingY: number; headingSize: number;
  bodyTop: number; bodySize: number; bodyLineHeight: number; bodyLines: number;
  footerY: number; footerSize: number;
  subtitle: { bandY: number; bandHeight: number; size: number; firstBaseline: number; lineHeight: number; width: number; centerX: number };
  metaSize: number; metaY: number;
  qrSize: number;
  /** The rectangle all text must stay inside (tests check drawn pixels against it). */
  safe: { left: number; top: number; right: number; bottom: number };
}

export const LANDSCAPE: FrameLayout = {
  width: 1920, height: 1080, margin: 192, textWidth: 1536,
  titleSize: 96, titleLineHeight: 124, titleTop: 430, maxTitleLines: 3,
  headingY: 220, headingSize: 64,
  bodyTop: 360, bodySize: 68, bodyLineHeight: 100, bodyLines: 4,
  footerY: 780, footerSize: 36,
  subtitle: { bandY: 820, bandHeight: 166, size: 56, firstBaseline: 888, lineHeight: 70, width: 1536, centerX: 960 },
  metaSize: 44, metaY: 860,
  qrSize: 380,
  safe: { left: 192, top: 108, right: 1728, bottom: 972 },
};

export const PORTRAIT: FrameLayout = {
  width: 1080, height: 1920, margin: 90, textWidth: 820,
  titleSize: 84, titleLineHeight: 112, titleTop: 640, maxTitleLines: 4,
  headingY: 420, headingSize: 60,
  bodyTop: 560, bodySize: 56, bodyLineHeight: 84, bodyLines: 7,
  footerY: 1180, footerSize: 32,
  subtitle: { bandY: 1250, bandHeight: 210, size: 52, firstBaseline: 1330, lineHeight: 72, width: 820, centerX: 500 },
  metaSize: 40, metaY: 1200,
  qrSize: 360,
  safe: { left: 80, top: 280, right: 950, bottom: 1480 },
};

/** Lines of body text one frame can hold; callers paginate with this. */
export const bodyLinesOf = (layout: FrameLayout, text: string) => wrapLines(text, layout.bodySize, layout.textWidth, 'bold');
export const subtitleLinesOf = (layout: FrameLayout, text: string) => wrapLines(text, layout.subtitle.size, layout.subtitle.width);

/**
 * Text for one line no wider than `maxWidth` px, measured with the font: when longer, shortened
 * (at a clause end if one is near, brackets as the shortener leaves them) to as many characters as fit.
 */
export function fitLine(text: string, size: number, maxWidth: number, weight: Weight = 'regular'): string {
  if (measureText(text, size, weight) <= maxWidth) return text;
  const fits = (n: number) => measureText(shortenText(text, n).text, size, weight) <= maxWidth;
  let low = 1;
  let high = [...text].length - 1; // fits(low) is taken as true: "…" alone
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return shortenText(text, low).text;
}

export interface TitleCardContent { brand: string | null; title: string; department: string; date: string }

export function titleCardSvg(layout: FrameLayout, card: TitleCardContent): string {
  let lines = wrapLines(card.title, layout.titleSize, layout.textWidth, 'bold');
  if (lines.length > layout.maxTitleLines) {
    lines = lines.slice(0, layout.maxTitleLines);
    lines[lines.length - 1] = `${[...lines[lines.length - 1]].slice(0, -1).join('')}…`;
  }
  const top = layout.titleTop - ((lines.length - 1) * layout.titleLineHeight) / 2;
  const brandSize = Math.round(layout.titleSize * 0.6);
  const brandY = Math.round(top - layout.titleSize - 70);
  return fillSvg(videoTemplates.titleCard, {
    width: layout.width, height: layout.height, margin: layout.margin, bottomBar: layout.height - 14,
    brand: card.brand,
    brandBox: { y: brandY - brandSize - 16, width: Math.ceil(([...(card.brand ?? '')].length + 1) * brandSize), height: brandSize + 36 },
    brandText: { x: layout.margin + brandSize / 2, y: brandY, size: brandSize },
    titleSize: layout.titleSize,
    titleLines: lines.map((text, i) => ({ text, x: layout.margin, y: Math.round(top + i * layout.titleLineHeight) })),
    department: card.department,
    date: card.date,
    meta: { y: layout.metaY, dateY: layout.metaY + Math.round(layout.metaSize * 1.6), size: layout.metaSize },
  });
}

export interface TextSlideContent { heading: string; lines: string[]; footer: string; subtitle: string[] | null }

export function textSlideSvg(layout: FrameLayout, slide: TextSlideContent): string {
  const s = layout.subtitle;
  return fillSvg(videoTemplates.textSlide, {
    width: layout.width, height: layout.height, margin: layout.margin,
    heading: slide.heading, headingY: layout.headingY, headingSize: layout.headingSize,
    ruleY: layout.headingY + 36, ruleWidth: layout.textWidth,
    bodySize: layout.bodySize,
    lines: slide.lines.map((text, i) => ({ text, x: layout.margin, y: layout.bodyTop + i * layout.bodyLineHeight })),
    footer: slide.footer, footerY: layout.footerY, footerSize: layout.footerSize,
    subtitle: slide.subtitle && {
      bandY: s.bandY, bandHeight: s.bandHeight, size: s.size,
      lines: slide.subtitle.map((text, i) => ({ text, x: s.centerX, y: s.firstBaseline + i * s.lineHeight })),
    },
  });
}

export interface EndCardContent { hotline: string; department: string; more: string | null; qrSvg: string }

export function endCardSvg(layout: FrameLayout, card: EndCardContent): string {
  const portrait = layout.height > layout.width;
  const qrX = portrait ? (layout.width - layout.qrSize) / 2 : layout.safe.right - layout.qrSize;
  const qrY = portrait ? 1000 : 300;
  const departmentWidth = portrait ? layout.textWidth : layout.textWidth - layout.qrSize - 80;
  const departmentLines = wrapLines(card.department, layout.metaSize, departmentWidth).slice(0, 2);
  return fillSvg(videoTemplates.endCard, {
    width: layout.width, height: layout.height, margin: layout.margin,
    label: { y: portrait ? 400 : 300, size: layout.headingSize },
    hotline: card.hotline || '12345', hotlineY: portrait ? 560 : 470, hotlineSize: Math.round(layout.titleSize * 1.2),
    meta: { size: layout.metaSize },
    departmentLines: departmentLines.map((text, i) => ({ text, x: layout.margin, y: (portrait ? 680 : 600) + i * layout.metaSize * 1.5 })),
    more: card.more, moreY: portrait ? 850 : 780,
    qr: {
      x: qrX, y: qrY, size: layout.qrSize, inner: qrX + 20, innerY: qrY + 20, innerSize: layout.qrSize - 40,
      href: `data:image/svg+xml;base64,${Buffer.from(card.qrSvg).toString('base64')}`,
      captionX: qrX + layout.qrSize / 2, captionY: qrY + layout.qrSize + layout.metaSize + 20,
    },
  });
}

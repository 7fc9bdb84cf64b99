import { cinemaTemplates } from '@tongyuan/templates';
import { renderSvg, wrapText } from '../media/draw';

/**
 * Slides of a cinema segment, drawn once as PNG frames (1920×1080) for ffmpeg to hold on screen.
 * Sized for an outdoor screen seen from the back of a village square: 96 px titles, ≤ 3 lines.
 */
export interface TitleCard { brand: string | null; title: string; department: string; date: string }

const TITLE_EMS = 16; // 96 px characters across the 1600 px between the margins
const MAX_TITLE_LINES = 3;

export function renderTitleCard(card: TitleCard): Buffer {
  const lines = wrapText(card.title, TITLE_EMS);
  const shown = lines.length > MAX_TITLE_LINES
    ? [...lines.slice(0, MAX_TITLE_LINES - 1), `${lines[MAX_TITLE_LINES - 1].slice(0, TITLE_EMS - 1)}…`]
    : lines;
  const top = 540 - ((shown.length - 1) * 120) / 2;
  const svg = cinemaTemplates.titleCard({
    brand: card.brand,
    titleLines: shown.map((text, i) => ({ text, y: Math.round(top + i * 120) })),
    department: card.department,
    date: card.date,
  });
  return renderSvg(svg, [card.brand ?? '', ...shown, card.department, card.date].join(''));
}

export interface TextSlide { heading: string; lines: string[]; footer: string }

export const PAGE_EMS = 20; // 72 px characters across the 1600 px text column
export const PAGE_LINES = 5;

/** Long text becomes several pages of at most PAGE_LINES lines: nothing ever runs off the frame. */
export function paginate(text: string): string[][] {
  const lines = wrapText(text, PAGE_EMS);
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += PAGE_LINES) pages.push(lines.slice(i, i + PAGE_LINES));
  return pages.length ? pages : [[]];
}

export function renderTextSlide(slide: TextSlide): Buffer {
  const svg = cinemaTemplates.textSlide({
    heading: slide.heading,
    lines: slide.lines.map((text, i) => ({ text, y: 360 + i * 110 })),
    footer: slide.footer,
  });
  return renderSvg(svg, [slide.heading, ...slide.lines, slide.footer].join(''));
}

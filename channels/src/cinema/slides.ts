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

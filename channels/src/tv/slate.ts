import { videoTemplates } from '@tongyuan/templates';
import { fillSvg } from '../media/draw';
import { forScreen } from '../media/fonts';
import { fitLine } from '../video/frames';
import { safeArea, TITLE_SAFE, type TvFormat } from './formats';

/**
 * The slate (节目信息板) a TV clip opens with: 节目名称, 时长, 送播单位, 日期, 版本, the station and
 * its format, beside a countdown (5, 4, 3, 2, 1 — one second each). Everything drawn stays inside
 * the EBU R95 title-safe area (90 %). Pure: the SVG of one countdown second.
 */
export const SLATE_SECONDS = 5;

export interface SlateContent {
  title: string;
  /** The programme after the slate, in seconds. */
  seconds: number;
  sender: string;
  date: string;
  version: string;
  station: string;
}

const LABEL_SIZE = 40;
const VALUE_SIZE = 52;
const ROW_HEIGHT = 100;

export function slateSvg(format: TvFormat, content: SlateContent, count: number): string {
  const safe = safeArea(format, TITLE_SAFE);
  const pad = 40;
  const box = { left: safe.left, top: safe.top, width: safe.right - safe.left, textX: safe.left + pad };
  const valueX = box.textX + 260;
  const countdown = { r: 190, cx: safe.right - pad - 190, cy: 560 };
  const valueWidth = countdown.cx - countdown.r - 60 - valueX;
  const value = (text: string) => fitLine(forScreen(text), VALUE_SIZE, valueWidth, 'bold');
  const rows: Array<[string, string]> = [
    ['节目名称', content.title], ['时　　长', durationLabel(content.seconds)], ['送播单位', content.sender || '—'],
    ['日　　期', content.date], ['版　　本', content.version], ['播出机构', content.station], ['格　　式', format.short],
  ];
  const firstRow = safe.top + 230;
  return fillSvg(videoTemplates.slate, {
    width: format.width, height: format.height, box, valueX,
    headerHeight: 120, headerSize: 56, headerBaseline: safe.top + 80, heading: '送播节目信息（倒计时结束后为节目正片）',
    labelSize: LABEL_SIZE, valueSize: VALUE_SIZE,
    rows: rows.map(([label, text], i) => ({ label, value: value(text), y: firstRow + i * ROW_HEIGHT })),
    countdown: { ...countdown, number: String(count), size: 240, baseline: countdown.cy + 85 },
    footer: '同源政策解读 · 请核对节目信息后播出', footerY: safe.bottom - pad,
  });
}

/** 1:05 for 65 seconds, as on a TV log. */
export function durationLabel(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}分${String(whole % 60).padStart(2, '0')}秒`;
}

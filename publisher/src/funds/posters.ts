import { createHash } from 'node:crypto';
import { memo, type RenderCache } from '@tongyuan/channels';
import { reportTemplates } from '@tongyuan/templates';
import QRCode from 'qrcode';
import { embeddedFontCss, shown } from '../reports/report-font';
import type { ReportPrinter } from '../reports/report-pdf';

/**
 * 码上监督 posters: an A4 page per village for its notice board (村务公开栏), with a QR code of the
 * village's disclosure page, its totals and the day they are as of. Printed by headless Chromium
 * like the annual report, the font cut to the page's characters and embedded (no CJK font is
 * installed where this runs). The PDF is kept in the render cache under a hash of the page: any
 * change of totals, batches, names or address makes a new one.
 */
export interface VillagePoster {
  countyName: string;
  township: string;
  village: string;
  siteName: string;
  /** The absolute address of the village's disclosure page, which the QR code holds. */
  url: string;
  payments: string;
  amount: string;
  /** The newest live batch's day, as the totals include it: 2026年12月4日. */
  asOf: string;
  /** A 民生项目's poster instead (its code opens the project's page; `amount` is its investment, `village` '' for a township's). */
  project?: { name: string; status: string };
}

export interface PosterDeps { renderCache: RenderCache; printer: ReportPrinter }

/** Wide enough for the slogan's nine characters; a longer village name gets smaller type to stay on one line. */
const TEXT_WIDTH_MM = 168;
const VILLAGE_MAX_MM = 22;
/** A project's name is longer: up to two lines, at most 16 mm. */
const PROJECT_MAX_MM = 16;
/** Q (25% restorable): a code on an outdoor board gets rained on, faded and scratched. */
const QR = { type: 'svg', margin: 4, errorCorrectionLevel: 'Q' } as const;
/** A township's posters go to Chromium as one document; give each page time. */
const MS_PER_PAGE = 2_000;

const longDay = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' });
/** An instant as the day a poster's figures are as of, China time. */
export const posterDay = (iso: string): string => longDay.format(new Date(iso));

async function posterView(poster: VillagePoster) {
  const village = shown(poster.village);
  const heading = poster.project ? shown(poster.project.name) : village;
  const lines = poster.project && [...heading].length > 10 ? 2 : 1;
  return {
    ...poster, village, heading, countyName: shown(poster.countyName), township: shown(poster.township), siteName: shown(poster.siteName),
    villageSize: Math.min(poster.project ? PROJECT_MAX_MM : VILLAGE_MAX_MM, Math.floor(((TEXT_WIDTH_MM * lines) / Math.max(1, [...heading].length)) * 10) / 10),
    qr: await QRCode.toString(poster.url, QR),
  };
}

/** The posters as one self-contained HTML page, without its font (`fontCss` empty) or with it. */
async function posterPage(posters: VillagePoster[], fontCss = ''): Promise<string> {
  const title = posters[0]?.project ? `${posters[0].project.name}民生项目“码”上监督`
    : posters.length === 1 ? `${posters[0].township}${posters[0].village}民生资金“码”上监督` : `${posters[0]?.township ?? ''}民生资金“码”上监督`;
  return reportTemplates.fundPoster({ title: shown(title), posters: await Promise.all(posters.map(posterView)), css: reportTemplates.fundPosterCss, fontCss });
}

/** The PDF of the posters, one A4 page each, from the render cache when this exact page was printed before. */
export async function renderPosterPdf(posters: VillagePoster[], deps: PosterDeps): Promise<Buffer> {
  const draft = await posterPage(posters);
  const key = `poster-${createHash('sha256').update(draft).digest('hex')}`;
  return memo(deps.renderCache, key, async () => {
    // The font is cut to the draft's characters: the same page, with every character it will show.
    const html = await posterPage(posters, await embeddedFontCss(draft));
    return deps.printer.print(html, { timeoutMs: 30_000 + posters.length * MS_PER_PAGE });
  });
}

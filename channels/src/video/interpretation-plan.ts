import type { ChannelCode, Interpretation } from '../document/types';
import { basisLine, overrideFor } from '../document/types';
import { forScreen } from '../media/fonts';
import { loadQrcode } from '../media/libraries';
import { bodyLinesOf, endCardSvg, fitLine, textSlideSvg, titleCardSvg, type FrameLayout } from './frames';
import type { VideoPage, VideoPlan } from './timeline';

/**
 * An interpretation as a video: title card (brand, department, date), key points and Q&A as
 * slides, the policy basis with its document numbers, an end card with the hotline and a QR code
 * to the full text. Shared by the cinema and short-video channels, which differ in frame layout,
 * length and what they include.
 */
export interface InterpretationVideoOptions {
  channel: ChannelCode;
  layout: FrameLayout;
  minSeconds: number;
  maxSeconds: number;
  includeQa: boolean;
  /** The basis page is never left out (cinema); a short video may leave it for the full text. */
  basisRequired: boolean;
  /** Link under the QR code: the interpretation's page. */
  pageUrl: string;
  /** The revision's date, shown on the title card (e.g. 2026年11月23日). */
  date: string;
}

const MAX_PAGES_PER_BLOCK = 3; // a longer key point or answer ends with a pointer to the full text
const CONTINUED = '……详见门户网站';


export async function planInterpretationVideo(doc: Interpretation, options: InterpretationVideoOptions): Promise<VideoPlan> {
  const { layout } = options;
  const override = overrideFor(doc, options.channel);
  const title = forScreen(override?.title || doc.title);
  const brand = doc.brandColumn ? forScreen(doc.brandColumn.name) : null;
  const department = forScreen(doc.department?.name ?? '');
  // One line across the text column, measured (a fixed count of 36 ran off a portrait frame's right edge).
  const footer = fitLine(forScreen(`${brand ?? ''}　${title}`), layout.footerSize, layout.textWidth);
  // What the video leaves out, counted in parts of the document: Q&A the channel doesn't show, blocks cut short, (later) pages cut for length.
  let leftOut = options.includeQa ? 0 : doc.qa.length;
  const pages: VideoPage[] = [{
    frame: () => titleCardSvg(layout, { brand, title, department, date: options.date }),
    // Said as far as the card shows it (three lines), so a very long title can't eat the whole video.
    say: `${brand ? `${brand}。` : ''}${clip(title, 60)}`,
    burnIn: false,
    optional: false,
  }];

  const addBlock = (heading: string, text: string, optional: (page: number) => boolean) => {
    // Only what three pages can show is wrapped (a 5,000-character key point is cut first).
    const room = MAX_PAGES_PER_BLOCK * layout.bodyLines * Math.ceil(layout.textWidth / (layout.bodySize * 0.25));
    const lines = bodyLinesOf(layout, [...forScreen(text)].slice(0, room).join(''));
    const blocks: string[][] = [];
    for (let i = 0; i < lines.length; i += layout.bodyLines) blocks.push(lines.slice(i, i + layout.bodyLines));
    if (blocks.length > MAX_PAGES_PER_BLOCK) {
      leftOut += 1;
      blocks.length = MAX_PAGES_PER_BLOCK;
      const last = blocks[MAX_PAGES_PER_BLOCK - 1];
      last[last.length - 1] = `${[...last[last.length - 1]].slice(0, -CONTINUED.length).join('')}${CONTINUED}`;
    }
    blocks.forEach((block, i) => pages.push({
      frame: (subtitle) => textSlideSvg(layout, { heading, lines: block, footer, subtitle }),
      say: block.join(''),
      burnIn: true,
      optional: optional(i),
    }));
  };
  const narration = override?.narration ? forScreen(override.narration) : '';
  // A heading is one line, as much as the text column holds at its size, measured.
  const heading = (text: string) => fitLine(text, layout.headingSize, layout.textWidth, 'bold');
  if (narration) addBlock(heading(title), narration, (i) => i > 0);
  // 在线访谈's 精彩片段: each quote the editor marked becomes a caption card, the speaker as its heading.
  (doc.transcript ?? []).filter((t) => t.highlight).forEach((t, k) => addBlock(heading(`${forScreen(t.speaker)}：`), `“${t.text}”`, (i) => k > 0 || i > 0));
  doc.keyPoints.forEach((point, k) => addBlock(heading(`要点${k + 1}　${forScreen(point.heading)}`), point.text, (i) => k > 0 || i > 0 || narration !== ''));
  if (options.includeQa) doc.qa.forEach((qa) => addBlock(heading(`问：${forScreen(qa.question)}`), `答：${qa.answer}`, () => true));
  const basis = doc.basis.map(basisLine).join('；');
  if (basis) addBlock('政策依据', basis, (i) => i > 0 || !options.basisRequired);

  const qrSvg = await loadQrcode().toString(options.pageUrl, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  const hotline = doc.department?.hotline ?? '';
  return {
    layout,
    pages,
    endCard: (more) => ({
      frame: () => endCardSvg(layout, { hotline: forScreen(hotline), department, more: more ? '更多内容详见门户网站' : null, qrSvg }),
      say: `咨询电话：${hotline || '12345'}。${department}。${more ? '更多内容详见门户网站。' : ''}`,
      burnIn: false,
      optional: false,
    }),
    minSeconds: options.minSeconds,
    maxSeconds: options.maxSeconds,
    leftOut,
  };
}

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);

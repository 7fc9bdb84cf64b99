import { contentBlocks, itemRange, LEAFLET_SIZES, pack, type Note } from './blocks';
import { contactLine, printedTexts, revisionLine, type PrintContent } from './content';
import { MM, PrintPdf } from './pdf';

/**
 * The A4 明白纸 a grid worker hands out at the door: title beside a QR code to the portal page,
 * digest, 政策要点, 政策问答 and 政策依据, and on every page who to call, the date and the revision.
 * One sheet: the front, and the back when the front is full. What fits on neither side is left out,
 * Q&A first and then key points from the last, and text too long for a page is cut (the QR code's
 * page has it all); preflight says what. It never refuses for length: the basis is always printed.
 */
export const LEAFLET_MAX_PAGES = 2;
const MARGIN = 15 * MM;
const QR_SIZE = 30 * MM;
const FOOTER = 34;

export interface LeafletLayout {
  titleSize: number;
  keyPointsKept: number;
  qaKept: number;
  pages: number;
  /** What the author is told: what was left out or cut. */
  notes: Note[];
}

interface Planned { layout: LeafletLayout; draw(): void }

function plan(pdf: PrintPdf, c: PrintContent): Planned {
  const width = pdf.width - 2 * MARGIN;
  const titleWidth = width - QR_SIZE - 4 * MM;
  const titleStyle = { bold: true, width: titleWidth, lineGap: 2 };
  const titleSize = pdf.fit(c.title, titleStyle, [26, 24, 22, 20, 18], 3);
  const title = pdf.lines(c.title, { ...titleStyle, size: titleSize }, 4);
  const labelStyle = { size: 10, bold: true, width };
  const label = pdf.lines(c.brand ? `政策明白纸 · ${c.brand}` : '政策明白纸', labelStyle, 1).text;
  const headerTop = MARGIN + pdf.measure(label, labelStyle) + 6;
  const titleHeight = pdf.measure(title.text, { ...titleStyle, size: titleSize });
  const first = headerTop + Math.max(titleHeight, QR_SIZE + 14) + 10;
  const bottom = pdf.height - MARGIN - FOOTER;
  const contact = pdf.lines(contactLine(c), { size: 9.5, bold: true, width }, 1).text;

  const keep = { keyPoints: c.keyPoints.length, qa: c.qa.length };
  const made = new Map();
  for (;;) {
    const blocks = contentBlocks(pdf, c, width, LEAFLET_SIZES, keep, bottom - MARGIN, made, 1 / 2);
    const placed = pack(blocks, first, MARGIN, bottom);
    const pages = Math.max(...placed.map((p) => p.page)) + 1;
    const fits = pages <= LEAFLET_MAX_PAGES && placed.every((p) => p.y + p.block.height - LEAFLET_SIZES.gap <= bottom + 0.5);
    if (fits || (keep.qa === 0 && keep.keyPoints === 0)) {
      const notes = [
        ...(title.clipped ? [{ field: 'title', message: '标题太长，明白纸上截短为四行（扫码可看全文）' }] : []),
        ...(keep.keyPoints < c.keyPoints.length ? [{ field: 'keyPoints', message: leftOut('要点', keep.keyPoints, c.keyPoints.length) }] : []),
        ...(keep.qa < c.qa.length ? [{ field: 'qa', message: leftOut('问答', keep.qa, c.qa.length) }] : []),
        ...blocks.flatMap((b) => (b.clipped ? [b.clipped] : [])),
      ];
      const layout = { titleSize, keyPointsKept: keep.keyPoints, qaKept: keep.qa, pages: Math.min(pages, LEAFLET_MAX_PAGES), notes };
      return {
        layout,
        draw: () => {
          for (let i = 0; i < layout.pages; i += 1) pdf.addPage();
          pdf.switchToPage(0);
          pdf.text(label, MARGIN, MARGIN, labelStyle);
          pdf.rule(MARGIN, headerTop - 4, width, 1.5);
          pdf.text(title.text, MARGIN, headerTop, { ...titleStyle, size: titleSize });
          pdf.qr(c.url, MARGIN + width - QR_SIZE, headerTop, QR_SIZE);
          pdf.text('扫码阅读全文', MARGIN + width - QR_SIZE, headerTop + QR_SIZE + 2, { size: 8, width: QR_SIZE, align: 'center' });
          for (const p of placed.filter((q) => q.page < layout.pages)) {
            pdf.switchToPage(p.page);
            p.block.draw(MARGIN, p.y);
          }
          for (let i = 0; i < layout.pages; i += 1) {
            pdf.switchToPage(i);
            const y = pdf.height - MARGIN - FOOTER + 8;
            pdf.rule(MARGIN, y, width, 0.8);
            pdf.text(contact, MARGIN, y + 5, { size: 9.5, bold: true, width });
            pdf.text(`${revisionLine(c)}　第 ${i + 1} 页／共 ${layout.pages} 页`, MARGIN, y + 18, { size: 8.5, width });
          }
        },
      };
    }
    if (keep.qa > 0) keep.qa -= 1;
    else keep.keyPoints -= 1;
  }
}

const leftOut = (what: string, kept: number, all: number) => (kept === 0
  ? `A4 明白纸正反两面放不下${what}：${all} 条全部略去（扫码可看全文）`
  : `A4 明白纸正反两面放不下全部${what}：印出前 ${kept} 条，略去${itemRange(kept + 1, all)}（扫码可看全文）`);

/** The leaflet's layout without drawing (preflight). */
export function leafletLayout(c: PrintContent, day: string): LeafletLayout {
  return plan(newLeaflet(c, day), c).layout;
}

export async function renderLeaflet(c: PrintContent, day: string): Promise<{ pdf: Buffer; layout: LeafletLayout }> {
  const pdf = newLeaflet(c, day);
  await pdf.prepare(printedTexts(c));
  const planned = plan(pdf, c);
  planned.draw();
  return { pdf: await pdf.finish(), layout: planned.layout };
}

const newLeaflet = (c: PrintContent, day: string) => new PrintPdf('A4', { title: c.title, author: c.department || '同源', subject: '政策明白纸', day });

import { RenditionRefused } from '../channel';
import { contentBlocks, LEAFLET_SIZES, pack } from './blocks';
import { contactLine, printedTexts, revisionLine, type PrintContent } from './content';
import { MM, PrintPdf } from './pdf';

/**
 * The A4 明白纸 a grid worker hands out at the door: title beside a QR code to the portal page,
 * digest, 政策要点, 政策问答 and 政策依据, and on every page who to call, the date and the revision.
 * One sheet: the front, and the back when the front is full. Q&A that fit on neither side are
 * left out (the QR code's page has them) and said so; key points never are — too many for both
 * sides is refused, for the author to shorten.
 */
export const LEAFLET_MAX_PAGES = 2;
const MARGIN = 15 * MM;
const QR_SIZE = 30 * MM;
const FOOTER = 34;

export interface LeafletLayout {
  titleSize: number;
  qaKept: number;
  pages: number;
  /** What the author is told: Q&A left out. */
  notes: string[];
}

interface Planned { layout: LeafletLayout; draw(): void }

function plan(pdf: PrintPdf, c: PrintContent): Planned {
  const width = pdf.width - 2 * MARGIN;
  const titleWidth = width - QR_SIZE - 4 * MM;
  const titleSize = pdf.fit(c.title, { bold: true, width: titleWidth, lineGap: 2 }, [26, 24, 22, 20, 18], 3);
  const label = c.brand ? `政策明白纸 · ${c.brand}` : '政策明白纸';
  const labelHeight = pdf.measure(label, { size: 10, bold: true, width });
  const headerTop = MARGIN + labelHeight + 6;
  const titleHeight = pdf.measure(c.title, { size: titleSize, bold: true, width: titleWidth, lineGap: 2 });
  const qrCaption = '扫码阅读全文';
  const first = headerTop + Math.max(titleHeight, QR_SIZE + 14) + 10;
  const bottom = pdf.height - MARGIN - FOOTER;

  let qaKept = c.qa.length;
  for (;;) {
    const placed = pack(contentBlocks(pdf, c, width, LEAFLET_SIZES, qaKept), first, MARGIN, bottom);
    const pages = Math.max(...placed.map((p) => p.page)) + 1;
    const overflow = placed.find((p) => p.y + p.block.height - LEAFLET_SIZES.gap > bottom + 0.5);
    if (pages <= LEAFLET_MAX_PAGES && !overflow) {
      const notes = qaKept < c.qa.length ? [`A4 明白纸正反两面放不下全部问答：印出前 ${qaKept} 条，略去第 ${qaKept + 1}–${c.qa.length} 条（扫码可看全文）`] : [];
      const layout = { titleSize, qaKept, pages, notes };
      return {
        layout,
        draw: () => {
          for (let i = 0; i < pages; i += 1) pdf.addPage();
          pdf.switchToPage(0);
          pdf.text(label, MARGIN, MARGIN, { size: 10, bold: true, width });
          pdf.rule(MARGIN, headerTop - 4, width, 1.5);
          pdf.text(c.title, MARGIN, headerTop, { size: titleSize, bold: true, width: titleWidth, lineGap: 2 });
          pdf.qr(c.url, MARGIN + width - QR_SIZE, headerTop, QR_SIZE);
          pdf.text(qrCaption, MARGIN + width - QR_SIZE, headerTop + QR_SIZE + 2, { size: 8, width: QR_SIZE, align: 'center' });
          for (const p of placed) {
            pdf.switchToPage(p.page);
            p.block.draw(MARGIN, p.y);
          }
          for (let i = 0; i < pages; i += 1) {
            pdf.switchToPage(i);
            const y = pdf.height - MARGIN - FOOTER + 8;
            pdf.rule(MARGIN, y, width, 0.8);
            pdf.text(contactLine(c), MARGIN, y + 5, { size: 9.5, bold: true, width });
            pdf.text(`${revisionLine(c)}　第 ${i + 1} 页／共 ${pages} 页`, MARGIN, y + 18, { size: 8.5, width });
          }
        },
      };
    }
    if (qaKept === 0) {
      throw new RenditionRefused(overflow && pages <= LEAFLET_MAX_PAGES
        ? 'A4 明白纸：有一条要点或政策依据长得一页也放不下，请分成几条要点'
        : `A4 明白纸正反两面放不下全部 ${c.keyPoints.length} 条要点：请精简要点（问答放不下时会略去，要点不会）`);
    }
    qaKept -= 1;
  }
}

/** The leaflet's layout without drawing (preflight): throws RenditionRefused as render would. */
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

import type { Note } from './blocks';
import { contactLine, printedTexts, revisionLine, type PrintContent } from './content';
import { MM, PrintPdf } from './pdf';

/**
 * The A3 poster for a village notice board: the title large enough to read from a few steps away,
 * the key points' headings, and a QR code the size of a hand to the portal page. One page; headings
 * that do not fit are summed up as "等 N 条要点" (the QR code's page has them all).
 */
const MARGIN = 18 * MM;
const QR_SIZE = 110 * MM;

export interface PosterLayout { titleSize: number; headingsShown: number; notes: Note[] }

function plan(pdf: PrintPdf, c: PrintContent) {
  const width = pdf.width - 2 * MARGIN;
  const titleStyle = { bold: true, width, lineGap: 4, align: 'center' as const };
  const titleSize = pdf.fit(c.title, titleStyle, [54, 48, 44, 40, 36, 32], 3);
  const title = pdf.lines(c.title, { ...titleStyle, size: titleSize }, 4);
  const titleTop = MARGIN + 40;
  const titleHeight = pdf.measure(title.text, { ...titleStyle, size: titleSize });
  const titleWidth = pdf.balancedWidth(title.text, { ...titleStyle, size: titleSize });
  const footerTop = pdf.height - MARGIN - 46;
  const qrTop = footerTop - QR_SIZE - 40;
  // Headings between the title and the QR code, as many as fit.
  const headingStyle = { size: 22, bold: true, width, lineGap: 4 };
  const listTop = titleTop + titleHeight + 30;
  const lines = c.keyPoints.map((k, i) => pdf.lines(`${i + 1}．${k.heading || k.text}`, headingStyle, 2).text);
  let shown = lines.length;
  const listHeight = (n: number) => lines.slice(0, n).reduce((h, line) => h + pdf.measure(line, headingStyle) + 8, 0)
    + (n < lines.length ? pdf.measure('等', headingStyle) + 8 : 0);
  while (shown > 0 && listTop + listHeight(shown) > qrTop - 16) shown -= 1;
  // The QR code and its caption in the middle of what the headings leave.
  const listEnd = listTop + listHeight(shown);
  const qrAt = Math.max(listEnd + 16, listEnd + (qrTop - listEnd) / 2);
  const notes = [
    ...(title.clipped ? [{ field: 'title', message: '标题太长，海报上截短为四行（扫码可看全文）' }] : []),
    ...(shown < lines.length ? [{ field: 'keyPoints', message: `A3 海报只列出前 ${shown} 条要点的标题，其余写作“等 ${lines.length} 条要点”（扫码可看全文）` }] : []),
  ];
  const brandStyle = { size: 20, bold: true, width, align: 'center' as const };
  const brand = pdf.lines(c.brand ? `政策宣传 · ${c.brand}` : '政策宣传', brandStyle, 1).text;
  const contactStyle = { size: 18, bold: true, width, align: 'center' as const };
  const contact = pdf.lines(contactLine(c), contactStyle, 1).text;
  return {
    layout: { titleSize, headingsShown: shown, notes },
    draw: () => {
      pdf.addPage();
      pdf.text(brand, MARGIN, MARGIN, brandStyle);
      pdf.rule(MARGIN, MARGIN + 30, width, 3);
      pdf.text(title.text, MARGIN + (width - titleWidth) / 2, titleTop, { ...titleStyle, size: titleSize, width: titleWidth });
      let y = listTop;
      for (const line of lines.slice(0, shown)) y += pdf.text(line, MARGIN, y, headingStyle) + 8;
      if (shown < lines.length) pdf.text(`等 ${lines.length} 条要点`, MARGIN, y, headingStyle);
      pdf.qr(c.url, (pdf.width - QR_SIZE) / 2, qrAt, QR_SIZE);
      pdf.text('手机扫码 阅读全文', MARGIN, qrAt + QR_SIZE + 6, { size: 24, bold: true, width, align: 'center' });
      pdf.rule(MARGIN, footerTop, width, 1.5);
      pdf.text(contact, MARGIN, footerTop + 8, contactStyle);
      pdf.text(revisionLine(c), MARGIN, footerTop + 32, { size: 12, width, align: 'center' });
    },
  };
}

export function posterLayout(c: PrintContent, day: string): PosterLayout {
  return plan(newPoster(c, day), c).layout;
}

export async function renderPoster(c: PrintContent, day: string): Promise<{ pdf: Buffer; layout: PosterLayout }> {
  const pdf = newPoster(c, day);
  await pdf.prepare(printedTexts(c));
  const planned = plan(pdf, c);
  planned.draw();
  return { pdf: await pdf.finish(), layout: planned.layout };
}

const newPoster = (c: PrintContent, day: string) => new PrintPdf('A3', { title: c.title, author: c.department || '同源', subject: '政策宣传海报', day });

import { contactLine, printedTexts, revisionLine, type PrintContent } from './content';
import { MM, PrintPdf } from './pdf';

/**
 * The A3 poster for a village notice board: the title large enough to read from a few steps away,
 * the key points' headings, and a QR code the size of a hand to the portal page. One page; headings
 * that do not fit are summed up as "等 N 条要点" (the QR code's page has them all).
 */
const MARGIN = 18 * MM;
const QR_SIZE = 110 * MM;

export interface PosterLayout { titleSize: number; headingsShown: number; notes: string[] }

function plan(pdf: PrintPdf, c: PrintContent) {
  const width = pdf.width - 2 * MARGIN;
  const titleStyle = { bold: true, width, lineGap: 4, align: 'center' as const };
  const titleSize = pdf.fit(c.title, titleStyle, [54, 48, 44, 40, 36, 32], 3);
  const titleTop = MARGIN + 40;
  const titleHeight = pdf.measure(c.title, { ...titleStyle, size: titleSize });
  const footerTop = pdf.height - MARGIN - 46;
  const qrTop = footerTop - QR_SIZE - 40;
  // Headings between the title and the QR code, as many as fit.
  const headingStyle = { size: 22, bold: true, width, lineGap: 4 };
  const listTop = titleTop + titleHeight + 30;
  const lines = c.keyPoints.map((k, i) => `${i + 1}．${k.heading || k.text}`);
  let shown = lines.length;
  const listHeight = (n: number) => lines.slice(0, n).reduce((h, line) => h + pdf.measure(line, headingStyle) + 8, 0)
    + (n < lines.length ? pdf.measure('等', headingStyle) + 8 : 0);
  while (shown > 0 && listTop + listHeight(shown) > qrTop - 16) shown -= 1;
  // The QR code and its caption in the middle of what the headings leave.
  const listEnd = listTop + listHeight(shown);
  const qrAt = Math.max(listEnd + 16, listEnd + (qrTop - listEnd) / 2);
  const notes = shown < lines.length ? [`A3 海报只列出前 ${shown} 条要点的标题，其余写作“等 ${lines.length} 条要点”（扫码可看全文）`] : [];
  return {
    layout: { titleSize, headingsShown: shown, notes },
    draw: () => {
      pdf.addPage();
      pdf.text(c.brand ? `政策宣传 · ${c.brand}` : '政策宣传', MARGIN, MARGIN, { size: 20, bold: true, width, align: 'center' });
      pdf.rule(MARGIN, MARGIN + 30, width, 3);
      pdf.text(c.title, MARGIN, titleTop, { ...titleStyle, size: titleSize });
      let y = listTop;
      for (const line of lines.slice(0, shown)) y += pdf.text(line, MARGIN, y, headingStyle) + 8;
      if (shown < lines.length) pdf.text(`等 ${lines.length} 条要点`, MARGIN, y, headingStyle);
      pdf.qr(c.url, (pdf.width - QR_SIZE) / 2, qrAt, QR_SIZE);
      pdf.text('手机扫码 阅读全文', MARGIN, qrAt + QR_SIZE + 6, { size: 24, bold: true, width, align: 'center' });
      pdf.rule(MARGIN, footerTop, width, 1.5);
      pdf.text(contactLine(c), MARGIN, footerTop + 8, { size: 18, bold: true, width, align: 'center' });
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

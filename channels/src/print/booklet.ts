import { chineseDate } from '../text/chinese-date';
import { BOOKLET_SIZES, contentBlocks, pack, type Block } from './blocks';
import { contactLine, printedTexts, type PrintContent } from './content';
import { MM, PrintPdf } from './pdf';

/**
 * The A5 小册子 of a brand column or a 政策清单: a cover, a table of contents with page numbers, and
 * each interpretation from a new page (title, digest, key points, all its Q&A, basis, who to call
 * and a QR code to its page). A list's booklet says what the list is on its cover and ends with the
 * list's documents in force (附：清单所列政策文件), those explained marked with their page. The
 * contents' page count is worked out first, so the numbers it prints are the pages the
 * interpretations land on.
 */
const MARGIN = 14 * MM;
const FOOTER = 22;
const QR_SIZE = 22 * MM;

export interface BookletInput {
  name: string;
  dateLabel: string;
  items: PrintContent[];
  /** A 政策清单's booklet: its description (on the cover) and its documents (the appendix), each with the items that explain it (their indexes). */
  list?: { description: string; documents: Array<{ title: string; documentNumber: string; explainedBy: number[] }> };
}

/** The booklet's title: 政在开讲政策解读小册子, 民生政策(服务)事项清单解读小册子. */
export const bookletTitle = (input: Pick<BookletInput, 'name' | 'list'>) => `${input.name}${input.list ? '' : '政策'}解读小册子`;

export async function renderBooklet(input: BookletInput, day: string): Promise<{ pdf: Buffer; pages: number }> {
  const pdf = new PrintPdf('A5', { title: bookletTitle(input), author: input.name, subject: input.list ? '政策清单解读小册子' : '政策解读小册子', day });
  const documents = input.list?.documents ?? [];
  await pdf.prepare([input.name, input.list?.description ?? '', ...documents.flatMap((d) => [d.title, d.documentNumber]), ...input.items.flatMap(printedTexts)]);
  const width = pdf.width - 2 * MARGIN;
  const top = MARGIN;
  const bottom = pdf.height - MARGIN - FOOTER;

  // The contents: one line (or two) per interpretation, the page number right-aligned beside it.
  const tocTitle = { size: 10, width: width - 36, lineGap: 1 };
  const tocLines = input.items.map((item, i) => pdf.lines(`${i + 1}．${item.title}`, tocTitle, 2).text);
  const tocHeights = tocLines.map((line) => pdf.measure(line, tocTitle) + 5);
  const tocPages: number[][] = [[]];
  let y = top + 30;
  tocHeights.forEach((h, i) => {
    if (y + h > bottom) { tocPages.push([]); y = top; }
    tocPages[tocPages.length - 1].push(i);
    y += h;
  });

  // Pages: the cover, the contents, then each interpretation laid out from a new page.
  const laidOut = input.items.map((item) => {
    const titleStyle = { bold: true, width, lineGap: 2 };
    const titleSize = pdf.fit(item.title, titleStyle, [16, 15, 14, 13], 3);
    const title = pdf.lines(item.title, { ...titleStyle, size: titleSize }, 4).text;
    const titleHeight = pdf.measure(title, { ...titleStyle, size: titleSize });
    // Every key point and Q&A (an item may run over several pages); text longer than a page is cut.
    const keep = { keyPoints: item.keyPoints.length, qa: item.qa.length };
    const blocks: Block[] = [...contentBlocks(pdf, item, width, BOOKLET_SIZES, keep, bottom - top), contactBlock(pdf, item, width)];
    const placed = pack(blocks, top + titleHeight + 10, top, bottom);
    return { item, title, titleSize, placed, pages: Math.max(...placed.map((p) => p.page)) + 1 };
  });
  const firstItemPage = 1 + tocPages.length;
  const startPage: number[] = [];
  let page = firstItemPage;
  for (const l of laidOut) { startPage.push(page); page += l.pages; }
  // A list's appendix: each document (title, number, and where it is explained), from a new page.
  const docStyle = { size: 9, width: width - 12, lineGap: 1 };
  const docLines = documents.map((d, i) => `${i + 1}．${d.title}（${d.documentNumber}）${d.explainedBy.length ? `　见第 ${d.explainedBy.map((n) => startPage[n] + 1).join('、')} 页` : ''}`);
  const docHeights = docLines.map((line) => pdf.measure(line, docStyle) + 4);
  const appendixPages: number[][] = documents.length ? [[]] : [];
  y = top + 46;
  docHeights.forEach((h, i) => {
    if (y + h > bottom) { appendixPages.push([]); y = top; }
    appendixPages[appendixPages.length - 1].push(i);
    y += h;
  });
  const firstAppendixPage = page;
  page += appendixPages.length;
  const total = page;
  for (let i = 0; i < total; i += 1) pdf.addPage();

  pdf.switchToPage(0);
  pdf.text(input.list ? '政策清单解读小册子' : '政策解读小册子', MARGIN, 60 * MM, { size: 14, bold: true, width, align: 'center' });
  const nameSize = input.list ? pdf.fit(input.name, { bold: true, width }, [28, 24, 20], 2) : 28;
  pdf.text(pdf.lines(input.name, { size: nameSize, bold: true, width }, 2).text, MARGIN, 72 * MM, { size: nameSize, bold: true, width, align: 'center' });
  pdf.rule(MARGIN + width / 4, 92 * MM, width / 2, 2);
  pdf.text(`共 ${input.items.length} 篇解读${input.list ? `，清单所列政策文件 ${documents.length} 件` : ''}`, MARGIN, 100 * MM, { size: 12, width, align: 'center' });
  if (input.list?.description) {
    const about = { size: 10, width: width - 16 * MM, lineGap: 3 };
    pdf.text(pdf.lines(input.list.description, about, 6).text, MARGIN + 8 * MM, 112 * MM, about);
  }
  pdf.text(`${input.dateLabel}印发`, MARGIN, pdf.height - MARGIN - 30, { size: 11, width, align: 'center' });

  tocPages.forEach((entries, p) => {
    pdf.switchToPage(1 + p);
    let ty = top;
    if (p === 0) { pdf.text('目　录', MARGIN, ty, { size: 14, bold: true, width, align: 'center' }); ty += 30; }
    for (const i of entries) {
      pdf.text(tocLines[i], MARGIN, ty, tocTitle);
      pdf.text(String(startPage[i] + 1), MARGIN + width - 30, ty, { size: 10, width: 30, align: 'right' });
      ty += tocHeights[i];
    }
  });

  laidOut.forEach((l, i) => {
    pdf.switchToPage(startPage[i]);
    pdf.text(l.title, MARGIN, top, { bold: true, width, lineGap: 2, size: l.titleSize });
    for (const p of l.placed) {
      pdf.switchToPage(startPage[i] + p.page);
      p.block.draw(MARGIN, p.y);
    }
  });
  appendixPages.forEach((entries, p) => {
    pdf.switchToPage(firstAppendixPage + p);
    let ay = top;
    if (p === 0) {
      pdf.text('附：清单所列政策文件', MARGIN, ay, { size: 13, bold: true, width });
      pdf.text('现行有效的文件，按文号排列；有解读的注明页码', MARGIN, ay + 20, { size: 8.5, width });
      ay += 46;
    }
    for (const i of entries) {
      pdf.text(docLines[i], MARGIN, ay, docStyle);
      ay += docHeights[i];
    }
  });
  const footerName = pdf.lines(input.name, { size: 8, width: width - 60 }, 1).text;
  for (let p = 1; p < total; p += 1) {
    pdf.switchToPage(p);
    pdf.rule(MARGIN, pdf.height - MARGIN - FOOTER + 6, width, 0.6);
    pdf.text(`${footerName} · 第 ${p + 1} 页`, MARGIN, pdf.height - MARGIN - FOOTER + 10, { size: 8, width, align: 'center' });
  }
  return { pdf: await pdf.finish(), pages: total };
}

/** The end of an interpretation: who to call and a QR code to its full page. */
function contactBlock(pdf: PrintPdf, c: PrintContent, width: number): Block {
  const textWidth = width - QR_SIZE - 4 * MM;
  const style = { size: 8.5, width: textWidth, lineGap: 2 };
  const lines = `${pdf.lines(contactLine(c), style, 2).text}\n印发日期：${c.dateLabel}　版本：${c.revision}\n扫码阅读全文`;
  return {
    kind: 'basis',
    height: Math.max(QR_SIZE, pdf.measure(lines, style)) + 4,
    draw: (x, y) => {
      pdf.text(lines, x, y + 4, style);
      pdf.qr(c.url, x + width - QR_SIZE, y, QR_SIZE);
    },
  };
}

/** The booklet's cover date, in the revision's words. */
export const bookletDate = (day: string) => chineseDate(day);

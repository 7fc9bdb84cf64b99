import type { PrintContent } from './content';
import type { PrintPdf } from './pdf';

/**
 * The pieces a leaflet or booklet page is made of, each measured before it is drawn: a layout
 * packs them onto pages, and a block never splits (a key point stays with its heading).
 */
export interface Block {
  kind: 'section' | 'keyPoint' | 'qa' | 'basis' | 'digest';
  height: number;
  draw(x: number, y: number): void;
  /** Said to the author when the block's text was cut to fit a page (the QR code's page has it whole). */
  clipped?: Note;
}

/** What preflight tells the author about a printed piece, by the field it is about. */
export interface Note { field: string; message: string }

export interface BlockSizes { section: number; heading: number; body: number; gap: number }
export const LEAFLET_SIZES: BlockSizes = { section: 14, heading: 12.5, body: 10.5, gap: 8 };
export const BOOKLET_SIZES: BlockSizes = { section: 11.5, heading: 10.5, body: 9.5, gap: 6 };

export function sectionBlock(pdf: PrintPdf, title: string, width: number, s: BlockSizes): Block {
  const style = { size: s.section, bold: true, width };
  const textHeight = pdf.measure(title, style);
  return {
    kind: 'section',
    height: textHeight + 4 + s.gap,
    draw: (x, y) => {
      pdf.text(title, x, y, style);
      pdf.rule(x, y + textHeight + 1, width, 1.2);
    },
  };
}

export function keyPointBlock(pdf: PrintPdf, point: PrintContent['keyPoints'][number], index: number, width: number, s: BlockSizes, maxHeight: number): Block {
  const heading = { size: s.heading, bold: true, width };
  const body = { size: s.body, width, lineGap: 2 };
  const headingText = point.heading ? pdf.lines(`${index + 1}．${point.heading}`, heading, 3) : { text: '', clipped: false };
  const h1 = headingText.text ? pdf.measure(headingText.text, heading) + 2 : 0;
  const text = pdf.clip(point.heading ? point.text : `${index + 1}．${point.text}`, body, maxHeight - h1 - s.gap);
  const h2 = pdf.measure(text.text, body);
  return {
    kind: 'keyPoint',
    height: h1 + h2 + s.gap,
    clipped: headingText.clipped || text.clipped ? { field: `keyPoints[${index}].text`, message: `要点 ${index + 1} 太长，印刷品上截短（扫码可看全文）` } : undefined,
    draw: (x, y) => {
      if (headingText.text) pdf.text(headingText.text, x, y, heading);
      pdf.text(text.text, x, y + h1, body);
    },
  };
}

export function qaBlock(pdf: PrintPdf, qa: PrintContent['qa'][number], index: number, width: number, s: BlockSizes, maxHeight: number): Block {
  const question = { size: s.body + 0.5, bold: true, width };
  const answer = { size: s.body, width, lineGap: 2 };
  const q = pdf.lines(`问：${qa.question}`, question, 3);
  const h1 = pdf.measure(q.text, question) + 2;
  const a = pdf.clip(`答：${qa.answer}`, answer, maxHeight - h1 - s.gap);
  const h2 = pdf.measure(a.text, answer);
  return {
    kind: 'qa',
    height: h1 + h2 + s.gap,
    clipped: q.clipped || a.clipped ? { field: `qa[${index}].answer`, message: `问答 ${index + 1} 太长，印刷品上截短（扫码可看全文）` } : undefined,
    draw: (x, y) => {
      pdf.text(q.text, x, y, question);
      pdf.text(a.text, x, y + h1, answer);
    },
  };
}

export function basisBlock(pdf: PrintPdf, lines: string[], width: number, s: BlockSizes, maxHeight: number): Block {
  const style = { size: s.body, width, lineGap: 2 };
  const text = pdf.clip(lines.length ? lines.join('\n') : '（未列出政策依据）', style, maxHeight - s.gap);
  return {
    kind: 'basis', height: pdf.measure(text.text, style) + s.gap, clipped: text.clipped ? { field: 'basis', message: '政策依据太长，印刷品上截短（扫码可看全文）' } : undefined,
    draw: (x, y) => { pdf.text(text.text, x, y, style); },
  };
}

export function digestBlock(pdf: PrintPdf, digest: string, width: number, s: BlockSizes, maxHeight: number): Block {
  const style = { size: s.body + 0.5, width, lineGap: 3 };
  const text = pdf.clip(digest, style, maxHeight - s.gap);
  return {
    kind: 'digest', height: pdf.measure(text.text, style) + s.gap, clipped: text.clipped ? { field: 'digest', message: '摘要太长，印刷品上截短（扫码可看全文）' } : undefined,
    draw: (x, y) => { pdf.text(text.text, x, y, style); },
  };
}

/**
 * The blocks of one interpretation's text in reading order, its first `keep.keyPoints` key points and
 * `keep.qa` Q&A: 政策要点, 政策问答, 政策依据 (always printed). No block is taller than `pageHeight`
 * with its section heading: longer text is cut, and the block says so.
 */
export function contentBlocks(pdf: PrintPdf, c: PrintContent, width: number, s: BlockSizes, keep: { keyPoints: number; qa: number }, pageHeight: number, made = new Map<string, Block>(), blockShare = 1): Block[] {
  // A layout tries several `keep`s: each block is measured (and cut) once.
  const block = (key: string, make: () => Block) => made.get(key) ?? made.set(key, make()).get(key)!;
  const blocks: Block[] = [];
  // A key point or Q&A takes at most this share of a page (a leaflet keeps room for the others).
  const room = (pageHeight - block('section:政策要点', () => sectionBlock(pdf, '政策要点', width, s)).height) * blockShare;
  if (c.digest) blocks.push(block('digest', () => digestBlock(pdf, c.digest, width, s, pageHeight / 4)));
  if (keep.keyPoints > 0) {
    blocks.push(block('section:政策要点', () => sectionBlock(pdf, '政策要点', width, s)));
    c.keyPoints.slice(0, keep.keyPoints).forEach((k, i) => blocks.push(block(`keyPoint:${i}`, () => keyPointBlock(pdf, k, i, width, s, room))));
  }
  if (keep.qa > 0) {
    blocks.push(block('section:政策问答', () => sectionBlock(pdf, '政策问答', width, s)));
    c.qa.slice(0, keep.qa).forEach((qa, i) => blocks.push(block(`qa:${i}`, () => qaBlock(pdf, qa, i, width, s, room))));
  }
  blocks.push(block('section:政策依据', () => sectionBlock(pdf, '政策依据', width, s)), block('basis', () => basisBlock(pdf, c.basis, width, s, room)));
  return blocks;
}

/** 第 3 条 / 第 3–5 条. */
export const itemRange = (from: number, to: number) => (from === to ? `第 ${from} 条` : `第 ${from}–${to} 条`);

/**
 * Blocks onto pages: `first` is where the first page's body starts, `top` where the others' do,
 * `bottom` where every page's body ends. A section heading goes with the block after it.
 * Returns each block's page and y.
 */
export function pack(blocks: Block[], first: number, top: number, bottom: number): Array<{ block: Block; page: number; y: number }> {
  const placed: Array<{ block: Block; page: number; y: number }> = [];
  let page = 0;
  let y = first;
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    const needed = block.kind === 'section' && next ? block.height + next.height : block.height;
    if (y + needed > bottom && y > (page === 0 ? first : top)) {
      page += 1;
      y = top;
    }
    placed.push({ block, page, y });
    y += block.height;
  });
  return placed;
}

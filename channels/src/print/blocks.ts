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
}

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

export function keyPointBlock(pdf: PrintPdf, point: PrintContent['keyPoints'][number], index: number, width: number, s: BlockSizes): Block {
  const heading = { size: s.heading, bold: true, width };
  const body = { size: s.body, width, lineGap: 2 };
  const headingText = `${index + 1}．${point.heading}`;
  const h1 = point.heading ? pdf.measure(headingText, heading) : 0;
  const h2 = pdf.measure(point.text, body);
  return {
    kind: 'keyPoint',
    height: h1 + (h1 && h2 ? 2 : 0) + h2 + s.gap,
    draw: (x, y) => {
      if (point.heading) pdf.text(headingText, x, y, heading);
      pdf.text(point.heading ? point.text : `${index + 1}．${point.text}`, x, y + h1 + (h1 && h2 ? 2 : 0), body);
    },
  };
}

export function qaBlock(pdf: PrintPdf, qa: PrintContent['qa'][number], width: number, s: BlockSizes): Block {
  const question = { size: s.body + 0.5, bold: true, width };
  const answer = { size: s.body, width, lineGap: 2 };
  const q = `问：${qa.question}`;
  const a = `答：${qa.answer}`;
  const h1 = pdf.measure(q, question);
  const h2 = pdf.measure(a, answer);
  return {
    kind: 'qa',
    height: h1 + 2 + h2 + s.gap,
    draw: (x, y) => {
      pdf.text(q, x, y, question);
      pdf.text(a, x, y + h1 + 2, answer);
    },
  };
}

export function basisBlock(pdf: PrintPdf, lines: string[], width: number, s: BlockSizes): Block {
  const style = { size: s.body, width, lineGap: 2 };
  const text = lines.length ? lines.join('\n') : '（未列出政策依据）';
  return { kind: 'basis', height: pdf.measure(text, style) + s.gap, draw: (x, y) => { pdf.text(text, x, y, style); } };
}

export function digestBlock(pdf: PrintPdf, digest: string, width: number, s: BlockSizes): Block {
  const style = { size: s.body + 0.5, width, lineGap: 3 };
  return { kind: 'digest', height: pdf.measure(digest, style) + s.gap, draw: (x, y) => { pdf.text(digest, x, y, style); } };
}

/**
 * The blocks of one interpretation's text in reading order, with `qaKept` of its Q&A: 政策要点,
 * 政策问答, 政策依据 (the basis always printed: what a leaflet rests on is never cut).
 */
export function contentBlocks(pdf: PrintPdf, c: PrintContent, width: number, s: BlockSizes, qaKept: number): Block[] {
  const blocks: Block[] = [];
  if (c.digest) blocks.push(digestBlock(pdf, c.digest, width, s));
  if (c.keyPoints.length) {
    blocks.push(sectionBlock(pdf, '政策要点', width, s));
    c.keyPoints.forEach((k, i) => blocks.push(keyPointBlock(pdf, k, i, width, s)));
  }
  if (qaKept > 0) {
    blocks.push(sectionBlock(pdf, '政策问答', width, s));
    for (const qa of c.qa.slice(0, qaKept)) blocks.push(qaBlock(pdf, qa, width, s));
  }
  blocks.push(sectionBlock(pdf, '政策依据', width, s), basisBlock(pdf, c.basis, width, s));
  return blocks;
}

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

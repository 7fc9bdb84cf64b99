import { readFileSync } from 'node:fs';
import type { Font } from 'fontkit';
import { FONT_FILES, fallbackFontFor, forScreen, mainHasGlyph } from '../media/fonts';
import { loadFontkit, loadPdfkit, loadQrcode, loadSubsetFont } from '../media/libraries';

/**
 * Print PDFs drawn with pdfkit: the bundled CJK font (and the fallback font for 生僻字) embedded
 * as subsets, exact ISO page sizes in points, black text and vector QR codes (a grey-scale
 * photocopy keeps every word). Layout code measures with `measure` and draws with `text`; nothing
 * here decides what goes where.
 */
export const PAGE_SIZES = {
  A3: [841.89, 1190.55],
  A4: [595.28, 841.89],
  A5: [419.53, 595.28],
} as const satisfies Record<string, readonly [number, number]>;
export type PageSize = keyof typeof PAGE_SIZES;

/** 1 mm in points. */
export const MM = 72 / 25.4;

// Opened once per process and shared by every PDF (pdfkit takes a fontkit font): parsing the 17 MB font per leaflet cost more than drawing it.
let opened: { regular: Font; bold: Font } | undefined;
const fonts = () => (opened ??= { regular: loadFontkit().openSync(FONT_FILES.regular) as Font, bold: loadFontkit().openSync(FONT_FILES.bold) as Font });

export interface TextStyle { size: number; bold?: boolean; width: number; lineGap?: number; align?: 'left' | 'center' | 'right' }

/** Text as it is printed: each line as it is drawn (forScreen: emoji and controls left out), the lines kept. */
const printable = (text: string) => text.split('\n').map(forScreen).filter(Boolean).join('\n');

/** One PDF being drawn: pages of one size, text in runs of the main or the fallback font. */
export class PrintPdf {
  readonly pdf: PDFKit.PDFDocument;
  readonly width: number;
  readonly height: number;
  private readonly chunks: Buffer[] = [];
  private readonly registered = new Set<string>();

  constructor(size: PageSize, info: { title: string; author: string; subject: string; day: string }) {
    [this.width, this.height] = PAGE_SIZES[size];
    // Dates fixed to the revision's day: the same revision makes the same bytes (files are stored by content).
    const date = new Date(`${info.day}T00:00:00+08:00`);
    const PDFDocument = loadPdfkit();
    this.pdf = new PDFDocument({
      size: [this.width, this.height], margin: 0, autoFirstPage: false, bufferPages: true, lang: 'zh-CN', displayTitle: true,
      info: { Title: info.title, Author: info.author, Subject: info.subject, Producer: '同源 Tongyuan', Creator: '同源 Tongyuan', CreationDate: date, ModDate: date },
    });
    this.pdf.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.pdf.registerFont('regular', fonts().regular as unknown as Buffer); // a fontkit font: pdfkit's types name only paths and bytes
    this.pdf.registerFont('bold', fonts().bold as unknown as Buffer);
    this.pdf.font('regular');
  }

  addPage(): number {
    this.pdf.addPage({ size: [this.width, this.height], margin: 0 });
    return this.pdf.bufferedPageRange().count - 1;
  }

  /** The height `text` takes at this style (the fallback's glyphs are as wide as the main font's: one em). */
  measure(text: string, style: TextStyle): number {
    const drawn = printable(text);
    if (!drawn) return 0;
    return this.pdf.font(style.bold ? 'bold' : 'regular').fontSize(style.size).heightOfString(drawn, { width: style.width, lineGap: style.lineGap ?? 0 });
  }

  /** The largest size of `sizes` (largest first) at which `text` takes at most `maxLines` lines; else the smallest. */
  fit(text: string, style: Omit<TextStyle, 'size'>, sizes: number[], maxLines: number): number {
    for (const size of sizes) {
      const oneLine = this.measure('国', { ...style, size });
      if (this.measure(text, { ...style, size }) <= oneLine * maxLines + 0.5) return size;
    }
    return sizes[sizes.length - 1];
  }

  /** `text` cut so that it, ending in "……", takes at most `maxHeight` at `style`; unchanged when it fits. */
  clip(text: string, style: TextStyle, maxHeight: number): { text: string; clipped: boolean } {
    if (this.measure(text, style) <= maxHeight + 0.5) return { text, clipped: false };
    const chars = [...printable(text)];
    // What can fit at most (no character is narrower than half an em): measuring 5,000 characters to keep 300 is slow.
    const capacity = Math.ceil(maxHeight / this.measure('国', style) + 1) * Math.ceil((2 * style.width) / style.size);
    let fits = 0;
    let over = Math.min(chars.length, capacity + 1);
    while (over - fits > 1) {
      const mid = Math.floor((fits + over) / 2);
      if (this.measure(`${chars.slice(0, mid).join('')}……`, style) <= maxHeight + 0.5) fits = mid;
      else over = mid;
    }
    return { text: `${chars.slice(0, fits).join('').trimEnd()}……`, clipped: true };
  }

  /**
   * The narrowest width (down to half of `style.width`) at which `text` still takes as many lines as
   * at full width: a centred title wrapped there has even lines, never one character alone on the last.
   */
  balancedWidth(text: string, style: TextStyle): number {
    const full = this.measure(text, style);
    let [narrow, wide] = [style.width / 2, style.width];
    if (this.measure(text, { ...style, width: narrow }) <= full + 0.5) return narrow;
    while (wide - narrow > 2) {
      const mid = (narrow + wide) / 2;
      if (this.measure(text, { ...style, width: mid }) <= full + 0.5) wide = mid;
      else narrow = mid;
    }
    return wide;
  }

  /** `text` cut to at most `lines` lines at `style`. */
  lines(text: string, style: TextStyle, lines: number): { text: string; clipped: boolean } {
    return this.clip(text, style, this.measure('国', style) * lines);
  }

  /** Draws `text` at (x, y), wrapping within the style's width; returns the height used. */
  text(text: string, x: number, y: number, style: TextStyle): number {
    const drawn = printable(text);
    if (!drawn) return 0;
    const runs = this.runs(drawn, style.bold ? 'bold' : 'regular');
    const options = { width: style.width, lineGap: style.lineGap ?? 0, align: style.align ?? 'left', lineBreak: true };
    this.pdf.fillColor('black').fontSize(style.size);
    runs.forEach((run, i) => {
      this.pdf.font(run.font);
      const more = { ...options, continued: i < runs.length - 1 };
      if (i === 0) this.pdf.text(run.text, x, y, more);
      else this.pdf.text(run.text, more);
    });
    return this.measure(text, style);
  }

  /** A QR code as black squares (vector: sharp at any print size) with its quiet zone; `size` includes the zone. */
  qr(url: string, x: number, y: number, size: number): void {
    const code = loadQrcode().create(url, { errorCorrectionLevel: 'M' });
    const count = code.modules.size;
    const unit = size / (count + 8);
    this.pdf.rect(x, y, size, size).fill('white');
    for (let row = 0; row < count; row += 1) {
      for (let col = 0; col < count; col += 1) if (code.modules.get(row, col)) this.pdf.rect(x + (col + 4) * unit, y + (row + 4) * unit, unit, unit);
    }
    this.pdf.fill('black');
  }

  /** A black rule (no colour-only information: a photocopy keeps it). */
  rule(x: number, y: number, width: number, thickness = 0.8): void {
    this.pdf.rect(x, y, width, thickness).fill('black');
  }

  get pageCount(): number {
    return this.pdf.bufferedPageRange().count;
  }

  switchToPage(index: number): void {
    this.pdf.switchToPage(index);
  }

  /** Ends the document: fonts are subset and embedded here. */
  finish(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.pdf.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.pdf.on('error', reject);
      this.pdf.end();
    });
  }

  /**
   * Makes ready the fallback font's pieces `texts` need (生僻字). The pieces are WOFF2, which
   * pdfkit cannot subset: each is cut down to the characters used and turned into TrueType first.
   */
  async prepare(texts: string[]): Promise<void> {
    const wanted = new Map<string, Set<string>>();
    for (const ch of printable(texts.join('\n'))) {
      const cp = ch.codePointAt(0)!;
      if (/\s/u.test(ch) || mainHasGlyph(cp)) continue;
      const fallback = fallbackFontFor(cp);
      if (fallback) wanted.set(fallback.file, (wanted.get(fallback.file) ?? new Set()).add(ch));
    }
    for (const [file, chars] of wanted) {
      const name = `fallback:${file}`;
      if (this.registered.has(name)) continue;
      this.pdf.registerFont(name, await loadSubsetFont()(readFileSync(file), [...chars].join(''), { targetFormat: 'truetype' }));
      this.registered.add(name);
    }
  }

  /** The text split where the main font lacks a glyph and the fallback font (a piece of it) has one. */
  private runs(text: string, main: string): Array<{ font: string; text: string }> {
    const runs: Array<{ font: string; text: string }> = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let font = main;
      if (!/\s/u.test(ch) && !mainHasGlyph(cp)) {
        const fallback = fallbackFontFor(cp);
        if (fallback) {
          font = `fallback:${fallback.file}`;
          if (!this.registered.has(font)) throw new Error(`印刷品的补充字体没有准备好：${ch}（先调用 prepare）`);
        }
      }
      const last = runs[runs.length - 1];
      if (last && last.font === font) last.text += ch;
      else runs.push({ font, text: ch });
    }
    return runs;
  }
}

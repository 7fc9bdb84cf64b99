import type { PreviewItem, RenderedFiles } from '../channel';
import { dataUrl } from '../preview/page';
import type { PrintPayload } from './channel';

/**
 * What an author sees of the print channel: the first page of the leaflet and the poster as
 * printed — the PDFs themselves drawn by pdf.js (Mozilla's PDF renderer, on @napi-rs/canvas), so the
 * preview is the file a print shop gets, not a second layout.
 */
const PREVIEW_SCALE = 1.5; // 1 pt → 1.5 px: an A4 page 893 px wide, about 108 dpi

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loaded: Promise<PdfJs> | undefined;
// pdf.js ships only ES modules; the channels are CommonJS, so it is imported when first needed.
const pdfjs = () => (loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Page `number` (1-based) of a PDF as a PNG, `scale` pixels per point. */
export async function pdfPagePng(pdf: Buffer, number: number, scale = PREVIEW_SCALE): Promise<{ png: Buffer; width: number; height: number }> {
  const { getDocument } = await pdfjs();
  const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(number);
    const viewport = page.getViewport({ scale });
    // pdf.js's Node canvas factory (@napi-rs/canvas); its type is not exported.
    const factory = doc.canvasFactory as { create(width: number, height: number): { canvas: { toBuffer(mime: 'image/png'): Buffer; width: number; height: number }; context: unknown } };
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context, viewport, canvas } as unknown as Parameters<typeof page.render>[0]).promise;
    return { png: canvas.toBuffer('image/png'), width: canvas.width, height: canvas.height };
  } finally {
    await doc.destroy();
  }
}

export async function printPreview(payload: PrintPayload, files: RenderedFiles): Promise<PreviewItem[]> {
  const items: PreviewItem[] = [];
  const pages = payload.leaflet.pages;
  for (const [key, name, label] of [
    ['print-leaflet', payload.leaflet.file, `A4 明白纸（第 1 面${pages > 1 ? `，共 ${pages} 面，背面续印` : ''}）`],
    ['print-poster', payload.poster.file, 'A3 二维码海报'],
  ] as const) {
    const file = files.get(name);
    if (!file) continue;
    // The poster at half the leaflet's scale: an A3 page as wide as the A4 one.
    const { png, width } = await pdfPagePng(file.data, 1, key === 'print-poster' ? PREVIEW_SCALE / Math.SQRT2 : PREVIEW_SCALE);
    items.push({ key, channel: 'print', label, kind: 'image', mime: 'image/png', width, dataUrl: dataUrl({ mime: 'image/png', data: png }) });
  }
  return items;
}

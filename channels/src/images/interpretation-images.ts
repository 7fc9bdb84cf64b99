import { basisLine, type Interpretation } from '../document/types';
import { forScreen } from '../media/fonts';
import { loadSharp } from '../media/libraries';
import { renderExplainer, type Explainer } from './explainer';

/** The 一图读懂 of an interpretation, as every channel that posts images uses it. */
export function explainerFor(doc: Interpretation, pageUrl: string, date: string): Promise<Explainer> {
  return renderExplainer({
    brand: doc.brandColumn ? forScreen(doc.brandColumn.name) : null,
    title: forScreen(doc.title),
    department: forScreen(doc.department?.name ?? ''),
    hotline: doc.department?.hotline ?? '',
    date,
    keyPoints: doc.keyPoints.map((k) => ({ heading: forScreen(k.heading), text: forScreen(k.text) })),
    qa: doc.qa.map((q) => ({ question: forScreen(q.question), answer: forScreen(q.answer) })),
    basis: doc.basis.map((b) => forScreen(basisLine(b))),
    pageUrl,
  });
}


/** An image within a platform's byte limit: as it is when it fits, else JPEG at the best quality that fits. */
export async function limitBytes(png: Buffer, maxBytes: number): Promise<Buffer> {
  if (png.length <= maxBytes) return png;
  for (const quality of [90, 80, 70, 60, 50]) {
    const jpeg = await loadSharp()(png).flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }).toBuffer();
    if (jpeg.length <= maxBytes) return jpeg;
  }
  throw new Error(`图片压缩到最低质量仍超过 ${Math.round(maxBytes / 1024)} KB`);
}

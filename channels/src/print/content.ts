import { createHash } from 'node:crypto';
import type { PreflightContext } from '../channel';
import { basisLine, GOVERNMENT_HOTLINE, type Interpretation } from '../document/types';
import { chineseDate } from '../text/chinese-date';
import { pagePath } from '../web/catalog';

/** What every printed piece of one interpretation says, worked out once (leaflet, poster and booklet page). */
export interface PrintContent {
  documentId: string;
  title: string;
  digest: string;
  brand: string;
  department: string;
  hotline: string;
  keyPoints: Array<{ heading: string; text: string }>;
  qa: Array<{ question: string; answer: string }>;
  basis: string[];
  /** The portal page the QR code opens. */
  url: string;
  /** 2026年11月23日: the revision's day. */
  dateLabel: string;
  /** Eight hex digits of the printed content: two copies with the same label say the same. */
  revision: string;
}


export function printContent(doc: Interpretation, ctx: PreflightContext): PrintContent {
  const site = doc.sites[0]?.code;
  const content = {
    documentId: doc.documentId,
    title: doc.title,
    digest: doc.digest,
    brand: doc.brandColumn?.name ?? '',
    department: doc.department?.name ?? '',
    hotline: doc.department?.hotline?.trim() || GOVERNMENT_HOTLINE,
    keyPoints: doc.keyPoints.map((k) => ({ heading: k.heading, text: k.text })),
    qa: doc.qa.map((q) => ({ question: q.question, answer: q.answer })),
    basis: doc.basis.map(basisLine),
    url: site ? `${ctx.publicUrl}${pagePath(doc, site)}` : ctx.publicUrl,
    dateLabel: chineseDate(ctx.revisedOn),
  };
  return { ...content, revision: createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 8) };
}

/** The footer line every page carries: who answers questions, when it was printed, which revision. */
export const contactLine = (c: PrintContent) => `${c.department ? `解读部门：${c.department}　` : ''}咨询电话：${c.hotline}`;
export const revisionLine = (c: PrintContent) => `印发日期：${c.dateLabel}　版本：${c.revision}`;

/** Every text of the content that is printed (to make its fonts ready). */
export const printedTexts = (c: PrintContent): string[] => [
  c.title, c.digest, c.brand, c.department, c.hotline, ...c.keyPoints.flatMap((k) => [k.heading, k.text]), ...c.qa.flatMap((q) => [q.question, q.answer]), ...c.basis,
];

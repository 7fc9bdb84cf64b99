import type { PublishedDocument } from '@tongyuan/channels';
import type { NormsMatcher, NormFinding } from './matcher';

/** A text an author wrote and where it sits (the CMS field path, as the panel names fields). */
export interface AuthoredText { field: string; label: string; text: string }

/**
 * Every text a channel shows comes from these fields: pages, feeds and packages carry them, images
 * draw the title and key points, subtitles and narration read the key points, Q&A and overrides.
 * Checking each once here checks them on every channel; a channel's override is checked as that
 * channel's own text.
 */
export function authoredTexts(doc: PublishedDocument): AuthoredText[] {
  const out: AuthoredText[] = [{ field: 'title', label: '标题', text: doc.title }];
  if (doc.kind === 'interpretation') {
    out.push({ field: 'digest', label: '摘要', text: doc.digest }, { field: 'body', label: '正文', text: doc.body });
    doc.keyPoints.forEach((k, i) => out.push(
      { field: `keyPoints.${i}.heading`, label: `要点 ${i + 1} 标题`, text: k.heading },
      { field: `keyPoints.${i}.text`, label: `要点 ${i + 1}`, text: k.text },
    ));
    doc.qa.forEach((q, i) => out.push(
      { field: `qa.${i}.question`, label: `问答 ${i + 1} 问题`, text: q.question },
      { field: `qa.${i}.answer`, label: `问答 ${i + 1} 回答`, text: q.answer },
    ));
    doc.overrides.forEach((o, i) => {
      for (const key of ['title', 'digest', 'text', 'narration'] as const) {
        out.push({ field: `overrides.${i}.${key}`, label: `${o.channel} 渠道定制`, text: o[key] });
      }
    });
  } else {
    out.push({ field: 'fullText', label: '全文', text: doc.fullText });
    doc.clauses.forEach((c, i) => out.push({ field: `clauses.${i}.text`, label: `第 ${i + 1} 条`, text: c.text }));
  }
  return out.filter((t) => t.text);
}

export interface PlacedFinding extends NormFinding { field: string; label: string }

/** Every norms finding in a document, with the field it is in: what the panel lists and the one-click fix replaces. */
export function checkDocument(matcher: NormsMatcher, doc: PublishedDocument): PlacedFinding[] {
  return authoredTexts(doc).flatMap((t) => matcher.check(t.text).map((f) => ({ ...f, field: t.field, label: t.label })));
}

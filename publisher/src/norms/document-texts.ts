import type { PublishedDocument } from '@tongyuan/channels';
import { authoredTexts, type AuthoredText } from '@tongyuan/document';
import type { NormsMatcher, NormFinding } from './matcher';

export type { AuthoredText } from '@tongyuan/document';

/** A norms finding in one authored text: its field (the CMS's path, keyPoints.0.text), the field's name and the sentence around it. */
export interface PlacedFinding extends NormFinding {
  field: string; label: string;
  /** The sentence the finding is in, before and after the wrong form, for the panel to show it highlighted. */
  before: string; after: string;
}

/** How much of the sentence either side of a finding the panel shows. */
const CONTEXT = 30;
const SENTENCE_END = /[。！？；!?;\n]/;

/** The sentence around [start, end) of a text, cut to CONTEXT characters either side. */
export function sentenceAround(text: string, start: number, end: number): { before: string; after: string } {
  let from = start;
  while (from > 0 && start - from < CONTEXT && !SENTENCE_END.test(text[from - 1])) from -= 1;
  let to = end;
  while (to < text.length && to - end < CONTEXT && !SENTENCE_END.test(text[to])) to += 1;
  if (to < text.length && SENTENCE_END.test(text[to])) to += 1;
  return { before: `${from > 0 && !SENTENCE_END.test(text[from - 1]) ? '…' : ''}${text.slice(from, start)}`, after: text.slice(end, to).trimEnd() };
}

/** Every norms finding in a set of authored texts, with the field it is in. */
export function checkTexts(matcher: NormsMatcher, texts: AuthoredText[]): PlacedFinding[] {
  return texts.flatMap((t) => matcher.check(t.text).map((f) => ({ ...f, field: t.field, label: t.label, ...sentenceAround(t.text, f.start, f.end) })));
}

/** Every norms finding in a document, with the field it is in: what the panel lists and the one-click fix replaces. */
export function checkDocument(matcher: NormsMatcher, doc: PublishedDocument): PlacedFinding[] {
  return checkTexts(matcher, authoredTexts(doc.kind, doc));
}

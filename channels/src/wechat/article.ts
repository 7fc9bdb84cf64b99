import { wechatTemplates } from '@tongyuan/templates';
import type { Interpretation, OpenEvent } from '../document/types';
import { eventFacts } from '../text/event-facts';
import { richText, sanitizedFor } from '../text/contract';

/**
 * The WeChat article body, as the text contract says (text/contract.ts): plain fields escaped by the
 * template, the author's body through WeChat's body allow-list, the whole through WeChat's allow-list.
 */

export interface ArticleParts { digest: string; department: string; hotline: string; basis: string[]; explainers: string[] }

export function articleHtml(doc: Interpretation | OpenEvent, parts: ArticleParts, maxCharacters: number): { html: string; truncated: boolean } {
  // An event's article opens with its facts (when, where, who, how to take part); an interpretation's with its key points.
  const fill = (bodyHtml: string, truncated: boolean) => sanitizedFor('wechat', wechatTemplates.article({
    ...parts, truncated, bodyHtml,
    facts: doc.kind === 'event' ? eventFacts(doc).filter((f) => f.key !== 'department') : [],
    keyPoints: doc.kind === 'event' ? [] : doc.keyPoints.map((k, i) => ({ number: i + 1, heading: k.heading, text: k.text })),
    qa: doc.kind === 'event' ? [] : doc.qa,
  }));
  const body = richText('wechat', doc.body);
  let html = fill(body, false);
  if ([...html].length <= maxCharacters) return { html, truncated: false };
  // Too long for one article: the author's body is cut at a paragraph end; readers follow 阅读原文.
  const paragraphs = body.split(/(?<=<\/(?:p|ul|ol|table|blockquote|h2|h3|h4)>)/);
  while (paragraphs.length > 0) {
    paragraphs.pop();
    html = fill(paragraphs.join(''), true);
    if ([...html].length <= maxCharacters) return { html, truncated: true };
  }
  return { html, truncated: true };
}

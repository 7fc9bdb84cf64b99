import { wechatTemplates } from '@tongyuan/templates';
import type { Interpretation } from '../document/types';
import { richText, sanitizedFor } from '../text/contract';

/**
 * The WeChat article body, as the text contract says (text/contract.ts): plain fields escaped by the
 * template, the author's body through WeChat's body allow-list, the whole through WeChat's allow-list.
 */

export interface ArticleParts { digest: string; department: string; hotline: string; basis: string[]; explainers: string[] }

export function articleHtml(doc: Interpretation, parts: ArticleParts, maxCharacters: number): { html: string; truncated: boolean } {
  const fill = (bodyHtml: string, truncated: boolean) => sanitizedFor('wechat', wechatTemplates.article({
    ...parts, truncated, bodyHtml,
    keyPoints: doc.keyPoints.map((k, i) => ({ number: i + 1, heading: k.heading, text: k.text })),
    qa: doc.qa,
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

import { wechatTemplates } from '@tongyuan/templates';
import sanitizeHtml from 'sanitize-html';
import type { Interpretation } from '../document/types';
import { markdownToHtml, type AllowList } from '../text/rich-text';

/**
 * The WeChat article body. The platform keeps only inline styles and refuses scripts, style
 * sheets, forms, frames and outside resources, so the whole body is sanitized by this allow-list
 * at the end: tags and a few style properties with checked values; images only from the package.
 */
const COLOR = [/^#[0-9a-fA-F]{3,6}$/];
const LENGTH = [/^\d{1,3}(\.\d+)?(px|em|%)?$/];
const BOX = [/^(\d{1,3}(px|em|%)?\s*){1,4}$/];
export const WECHAT_ALLOW_LIST: AllowList = {
  allowedTags: ['section', 'p', 'br', 'strong', 'em', 'b', 'i', 'u', 's', 'span', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'img'],
  allowedAttributes: { '*': ['style'], img: ['src', 'alt'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedStyles: {
    '*': {
      color: COLOR, 'background-color': COLOR, 'font-size': LENGTH, 'line-height': LENGTH, 'font-weight': [/^(bold|normal|[1-9]00)$/],
      'text-align': [/^(left|center|right|justify)$/], margin: BOX, padding: BOX,
    },
  },
  // Package-relative images only ("images/…"): no scheme, no host, nothing fetched from outside.
  allowedSchemes: [],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^images\/[A-Za-z0-9._-]+$/.test(frame.attribs.src ?? ''),
  disallowedTagsMode: 'discard',
  transformTags: { h1: 'h2', a: 'span', div: 'p' },
};

/** The author's body: links become text (WeChat allows no outside links), outside images are dropped. */
const BODY_ALLOW_LIST: AllowList = { ...WECHAT_ALLOW_LIST, allowedAttributes: { td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] } };

export interface ArticleParts { digest: string; department: string; hotline: string; basis: string[]; explainers: string[] }

export function articleHtml(doc: Interpretation, parts: ArticleParts, maxCharacters: number): { html: string; truncated: boolean } {
  const fill = (bodyHtml: string, truncated: boolean) => sanitizeHtml(wechatTemplates.article({
    ...parts, truncated, bodyHtml,
    keyPoints: doc.keyPoints.map((k, i) => ({ number: i + 1, heading: k.heading, text: k.text })),
    qa: doc.qa,
  }), WECHAT_ALLOW_LIST).trim();
  const body = markdownToHtml(doc.body, BODY_ALLOW_LIST);
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

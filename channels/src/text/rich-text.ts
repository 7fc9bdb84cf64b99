import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Authors write Markdown (which may carry raw HTML). Every channel turns it into HTML and then
 * sanitizes it with its own allow-list: scripts, event handlers, styles and javascript: URLs
 * never reach an output.
 */
const markdown = new Marked({ gfm: true, breaks: false, async: false });

export type AllowList = sanitizeHtml.IOptions;

/** Portal pages and feed content: structure, links and images, no styling of their own. */
export const WEB_ALLOW_LIST: AllowList = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 's', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'hr'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], th: ['scope'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Images stay only as far as the channel can store them (text/body-images.ts): a government page never makes
  // readers' browsers call the CMS or a third party.
  // Headings inside an article start below the page's own h1.
  transformTags: { h1: 'h2' },
};

export function markdownToHtml(source: string, allowList: AllowList): string {
  const html = markdown.parse(source ?? '') as string;
  return sanitizeHtml(html, allowList).trim();
}

/** Plain text of Markdown (for summaries, counters and feeds' text fields). */
export function markdownToText(source: string): string {
  return sanitizeHtml(markdown.parse(source ?? '') as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Characters as people count them: 𠮷 and 📢 are one each, not two UTF-16 units. */
export function characterCount(text: string): number {
  return [...text].length;
}

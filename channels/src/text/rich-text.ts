import { Marked } from 'marked';
import { loadSanitizeHtml } from '../media/libraries';
import type { AllowList } from './contract-allow-lists';

/**
 * Authors write Markdown (which may carry raw HTML). Every channel turns it into HTML and then
 * sanitizes it with its own allow-list: scripts, event handlers, styles and javascript: URLs
 * never reach an output.
 */
const markdown = new Marked({ gfm: true, breaks: false, async: false });

export { WEB_ALLOW_LIST, type AllowList } from './contract-allow-lists';

export function markdownToHtml(source: string, allowList: AllowList): string {
  const html = markdown.parse(source ?? '') as string;
  return loadSanitizeHtml()(html, allowList).trim();
}

/** Plain text of Markdown (for summaries, counters and feeds' text fields). */
export function markdownToText(source: string): string {
  return loadSanitizeHtml()(markdown.parse(source ?? '') as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Characters as people count them: 𠮷 and 📢 are one each, not two UTF-16 units. */
export function characterCount(text: string): number {
  return [...text].length;
}

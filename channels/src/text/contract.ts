import { escapeHtml } from '@tongyuan/templates';
import type { ChannelCode } from '../document/types';
import { loadSanitizeHtml } from '../media/libraries';
import { KIOSK_ALLOW_LIST, WEB_ALLOW_LIST, WECHAT_ALLOW_LIST, WECHAT_BODY_ALLOW_LIST, type AllowList } from './contract-allow-lists';
import { characterCount, markdownToHtml } from './rich-text';

/**
 * The text-to-channel contract: for every channel, what becomes of each field an author fills.
 * Plain text (titles, digests, key points, names…) is never markup: where it lands in HTML or XML
 * it is escaped, so an ordinary "<" or "&" keeps its meaning and a "<script>" is shown, not run.
 * Rich text (the body, a policy's full text) is Markdown that may carry HTML: it goes through the
 * channel's allow-list. Renderers take their allow-lists and escaping from here; the generated-input
 * suite (test/channels/generated-input.test.ts) reads the same table to know what to check.
 */
export type Treatment =
  /** Plain text written into HTML or XML escaped (the templates' {{ }}, escapeHtml, the feed library's text nodes). */
  | 'escaped'
  /** Author's rich text: Markdown to HTML, then the channel's allow-list (sanitize-html). */
  | 'sanitized'
  /** Plain text in a JSON package for an operator or app to show as text; limits counted in code points. */
  | 'text'
  /** Pixels: glyph outlines drawn with the bundled fonts (media/glyphs.ts); nothing is parsed. */
  | 'drawn'
  /** A subtitle cue: SRT as plain text, WebVTT escaped (cue text there is markup). */
  | 'cue';

export interface ChannelText {
  /** The allow-list for the channel's HTML (null: the channel writes no HTML). */
  allowList: AllowList | null;
  /** Document fields and how each reaches readers on this channel. */
  fields: Record<string, Treatment[]>;
  /**
   * Output fields held to a platform limit, all counted in code points (𠮷 and 📢 count one each):
   * output field → the name of the limit in the channel's own table (WECHAT_LIMITS, WEIBO_LIMITS).
   */
  counted?: Record<string, string>;
}

const PLAIN_PAGE_FIELDS = ['title', 'digest', 'keyPoints', 'qa', 'department', 'interpreters', 'brandColumn', 'basis', 'documentNumber', 'clauses', 'issuingDepartment', 'lists', 'sites'];
const each = (names: string[], treatments: Treatment[]) => Object.fromEntries(names.map((n) => [n, treatments]));
const VIDEO: ChannelText = {
  allowList: null,
  fields: { ...each(['title', 'keyPoints', 'qa', 'department', 'brandColumn'], ['drawn', 'cue']), ...each(['digest', 'body'], ['drawn', 'cue']) },
};

export const TEXT_CONTRACT: Record<ChannelCode, ChannelText> = {
  web: { allowList: WEB_ALLOW_LIST, fields: { ...each(PLAIN_PAGE_FIELDS, ['escaped']), body: ['sanitized'], fullText: ['sanitized'] } },
  // Each format's entry fields: see FEED_FIELDS below.
  feeds: { allowList: WEB_ALLOW_LIST, fields: { title: ['escaped', 'text'], digest: ['escaped', 'text'], ...each(['keyPoints', 'qa', 'clauses', 'department', 'tags'], ['escaped']), body: ['sanitized'] } },
  wechat: {
    allowList: WECHAT_ALLOW_LIST,
    fields: { title: ['text', 'drawn'], digest: ['text', 'escaped'], interpreters: ['text'], ...each(['keyPoints', 'qa', 'department', 'basis'], ['escaped', 'drawn']), body: ['sanitized'] },
    counted: { title: 'title', digest: 'digest', author: 'author' },
  },
  weibo: { allowList: null, fields: { ...each(['title', 'digest', 'keyPoints'], ['text', 'drawn']), body: ['text'], qa: ['drawn'] }, counted: { text: 'post', lead: 'lead' } },
  kiosk: { allowList: KIOSK_ALLOW_LIST, fields: { ...each(['title', 'digest', 'keyPoints', 'qa', 'department', 'basis'], ['escaped', 'drawn']), body: ['sanitized'] } },
  cinema: VIDEO,
  'short-video': VIDEO,
  // Read by the publisher's own pages (finder), which escape every field and sanitize the full text with the web list.
  'policy-match': { allowList: WEB_ALLOW_LIST, fields: { ...each(['title', 'items', 'documentNumber'], ['text']), fullText: ['text'] } },
  // PDF text set with the bundled fonts (print/pdf.ts): nothing in it is parsed, characters neither font has are refused.
  print: { allowList: null, fields: each(['title', 'digest', 'keyPoints', 'qa', 'department', 'brandColumn', 'basis'], ['drawn']) },
  // Spoken (the transcript is WebVTT cues); the podcast feed writes its texts in CDATA, the page escapes them.
  audio: { allowList: null, fields: { ...each(['title', 'keyPoints', 'qa', 'department', 'brandColumn'], ['cue', 'escaped']), digest: ['escaped'] } },
  // The cinema segment's frames (drawn) behind a drawn slate; the ticker line is plain text (tv/ticker.ts), the station page escapes it.
  tv: { allowList: null, fields: { ...each(['keyPoints', 'qa', 'brandColumn', 'basis'], ['drawn']), ...each(['title', 'department'], ['drawn', 'escaped', 'text']) } },
};

/** The author's rich text as a channel may show it. WeChat's author part keeps no styles and no links. */
export function richText(channel: 'web' | 'feeds' | 'kiosk' | 'wechat', markdown: string): string {
  return markdownToHtml(markdown, channel === 'wechat' ? WECHAT_BODY_ALLOW_LIST : TEXT_CONTRACT[channel].allowList!);
}

/** A whole assembled piece of HTML (template and body) through the channel's allow-list once more. */
export function sanitizedFor(channel: 'web' | 'feeds' | 'kiosk' | 'wechat', html: string): string {
  return loadSanitizeHtml()(html, TEXT_CONTRACT[channel].allowList!).trim();
}

/** Plain text as HTML text: `<` stays a less-than sign, "<script>" is shown, not run. */
export const htmlText = (text: string): string => escapeHtml(text);

/** Characters as people count them, the unit of every platform limit. */
export const codePoints = characterCount;

/**
 * Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates,
 * U+FFFE/U+FFFF): one of them makes a whole feed unreadable, so they are left out of feed text.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (text: string): string => text.replace(NOT_XML, '');

/** How a feed format carries each entry field: RSS and Atom readers render title and summary as HTML; JSON Feed's are text. */
export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FIELDS: Record<FeedFormat, { title: Treatment; summary: Treatment; content: Treatment; author: Treatment; tags: Treatment }> = {
  rss: { title: 'escaped', summary: 'escaped', content: 'sanitized', author: 'text', tags: 'text' },
  atom: { title: 'escaped', summary: 'escaped', content: 'sanitized', author: 'text', tags: 'text' },
  json: { title: 'text', summary: 'text', content: 'sanitized', author: 'text', tags: 'text' },
};

/** A feed entry's plain text field as the format carries it (the feed library then writes it as XML or JSON). */
export function feedText(format: FeedFormat, field: 'title' | 'summary' | 'author' | 'tags', text: string): string {
  const safe = xmlSafe(text);
  return FEED_FIELDS[format][field] === 'escaped' ? htmlText(safe) : safe;
}

/** A feed entry's HTML: the page's allow-list, whatever stored payload it comes from. */
export const feedHtml = (html: string): string => sanitizedFor('feeds', xmlSafe(html));

/**
 * Cue text for SRT or WebVTT. A blank line would end the cue and "-->" reads as a timing line:
 * WebVTT escapes & < > (its cue text is markup), SRT has no escapes, so "-->" becomes "->" there.
 */
export function cueText(format: 'srt' | 'vtt', text: string): string {
  const oneBlock = text.replace(/\r\n?/g, '\n').replace(/\n\s*\n/g, '\n').trim();
  return format === 'vtt' ? oneBlock.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : oneBlock.replace(/-->/g, '->');
}

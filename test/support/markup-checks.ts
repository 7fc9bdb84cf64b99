import { Readable } from 'node:stream';
import { extractFromJson } from '@extractus/feed-extractor';
import FeedParser from 'feedparser';
import { Parser as Htmlparser2 } from 'htmlparser2';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import RssParser from 'rss-parser';

/**
 * What in markup would run or fetch, found by two independent HTML parsers (htmlparser2 and the
 * WHATWG parser parse5): elements that run or load, event handlers, script URLs, CSS that loads or
 * covers the page, and resources from anywhere but the channel's own files. Markup an author typed,
 * shown as text (escaped), is harmless and expected.
 */
const RUNS = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'form', 'link', 'meta', 'base', 'template', 'portal']);
const URL_ATTRIBUTES = /^(href|src|action|formaction|xlink:href|poster|srcset|data|background|lowsrc|dynsrc|ping|codebase|cite)$/i;
const LOADS = /^(src|srcset|poster|data|background|lowsrc|dynsrc)$/i;

export interface DangerOptions {
  /** Elements the channel draws itself (a QR code's <svg>). */
  allowTags?: string[];
  /** Where a rendition's own files live: resources from here (or relative) are fine. */
  ownOrigin?: string;
}

function attributeDangers(tag: string, name: string, value: string, options: DangerOptions): string[] {
  const found: string[] = [];
  // Browsers drop whitespace and controls inside a scheme ("jav&#x09;ascript:").
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const squeezed = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  if (/^on/i.test(name)) found.push(`${tag}[${name}]`);
  if (URL_ATTRIBUTES.test(name) && /^(javascript|vbscript|data|livescript):/.test(squeezed)) found.push(`${tag}[${name}=${value.slice(0, 40)}]`);
  if (LOADS.test(name) && /^(\/\/|[a-z][a-z0-9+.-]*:)/.test(squeezed) && !(options.ownOrigin && value.startsWith(`${options.ownOrigin}/`))) found.push(`${tag}[${name}→outside:${value.slice(0, 40)}]`);
  if (name === 'style' && /url\(|expression\(|@import|position:fixed|behavior:/.test(squeezed)) found.push(`${tag}[style=${value.slice(0, 40)}]`);
  return found;
}

function withHtmlparser2(markup: string, options: DangerOptions): string[] {
  const found: string[] = [];
  const allowed = new Set(options.allowTags ?? []);
  const parser = new Htmlparser2({
    onopentag(name, attributes) {
      if (RUNS.has(name) && !allowed.has(name)) found.push(`<${name}>`);
      for (const [attribute, value] of Object.entries(attributes)) found.push(...attributeDangers(name, attribute.toLowerCase(), value, options));
    },
  }, { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true, recognizeCDATA: false });
  parser.write(markup);
  parser.end();
  return found;
}

type Node = DefaultTreeAdapterMap['node'];
function withParse5(markup: string, options: DangerOptions): string[] {
  const found: string[] = [];
  const allowed = new Set(options.allowTags ?? []);
  const walk = (node: Node) => {
    if ('tagName' in node) {
      if (RUNS.has(node.tagName) && !allowed.has(node.tagName)) found.push(`<${node.tagName}>`);
      for (const { name, value } of node.attrs) found.push(...attributeDangers(node.tagName, name.toLowerCase(), value, options));
      if (node.tagName === 'template' && 'content' in node) walk((node as DefaultTreeAdapterMap['template']).content);
    }
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
  };
  walk(parseFragment(markup));
  return found;
}

/** Every danger either parser sees, named with the parser that saw it. */
export function dangersIn(markup: string, options: DangerOptions = {}): string[] {
  return [...withHtmlparser2(markup, options).map((d) => `htmlparser2 ${d}`), ...withParse5(markup, options).map((d) => `parse5 ${d}`)];
}

/** What an HTML field says as text, the way a reader that renders it shows it (entities decoded, tags gone). */
export function textOfHtml(html: string): string {
  let text = '';
  const parser = new Htmlparser2({ ontext: (t) => { text += t; } }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return text;
}

export interface ParsedEntry { title: string; summary: string; content: string }

/** An element's text as xml2js gives it: a string, or { _: text, $: attributes } for an element with attributes. */
const textOf = (value: unknown): string => (value && typeof value === 'object' ? String((value as { _?: unknown })._ ?? '') : String(value ?? ''));

/** RSS or Atom by rss-parser (xml2js). */
export async function readWithRssParser(xml: string): Promise<ParsedEntry[]> {
  const feed = await new RssParser().parseString(xml);
  return feed.items.map((item: Record<string, unknown>) => ({
    title: textOf(item.title),
    summary: textOf(item.summary ?? (item['content:encoded'] !== undefined ? item.content : '')),
    content: textOf(item['content:encoded'] ?? item.content),
  }));
}

/** RSS or Atom by feedparser (node-feedparser, its own RSS/Atom model). */
export function readWithFeedparser(xml: string): Promise<ParsedEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: ParsedEntry[] = [];
    const parser = new FeedParser({ normalize: true, addmeta: false });
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) entries.push({ title: item.title ?? '', summary: item.summary ?? '', content: item.description ?? '' });
    });
    parser.on('end', () => resolve(entries));
    Readable.from([xml]).pipe(parser);
  });
}

/** JSON Feed 1.1 read as JSON, and by @extractus/feed-extractor. */
export function readJsonFeed(json: string): { raw: ParsedEntry[]; extracted: ParsedEntry[] } {
  const feed = JSON.parse(json) as { items: Array<{ title?: string; summary?: string; content_html?: string }> };
  const raw = feed.items.map((i) => ({ title: i.title ?? '', summary: i.summary ?? '', content: i.content_html ?? '' }));
  const extracted = (extractFromJson(JSON.parse(json), { normalization: false }) as { items: Array<Record<string, string>> }).items
    .map((i) => ({ title: i.title ?? '', summary: i.summary ?? '', content: i.content_html ?? '' }));
  return { raw, extracted };
}

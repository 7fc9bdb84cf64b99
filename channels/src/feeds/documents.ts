import { Feed } from 'feed';
import { feedHtml, feedText, xmlSafe, type FeedFormat } from '../text/contract';

export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export interface FeedHead {
  id: string;
  title: string;
  description: string;
  link: string;
  copyright: string;
  updated: Date;
  feedLinks: Record<FeedFormat, string>;
}

/** One entry as the publisher has it: plain text, and HTML content (escaped, or sanitized by the channel). */
export interface FeedEntry {
  id: string;
  title: string;
  link: string;
  summary: string;
  contentHtml: string;
  date: Date;
  published?: Date;
  author?: string | null;
  tags: string[];
}

/** What the feeds channel renders for one document (its rendition's payload). */
export interface FeedPayload {
  id: string;
  title: string;
  summary: string;
  contentHtml: string;
  tags: string[];
  author: string | null;
  links: Record<string, string>;
  columns: string[];
  lists: unknown[];
  validTo?: string | null;
}

/**
 * A live rendition as an entry of a site's feed. A document no longer in force stays in the feed,
 * marked in its title (【已失效】…), so readers who saw it learn that it ended.
 */
export function feedEntryOf(payload: FeedPayload, site: string, live: { updatedAt: string | Date; publishedAt: string | Date; validity: string }): FeedEntry {
  return {
    id: payload.id, title: live.validity === '现行有效' ? payload.title : `【${live.validity}】${payload.title}`,
    link: payload.links[site] ?? Object.values(payload.links)[0],
    summary: payload.summary ?? '', contentHtml: payload.contentHtml ?? '', date: new Date(live.updatedAt), published: new Date(live.publishedAt),
    author: payload.author, tags: payload.tags ?? [],
  };
}

/**
 * A feed document (RSS 2.0, Atom 1.0, JSON Feed 1.1) written by the `feed` library, each field
 * carried as the text contract says for the format: RSS and Atom titles and summaries are HTML
 * (the library puts them in CDATA, and Atom marks them type="html"), so plain text goes in escaped;
 * JSON Feed's are text; content is HTML through the portal's allow-list either way.
 */
export function feedDocument(format: FeedFormat, head: FeedHead, entries: FeedEntry[]): string {
  // RSS readers take a channel's title and description as HTML like an item's; Atom's and JSON's are text.
  const headText = (text: string) => (format === 'rss' ? feedText('rss', 'title', text) : xmlSafe(text));
  const feed = new Feed({
    id: head.id, title: headText(head.title), description: headText(head.description), link: head.link,
    language: 'zh-CN', copyright: xmlSafe(head.copyright), updated: head.updated, feedLinks: head.feedLinks,
  });
  for (const entry of entries) {
    feed.addItem({
      id: entry.id, guid: entry.id, link: entry.link, date: entry.date, published: entry.published,
      title: feedText(format, 'title', entry.title),
      description: feedText(format, 'summary', entry.summary) || undefined,
      content: feedHtml(entry.contentHtml),
      author: entry.author ? [{ name: feedText(format, 'author', entry.author) }] : undefined,
      category: entry.tags.map((tag) => categoryOf(format, tag)),
    });
  }
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  return toJsonFeed11(feed.json1());
}

/**
 * Atom writes a category as attributes, where the library escapes only quotes: & < > go in as
 * references. Atom requires `term`; the label is what readers show.
 */
function categoryOf(format: FeedFormat, tag: string) {
  const text = feedText(format, 'tags', tag);
  if (format !== 'atom') return { name: text };
  const attribute = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return { name: attribute, term: attribute };
}

/**
 * The `feed` library writes JSON Feed 1.0; 1.1 renames `author` to `authors` (a list) and adds
 * `language`. Everything else is the library's output as is.
 */
function toJsonFeed11(json1: string): string {
  const feed = JSON.parse(json1);
  const authors = (author: unknown) => (author ? { authors: [author] } : {});
  const { author, items, ...rest } = feed;
  return JSON.stringify({
    ...rest,
    version: 'https://jsonfeed.org/version/1.1',
    language: 'zh-CN',
    ...authors(author),
    items: (items ?? []).map(({ author: itemAuthor, ...item }: Record<string, unknown>) => ({ ...item, ...authors(itemAuthor) })),
  }, null, 2);
}

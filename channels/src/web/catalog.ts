import type { PublishedDocument } from '../document/types';

/** The uniform catalog every site shares (CHANNELS.md): one list of columns, same order everywhere. */
export const COLUMNS = [
  { code: 'policies', name: '政策文件' },
  { code: 'interpretations', name: '政策解读' },
  { code: 'images', name: '图片解读' },
  { code: 'videos', name: '视频解读' },
  { code: 'qa', name: '政策问答' },
  /** 在线访谈's archive: interviews (format 访谈), newest first. */
  { code: 'interviews', name: '往期回顾' },
] as const;
export type ColumnCode = (typeof COLUMNS)[number]['code'];

/** 开放活动 are listed beside the catalog, not in it: each site's events calendar, with its own feeds and iCalendar file. */
export const EVENTS_COLUMN = { code: 'events', name: '开放活动' } as const;

export const columnName = (code: string) => COLUMNS.find((c) => c.code === code)?.name ?? (code === EVENTS_COLUMN.code ? EVENTS_COLUMN.name : code);
export const isColumn = (code: string): code is ColumnCode => COLUMNS.some((c) => c.code === code);

const VIDEO_FORMATS = new Set(['animation', 'sketch', 'interview']);

/** Which columns a document is listed in. */
export function columnsOf(doc: PublishedDocument): ColumnCode[] {
  if (doc.kind === 'policy-document') return ['policies'];
  if (doc.kind === 'event') return [];
  const columns: ColumnCode[] = ['interpretations'];
  if (doc.format === 'explainer_image') columns.push('images');
  if (doc.format === 'interview') columns.push('interviews');
  if (VIDEO_FORMATS.has(doc.format) || doc.channels.includes('cinema') || doc.channels.includes('short-video')) columns.push('videos');
  if (doc.format === 'qa' || doc.qa.length >= 3) columns.push('qa');
  return columns;
}

/** Site channels (web, feeds) take every policy document that has sites, and interpretations and events that target them. */
export function targetsSiteChannel(doc: PublishedDocument, channel: 'web' | 'feeds'): boolean {
  return doc.kind === 'policy-document' ? doc.sites.length > 0 : doc.channels.includes(channel);
}

/**
 * A 政策清单 is listed like a column of its own on every site of its documents: `list-<code>`,
 * a prefix no column has, so list pages and feeds come from the same listings.
 */
export const listColumn = (listCode: string) => `list-${listCode}`;
export const listCodeOf = (column: string): string | null => (/^list-[a-z0-9][a-z0-9-]*$/.test(column) ? column.slice(5) : null);

/** Where a document is listed: every one of its sites, in every one of its columns and lists. */
export function siteListings(doc: PublishedDocument): Array<{ site: string; siteName: string; column: string }> {
  const columns: string[] = doc.kind === 'event'
    ? [EVENTS_COLUMN.code]
    : [...columnsOf(doc), ...(doc.kind === 'policy-document' ? doc.lists.map((l) => listColumn(l.code)) : [])];
  return doc.sites.flatMap((site) => columns.map((column) => ({ site: site.code, siteName: site.name, column })));
}

/** A document's page path on a site; interpretations and events by slug (readable), policies by id (stable). */
export function pagePath(doc: PublishedDocument, site: string): string {
  if (doc.kind === 'event') return `/sites/${site}/events/${encodeURIComponent(doc.slug)}.html`;
  return doc.kind === 'interpretation'
    ? `/sites/${site}/interpretations/${encodeURIComponent(doc.slug)}.html`
    : `/sites/${site}/policies/${doc.documentId}.html`;
}

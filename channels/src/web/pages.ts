import { webTemplates } from '@tongyuan/templates';
import { LRUCache } from 'lru-cache';
import { fallbackFileName, fallbackFontFaceCss } from '../media/fallback-faces';
import type { ValidityStatus } from '../document/types';
import { COLUMNS, columnName, EVENTS_COLUMN, listCodeOf } from './catalog';

// The video a 视频解读 page plays is added when served, like validity (this module is what pages export).
export { PAGE_VIDEO_CHANNELS, withVideo, type PageVideo, type PageVideoChannel } from './video';

/**
 * Whole pages for a site, assembled when served from live renditions: the site's chrome around
 * an article fragment, the index and the column lists. Pure functions of their inputs.
 */
export interface SiteInfo { code: string; name: string }
export interface ListedItem { title: string; href: string; publishedAt: string; summary?: string; label?: string; validity?: ValidityStatus }

const dateOf = (iso: string) => iso.slice(0, 10);
const feedLinks = (site: string, column: string, name: string) => [
  { type: 'application/rss+xml', title: `${name}（RSS）`, href: `/feeds/${site}/${column}.rss` },
  { type: 'application/atom+xml', title: `${name}（Atom）`, href: `/feeds/${site}/${column}.atom` },
  { type: 'application/feed+json', title: `${name}（JSON Feed）`, href: `/feeds/${site}/${column}.json` },
];

export function renderSitePage(site: SiteInfo, page: Framed & { content: string }): string {
  const frame = frameOf(site, page);
  return frame ? `${frame.head}${rareFacesOf(site, page)}${frame.middle}${page.content}${frame.tail}` : renderSitePageWhole(site, page);
}

/** The same page with the layout rendered around it anew (no kept frame): what renderSitePage must equal. */
export function renderSitePageWhole(site: SiteInfo, page: Framed & { content: string }): string {
  return layout(site, page, webTemplates.css + rareFacesOf(site, page), page.content);
}

/** 生僻字 readers' fonts lack come from the publisher, cut to this page's characters (site.css names "TY Rare" last). */
const rareFacesOf = (site: SiteInfo, page: { title: string; content: string }) =>
  fallbackFontFaceCss(`${site.name}${page.title}${page.content}`, 'TY Rare', (face) => `/assets/fonts/rare/${fallbackFileName(face.codePoints)}`, [400]);

type Framed = { title: string; description?: string; column?: string; columnName?: string };
function layout(site: SiteInfo, page: Framed, css: string, content: string): string {
  return webTemplates.layout({
    site: site.code,
    siteName: site.name,
    pageTitle: page.title,
    description: page.description,
    css,
    content,
    columns: [
      ...[...COLUMNS, LISTS_NAV].map((c) => ({
        ...c, href: `/sites/${site.code}/${c.code}/`, current: c.code === page.column || (c === LISTS_NAV && !!page.column && listCodeOf(page.column) !== null),
      })),
      { ...EVENTS_COLUMN, href: `/sites/${site.code}/${EVENTS_COLUMN.code}/`, current: page.column === EVENTS_COLUMN.code },
      { code: 'policy-finder', name: '政策找人', href: `/policy-finder/?site=${encodeURIComponent(site.code)}`, current: false },
      { code: 'ask', name: '我要咨询', href: `/sites/${site.code}/ask`, current: page.column === 'ask' },
    ],
    // Columns and 政策清单 have feeds; the lists index and the question form do not.
    feeds: page.column && page.column !== LISTS_NAV.code && page.column !== 'ask' ? feedLinks(site.code, page.column, `${site.name} · ${page.columnName ?? columnName(page.column)}`) : [],
  });
}

/**
 * The layout around a page's content, made once per site, title and column and kept: a household's lookup or a
 * question's receipt renders only its own part (the frame was a tenth of a lookup's time). The slots are marked
 * with control characters; a title that carries a marker itself gets no kept frame (null: rendered whole).
 */
const CSS_SLOT = '\u0000rare-faces\u0000';
const CONTENT_SLOT = '\u0000content\u0000';
type Frame = { head: string; middle: string; tail: string };
const frames = new LRUCache<string, Frame | false>({ max: 2000 });
function frameOf(site: SiteInfo, page: Framed): Frame | null {
  const key = JSON.stringify([site.code, site.name, page.title, page.description, page.column, page.columnName]);
  let frame = frames.get(key);
  if (frame === undefined) {
    const [head, ...rest] = layout(site, page, webTemplates.css + CSS_SLOT, CONTENT_SLOT).split(CSS_SLOT);
    const parts = rest.length === 1 ? [head, ...rest[0].split(CONTENT_SLOT)] : [];
    frame = parts.length === 3 ? { head: parts[0], middle: parts[1], tail: parts[2] } : false;
    frames.set(key, frame);
  }
  return frame || null;
}

/** 政策清单 in every site's navigation, beside the columns: the lists page says when a site has none. */
const LISTS_NAV = { code: 'lists', name: '政策清单' } as const;

export function renderSiteIndex(site: SiteInfo, sections: Array<{ column: string; items: ListedItem[] }>): string {
  const content = webTemplates.index({
    site: site.code,
    siteName: site.name,
    sections: sections.map((s) => ({
      code: s.column,
      name: columnName(s.column),
      items: s.items.map(listedForTemplate),
    })),
  });
  return renderSitePage(site, { title: '首页', content });
}

/** A column's list, or a 政策清单's (`named` gives its name, description and path). */
export function renderColumnList(
  site: SiteInfo,
  column: string,
  list: { items: ListedItem[]; page: number; pageSize: number; total: number },
  named?: { name: string; description: string; path: string },
): string {
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const heading = named?.name ?? columnName(column);
  const at = (n: number) => `${named?.path ?? `/sites/${site.code}/${column}/`}${n > 1 ? `?page=${n}` : ''}`;
  const content = webTemplates.list({
    heading,
    description: named?.description,
    items: list.items.map(listedForTemplate),
    page: list.page,
    pages: pages > 1 ? pages : 0,
    total: list.total,
    prev: list.page > 1 ? at(list.page - 1) : null,
    next: list.page < pages ? at(list.page + 1) : null,
  });
  return renderSitePage(site, { title: heading, content, column, columnName: heading });
}

/** A site's 政策清单 with how many documents each holds now. */
export function renderListIndex(site: SiteInfo, lists: Array<{ code: string; name: string; description: string; count: number }>): string {
  const content = webTemplates.lists({ lists: lists.map((l) => ({ ...l, href: `/sites/${site.code}/lists/${l.code}/` })) });
  return renderSitePage(site, { title: '政策清单', content, column: LISTS_NAV.code });
}

const VALIDITY_CLASS: Record<ValidityStatus, string> = { 现行有效: 'current', 已失效: 'expired', 已修订: 'revised', 尚未生效: 'pending' };

/** Lists mark what is no longer (or not yet) in force; what is in force needs no badge. */
const listedForTemplate = (item: ListedItem) => ({
  ...item, publishedDate: dateOf(item.publishedAt),
  badge: item.validity && item.validity !== '现行有效' ? { text: item.validity, class: VALIDITY_CLASS[item.validity] } : null,
});

/** Policy pages carry a marker where today's validity goes. */
export function withValidity(articleHtml: string, status: ValidityStatus): string {
  return articleHtml.replace('<!--validity-->', `<span class="validity ${VALIDITY_CLASS[status]}">${status}</span>`);
}

/** Interpretation pages carry the same marker: a note under the title once their basis is no longer in force. */
export function withValidityNote(articleHtml: string, status: ValidityStatus, note: string | null): string {
  if (!note) return articleHtml.replace('<!--validity-->', '');
  return articleHtml.replace('<!--validity-->', webTemplates.validityNote({ status, class: VALIDITY_CLASS[status], note }));
}

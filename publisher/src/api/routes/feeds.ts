import { columnName, isColumn, listCodeOf } from '@tongyuan/channels';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Feed } from 'feed';
import type { Services } from '../../services';
import { cachedResponse } from '../cache';

export const FORMATS = {
  rss: { type: 'application/rss+xml; charset=utf-8', build: (f: Feed) => f.rss2() },
  atom: { type: 'application/atom+xml; charset=utf-8', build: (f: Feed) => f.atom1() },
  json: { type: 'application/feed+json; charset=utf-8', build: (f: Feed) => toJsonFeed11(f.json1()) },
} as const;
const FEED_SIZE = 50;

/** Feeds per site and column (RSS 2.0, Atom 1.0, JSON Feed 1.1), built from live feed entries by the `feed` library. */
export function registerFeedRoutes(app: FastifyInstance, services: Services) {
  const { queries, config } = services;

  /** A column's name, or a 政策清单's as its documents carry it. */
  const nameOf = async (site: string, column: string) =>
    (listCodeOf(column) ? (await queries.policyList('feeds', site, column))?.name ?? listCodeOf(column)! : columnName(column));

  app.get('/feeds', async () => {
    const listings = await queries.sitesWithListings('feeds');
    return {
      feeds: await Promise.all(listings.map(async (l) => ({
        site: l.site, siteName: l.siteName, column: l.column, columnName: await nameOf(l.site, l.column), items: l.count,
        rss: `${config.PUBLIC_URL}/feeds/${l.site}/${l.column}.rss`,
        atom: `${config.PUBLIC_URL}/feeds/${l.site}/${l.column}.atom`,
        json: `${config.PUBLIC_URL}/feeds/${l.site}/${l.column}.json`,
      }))),
    };
  });

  app.get<{ Params: { site: string; file: string } }>('/feeds/:site/:file', async (request: FastifyRequest<{ Params: { site: string; file: string } }>, reply: FastifyReply) => {
    const match = /^([a-z0-9-]+)\.(rss|atom|json)$/.exec(request.params.file);
    const { site } = request.params;
    if (!match || !(isColumn(match[1]) || listCodeOf(match[1])) || !/^[a-z0-9-]+$/.test(site)) {
      return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个订阅源：格式为 /feeds/<站点>/<栏目>.rss|atom|json，全部订阅源见 /feeds' });
    }
    const [, column, format] = match as unknown as [string, string, keyof typeof FORMATS];
    services.usage.countRequest(request, { kind: 'feed', channel: 'feeds', site, document_id: '' }); // a reader polling with its ETag still pulls
    return cachedResponse(services, request, reply, `feed:${site}:${column}:${format}`, async () => {
      const { items, total } = await queries.listing('feeds', site, column, FEED_SIZE, 0);
      // An empty column of a site that exists is an empty feed (its page links to it; readers may subscribe before the first item).
      const listed = await queries.siteOn('feeds', site);
      if (total === 0 && (!isColumn(column) || !listed)) return null;
      const siteName = listed?.name ?? site;
      const name = await nameOf(site, column);
      const page = listCodeOf(column) ? `lists/${listCodeOf(column)}` : column;
      const feed = new Feed({
        id: `${config.PUBLIC_URL}/feeds/${site}/${column}`,
        title: `${siteName} · ${name}`,
        description: `${siteName}${name}（同源发布）`,
        link: `${config.PUBLIC_URL}/sites/${site}/${page}/`,
        language: 'zh-CN',
        copyright: siteName,
        updated: new Date(items[0]?.updatedAt ?? Date.now()),
        feedLinks: { rss: `${config.PUBLIC_URL}/feeds/${site}/${column}.rss`, atom: `${config.PUBLIC_URL}/feeds/${site}/${column}.atom`, json: `${config.PUBLIC_URL}/feeds/${site}/${column}.json` },
      });
      for (const item of items) {
        const p = item.payload;
        // A document no longer in force stays in the feed, marked, so readers who saw it learn that it ended.
        const ended = (await services.validity.of(item.documentId, p.validTo ?? null)).status;
        feed.addItem({
          id: p.id, guid: p.id, title: ended === '现行有效' ? p.title : `【${ended}】${p.title}`, link: p.links[site] ?? Object.values(p.links)[0],
          description: p.summary, content: p.contentHtml, date: new Date(item.updatedAt), published: new Date(item.publishedAt),
          author: p.author ? [{ name: p.author }] : undefined, category: p.tags.map((name: string) => ({ name })),
        });
      }
      return { type: FORMATS[format].type, body: FORMATS[format].build(feed) };
    }, { notFound: '这个站点的这个栏目还没有内容' });
  });
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

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { payloadOf } from '../channel';
import type { ChannelRouteDeps } from '../hooks';
import { columnName, EVENTS_COLUMN, isColumn, listCodeOf } from '../web/catalog';
import { feedsChannel } from './channel';
import type { FeedFormat } from '../text/contract';
import { feedDocument, feedEntryOf, FEED_TYPES, type FeedEntry } from './documents';

const FEED_SIZE = 50;

/**
 * Feeds per site and column (RSS 2.0, Atom 1.0, JSON Feed 1.1), built from live feed entries by
 * channels' feedDocument (the `feed` library, each field escaped or sanitized as the text contract says).
 */
export const feedRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  const { live: queries, publicUrl } = deps;

  /** A column's name, or a 政策清单's as its documents carry it. */
  const nameOf = async (site: string, column: string) =>
    (listCodeOf(column) ? (await queries.policyList('feeds', site, column))?.name ?? listCodeOf(column)! : columnName(column));

  app.get('/feeds', async () => {
    const listings = await queries.sitesWithListings('feeds');
    return {
      feeds: await Promise.all(listings.map(async (l) => ({
        site: l.site, siteName: l.siteName, column: l.column, columnName: await nameOf(l.site, l.column), items: l.count,
        rss: `${publicUrl}/feeds/${l.site}/${l.column}.rss`,
        atom: `${publicUrl}/feeds/${l.site}/${l.column}.atom`,
        json: `${publicUrl}/feeds/${l.site}/${l.column}.json`,
      }))),
    };
  });

  app.get<{ Params: { site: string; file: string } }>('/feeds/:site/:file', async (request: FastifyRequest<{ Params: { site: string; file: string } }>, reply: FastifyReply) => {
    const match = /^([a-z0-9-]+)\.(rss|atom|json)$/.exec(request.params.file);
    const { site } = request.params;
    if (!match || !(isColumn(match[1]) || match[1] === EVENTS_COLUMN.code || listCodeOf(match[1])) || !/^[a-z0-9-]+$/.test(site)) {
      return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个订阅源：格式为 /feeds/<站点>/<栏目>.rss|atom|json，全部订阅源见 /feeds' });
    }
    const [, column, format] = match as unknown as [string, string, FeedFormat];
    deps.countRequest(request, { kind: 'feed', channel: 'feeds', site, document_id: '' }); // a reader polling with its ETag still pulls
    return deps.cached(request, reply, `feed:${site}:${column}:${format}`, async () => {
      const { items, total } = await queries.listing('feeds', site, column, FEED_SIZE, 0);
      // An empty column of a site that exists is an empty feed (its page links to it; readers may subscribe before the first item).
      const listed = await queries.siteOn('feeds', site);
      if (total === 0 && (!(isColumn(column) || column === EVENTS_COLUMN.code) || !listed)) return null;
      const siteName = listed?.name ?? site;
      const name = await nameOf(site, column);
      const page = listCodeOf(column) ? `lists/${listCodeOf(column)}` : column;
      const head = {
        id: `${publicUrl}/feeds/${site}/${column}`,
        title: `${siteName} · ${name}`,
        description: `${siteName}${name}（同源发布）`,
        link: `${publicUrl}/sites/${site}/${page}/`,
        copyright: siteName,
        updated: new Date(items[0]?.updatedAt ?? Date.now()),
        feedLinks: { rss: `${publicUrl}/feeds/${site}/${column}.rss`, atom: `${publicUrl}/feeds/${site}/${column}.atom`, json: `${publicUrl}/feeds/${site}/${column}.json` },
      };
      const entries: FeedEntry[] = [];
      for (const item of items) {
        const payload = payloadOf(feedsChannel, item);
        const validity = (await deps.validity.of(item.documentId, payload.validTo ?? null)).status;
        entries.push(feedEntryOf(payload, site, { updatedAt: item.updatedAt, publishedAt: item.publishedAt, validity }));
      }
      return { type: FEED_TYPES[format], body: feedDocument(format, head, entries) };
    }, { notFound: '这个站点的这个栏目还没有内容' });
  });
};

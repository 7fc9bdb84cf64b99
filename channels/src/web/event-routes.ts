import { webTemplates } from '@tongyuan/templates';
import type { FastifyPluginAsync } from 'fastify';
import type { LiveRendition } from '../channel';
import type { ChannelRouteDeps } from '../hooks';
import { EVENTS_COLUMN } from './catalog';
import type { WebPayload } from './channel';
import { calendarMonths, eventsIcs, isEvent, stillCancelled, type CancelledEvent, type LiveEvent } from './event-calendar';
import { renderSitePage } from './pages';

const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;
/** More than a site holds in a year (Shanghai's open month had 1,443 events across the whole city). */
const MAX_EVENTS = 5000;

/**
 * 开放活动 on a site: the events calendar (/sites/<site>/events/), each event's page
 * (/sites/<site>/events/<slug>.html, with the #registration section the registration form fills)
 * and the iCalendar file (/sites/<site>/events.ics, which also names recently withdrawn events as cancelled).
 * All from the web channel's renditions.
 */
export const eventRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  const { live: queries, cached } = deps;
  const notFound = '页面不存在：活动可能已撤回，或不在这个站点发布';
  const siteOf = (code: string) => (SITE.test(code) ? queries.siteOn('web', code) : Promise.resolve(null));
  const eventsOn = async (site: string): Promise<LiveEvent[]> =>
    (await queries.listing('web', site, EVENTS_COLUMN.code, MAX_EVENTS, 0)).items.filter((i: LiveRendition<WebPayload>) => isEvent(i));

  app.get<{ Params: { site: string } }>('/sites/:site/events/', async (request, reply) => {
    return cached(request, reply, `events:${request.params.site}`, async () => {
      const site = await siteOf(request.params.site);
      if (!site) return null;
      const { upcoming, past } = calendarMonths(await eventsOn(site.code), site.code, deps.today());
      const content = webTemplates.events({ site: site.code, upcoming, past });
      return { type: HTML, body: renderSitePage(site, { title: EVENTS_COLUMN.name, content, column: EVENTS_COLUMN.code }) };
    }, { notFound });
  });

  app.get<{ Params: { site: string } }>('/sites/:site/events.ics', async (request, reply) => {
    deps.countRequest(request, { kind: 'feed', channel: 'web', site: request.params.site, document_id: '' });
    return cached(request, reply, `events-ics:${request.params.site}`, async () => {
      const site = await siteOf(request.params.site);
      if (!site) return null;
      const [events, withdrawn] = await Promise.all([eventsOn(site.code), queries.withdrawnOn('web', 'event') as Promise<CancelledEvent[]>]);
      return { type: 'text/calendar; charset=utf-8', body: eventsIcs(events, site, deps.publicUrl, stillCancelled(withdrawn, events, site.code, deps.today())) };
    }, { notFound: '没有这个站点' });
  });

  app.get<{ Params: { site: string; file: string } }>('/sites/:site/events/:file', async (request, reply) => {
    const slug = request.params.file.replace(/\.html$/, '');
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,120}$/.test(slug)) return reply.code(404).send({ error: 'NOT_FOUND', message: notFound });
    return cached(request, reply, `event:${request.params.site}:${slug}`, async () => {
      const site = await siteOf(request.params.site);
      if (!site) return null;
      const documentId = await queries.documentIdBySlug(slug);
      if (!documentId || !(await queries.isListedOn('web', site.code, documentId))) return null;
      const item = await queries.liveItem('web', documentId);
      const article = item?.artifacts.find((a) => a.name === 'article.html');
      if (!item || !article || item.payload.kind !== 'event') return null;
      const content = await deps.readText(article);
      return { type: HTML, body: renderSitePage(site, { title: item.title, description: item.payload.summary, content, column: EVENTS_COLUMN.code }) };
    }, { notFound });
  });
};

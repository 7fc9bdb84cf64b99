import { webTemplates } from '@tongyuan/templates';
import type { FastifyPluginAsync } from 'fastify';
import type { LiveRendition } from '../channel';
import { validityOf } from '../document/types';
import type { ChannelRouteDeps } from '../hooks';
import { PAGE_AUDIO_CHANNEL, withAudio, type PageAudio } from './audio';
import { COLUMNS, EVENTS_COLUMN, listCodeOf, listColumn } from './catalog';
import type { WebPayload } from './channel';
import { eventRoutes } from './event-routes';
import {
  PAGE_VIDEO_CHANNELS, renderColumnList, renderListIndex, renderSiteIndex, renderSitePage, withValidity,
  withValidityNote, withVideo, type ListedItem, type PageVideo, type SiteInfo,
} from './pages';

const PAGE_SIZE = 20;
const HTML = 'text/html; charset=utf-8';
const SITE = /^[a-z0-9][a-z0-9-]*$/;

/** Portal sites from the web channel's live renditions: index, column lists, article pages, sitemap. */
export const webRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  const { live: queries, validity, cached: cachedResponse } = deps;

  const siteInfo = async (code: string): Promise<SiteInfo | null> => {
    return SITE.test(code) ? queries.siteOn('web', code) : null;
  };
  const hrefOn = (site: string, item: LiveRendition<WebPayload>): string => item.payload.sites.find((s) => s.code === site)?.path ?? '#';
  const listed = (site: string) => async (item: LiveRendition<WebPayload>): Promise<ListedItem> => ({
    title: item.title,
    href: hrefOn(site, item),
    publishedAt: item.publishedAt,
    summary: item.payload.summary,
    label: (item.payload.kind === 'policy-document' ? item.payload.documentNumber : item.payload.department) ?? undefined, // {{#if label}}
    validity: (await validity.of(item.documentId, item.payload.kind === 'policy-document' ? item.payload.validTo : null)).status,
  });
  const listedAll = (site: string, items: Array<LiveRendition<WebPayload>>) => Promise.all(items.map(listed(site)));
  const notFound = '页面不存在：它可能已撤回，或不在这个站点发布';

  /**
   * An article links the policy documents it rests on (or replaces) as pages of the same site; one
   * not published on this site keeps its title as text instead of a link that would 404 (the
   * channel inspection found these on the Juxian portal).
   */
  const linkedPolicies = (payload: { kind: string; supersedes?: string | null; basis?: Array<{ documentId: string }> }) =>
    payload.kind === 'policy-document' ? (payload.supersedes ? [payload.supersedes] : []) : (payload.basis ?? []).map((b) => b.documentId);
  const unlinkOffSite = async (html: string, siteCode: string, documentIds: string[]) => {
    for (const id of new Set(documentIds)) {
      if (!/^[A-Za-z0-9_-]+$/.test(id) || (await queries.isListedOn('web', siteCode, id))) continue;
      html = html.replace(new RegExp(`<a href="(?:\\.\\./policies/)?${encodeURIComponent(id)}\\.html(?:#[^"]*)?">(.*?)</a>`, 'g'), '<span class="off-site">$1</span>');
    }
    return html;
  };

  /**
   * A 视频解读 page plays the video of its own revision, read from the live short-video or cinema
   * rendition when served: the web render never waits for an encode, and each rendition still goes
   * live atomically on its own channel. Until the video of this revision is live the page says so.
   */
  const pageVideo = async (page: LiveRendition<WebPayload>): Promise<PageVideo> => {
    for (const channel of PAGE_VIDEO_CHANNELS) {
      const video = await queries.liveItem(channel, page.documentId);
      if (video?.hash !== page.hash) continue;
      const srt = video.artifacts.find((a) => a.name.endsWith('.srt'));
      return {
        state: 'live', channel, seconds: Number(video.payload?.seconds ?? 0), artifacts: video.artifacts,
        srt: srt ? await deps.readText(srt) : null,
      };
    }
    const planned = (await queries.renditionsOf(page.documentId, page.hash)).filter((r) => (PAGE_VIDEO_CHANNELS as readonly string[]).includes(r.channel));
    if (planned.some((r) => r.status === 'queued' || r.status === 'rendering' || r.status === 'ready')) return { state: 'pending' };
    return { state: planned.some((r) => r.status === 'failed') ? 'failed' : 'none' };
  };

  /** The audio programme of the page's own revision (the audio channel's live rendition), or whether one is being made. */
  const pageAudio = async (page: LiveRendition<WebPayload>, site: string): Promise<PageAudio> => {
    const audio = await queries.liveItem(PAGE_AUDIO_CHANNEL, page.documentId);
    if (audio?.hash === page.hash) {
      const payload = audio.payload as { seconds?: number; transcript?: Array<{ text: string }>; sites?: Array<{ code: string }>; brand?: { code: string; name: string } | null };
      const podcasts = [
        ...(payload.sites?.some((s) => s.code === site) ? [{ name: '本站', href: `/podcasts/sites/${site}.rss` }] : []),
        ...(payload.brand ? [{ name: payload.brand.name, href: `/podcasts/brands/${payload.brand.code}.rss` }] : []),
      ];
      return { state: 'live', seconds: Number(payload.seconds ?? 0), artifacts: audio.artifacts, transcript: (payload.transcript ?? []).map((c) => c.text), podcasts };
    }
    const planned = (await queries.renditionsOf(page.documentId, page.hash)).filter((r) => r.channel === PAGE_AUDIO_CHANNEL);
    return planned.some((r) => r.status === 'queued' || r.status === 'rendering' || r.status === 'ready') ? { state: 'pending' } : { state: 'none' };
  };

  app.get('/sites', async () => {
    const sites = new Map<string, string>();
    for (const l of await queries.sitesWithListings('web')) sites.set(l.site, l.siteName);
    return { sites: [...sites].map(([code, name]) => ({ code, name, url: `${deps.publicUrl}/sites/${code}/` })) };
  });

  // Site lookups happen inside the cached builders: a cache hit costs one query (the change sequence).
  app.get<{ Params: { site: string } }>('/sites/:site/', async (request, reply) => {
    return cachedResponse(request, reply, `index:${request.params.site}`, async () => {
      const site = await siteInfo(request.params.site);
      if (!site) return null;
      const sections = [];
      for (const column of COLUMNS) {
        const { items } = await queries.listing('web', site.code, column.code, 5, 0);
        sections.push({ column: column.code, items: await listedAll(site.code, items) });
      }
      return { type: HTML, body: renderSiteIndex(site, sections) };
    }, { notFound });
  });

  // One route per column: a static segment, so /sites/x/interpretations/ is the list, not an empty article name.
  for (const { code: column } of COLUMNS) {
    app.get<{ Params: { site: string }; Querystring: { page?: string } }>(`/sites/:site/${column}/`, async (request, reply) => {
      const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
      return cachedResponse(request, reply, `list:${request.params.site}:${column}:${page}`, async () => {
        const site = await siteInfo(request.params.site);
        if (!site) return null;
        const { items, total } = await queries.listing('web', site.code, column, PAGE_SIZE, (page - 1) * PAGE_SIZE);
        return { type: HTML, body: renderColumnList(site, column, { items: await listedAll(site.code, items), page, pageSize: PAGE_SIZE, total }) };
      }, { notFound });
    });
  }

  // 政策清单: each list a page of its own (its listings are `list-<code>`), and an index of the site's lists.
  app.get<{ Params: { site: string } }>('/sites/:site/lists/', async (request, reply) => {
    return cachedResponse(request, reply, `lists:${request.params.site}`, async () => {
      const site = await siteInfo(request.params.site);
      if (!site) return null;
      const lists = [];
      for (const l of await queries.sitesWithListings('web')) {
        const list = l.site === site.code && listCodeOf(l.column) ? await queries.policyList('web', site.code, l.column) : null;
        if (list) lists.push({ ...list, count: l.count });
      }
      return { type: HTML, body: renderListIndex(site, lists.sort((a, b) => a.code.localeCompare(b.code))) };
    }, { notFound });
  });
  app.get<{ Params: { site: string; list: string }; Querystring: { page?: string } }>('/sites/:site/lists/:list/', async (request, reply) => {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const column = listColumn(request.params.list);
    if (!listCodeOf(column)) return reply.code(404).send({ error: 'NOT_FOUND', message: notFound });
    return cachedResponse(request, reply, `list-page:${request.params.site}:${column}:${page}`, async () => {
      const site = await siteInfo(request.params.site);
      const list = site && (await queries.policyList('web', site.code, column));
      if (!site || !list) return null;
      const { items, total } = await queries.listing('web', site.code, column, PAGE_SIZE, (page - 1) * PAGE_SIZE);
      const path = `/sites/${site.code}/lists/${list.code}/`;
      return { type: HTML, body: renderColumnList(site, column, { items: await listedAll(site.code, items), page, pageSize: PAGE_SIZE, total }, { ...list, path }) };
    }, { notFound: '这个政策清单不存在，或本站还没有清单中的文件' });
  });

  const articleRoute = (kind: 'interpretations' | 'policies') =>
    app.get<{ Params: { site: string; file: string } }>(`/sites/:site/${kind}/:file`, async (request, reply) => {
      const key = request.params.file.replace(/\.html$/, ''); // already decoded by the router
      if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,120}$/.test(key)) return reply.code(404).send({ error: 'NOT_FOUND', message: notFound });
      return cachedResponse(request, reply, `page:${request.params.site}:${kind}:${key}`, async () => {
        const site = await siteInfo(request.params.site);
        if (!site) return null;
        const documentId = kind === 'interpretations' ? await queries.documentIdBySlug(key) : key;
        if (!documentId || !(await queries.isListedOn('web', site.code, documentId))) return null;
        const item = await queries.liveItem('web', documentId);
        const article = item?.artifacts.find((a) => a.name === 'article.html');
        if (!item || !article) return null;
        let html = await deps.readText(article);
        html = await unlinkOffSite(html, site.code, linkedPolicies(item.payload));
        if (item.payload.kind === 'policy-document') {
          html = withValidity(html, validityOf(item.payload, { supersededBy: await queries.isSuperseded('web', documentId), today: deps.today() }));
        } else {
          const today = await validity.of(documentId);
          html = withValidityNote(html, today.status, validity.note(today));
          if (html.includes('<!--video-->')) html = withVideo(html, await pageVideo(item));
          if (html.includes('<!--audio-->')) html = withAudio(html, await pageAudio(item, site.code));
          html += webTemplates.askLink({ site: site.code, documentId });
        }
        const column = kind === 'policies' ? 'policies' : 'interpretations';
        return { type: HTML, body: renderSitePage(site, { title: item.title, description: item.payload.summary, content: html, column }) };
      }, { notFound });
    });
  articleRoute('interpretations');
  articleRoute('policies');

  // 开放活动: the events calendar, event pages and the iCalendar file.
  await eventRoutes(app, deps);

  app.get<{ Params: { site: string } }>('/sites/:site/sitemap.xml', async (request, reply) => {
    return cachedResponse(request, reply, `sitemap:${request.params.site}`, async () => {
      const site = await siteInfo(request.params.site);
      if (!site) return null;
      const urls = new Map<string, string>();
      for (const column of [...COLUMNS, EVENTS_COLUMN]) {
        urls.set(`${deps.publicUrl}/sites/${site.code}/${column.code}/`, '');
        const { items } = await queries.listing('web', site.code, column.code, 50_000, 0);
        for (const item of items) urls.set(`${deps.publicUrl}${hrefOn(site.code, item)}`, item.updatedAt.slice(0, 10));
      }
      const body = webTemplates.sitemap({ urls: [...urls].map(([loc, lastmod]) => ({ loc, lastmod })) });
      return { type: 'application/xml; charset=utf-8', body };
    }, { notFound });
  });
};

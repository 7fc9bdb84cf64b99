import { webTemplates } from '@tongyuan/templates';
import type { FastifyPluginAsync } from 'fastify';
import { payloadOf, type ArtifactRef } from '../channel';
import type { ChannelRouteDeps } from '../hooks';
import type { BookletBody } from './booklets';
import { printChannel } from './channel';

/**
 * Grid workers' downloads (网格员): /print lists the counties, /print/<county> that county's
 * leaflets, posters and booklets (per brand column and per 政策清单), made for a phone. Only what is live on print and in force today
 * is listed — a withdrawal or an expiry takes it off at once, and a booklet holding an item that
 * left is hidden until its rebuild. Files come from /files (Range, If-Range, strong ETag), where
 * each download is counted for the annual report.
 */
const COUNTY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const fileHref = (file: Pick<ArtifactRef, 'sha256'>, name: string) => `/files/${file.sha256}/${encodeURIComponent(name)}`;
const sizeLabel = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export const printRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  app.get('/print', async (_request, reply) => {
    const counties = (await deps.counties.list()) ?? [];
    return reply.type('text/html; charset=utf-8').send(webTemplates.print({ css: webTemplates.css, heading: '印刷品下载', counties, index: true }));
  });

  app.get<{ Params: { county: string } }>('/print/:county', async (request, reply) => {
    const code = request.params.county;
    const counties = await deps.counties.list();
    const county = COUNTY.test(code) ? counties?.find((c) => c.code === code) ?? (counties === null ? { code, name: code } : undefined) : undefined;
    if (!county) return reply.code(404).type('text/html; charset=utf-8').send(webTemplates.print({ css: webTemplates.css, heading: '没有这个区县', notFound: true, counties: counties ?? [], index: true }));

    const today = deps.today();
    const live = new Set<string>();
    const items = [];
    for (const item of await deps.live.liveOn(printChannel.code)) {
      const payload = payloadOf(printChannel, item);
      const validity = await deps.validity.of(item.documentId, payload.validTo);
      if (deps.validity.note(validity) !== null) continue; // ended, superseded or not yet in force: not handed out
      live.add(item.documentId);
      if ((await deps.counties.of(payload.department?.code ?? null, payload.sites)) !== code) continue;
      const leaflet = item.artifacts.find((a) => a.name === payload.leaflet.file);
      const poster = item.artifacts.find((a) => a.name === payload.poster.file);
      if (!leaflet || !poster) continue;
      items.push({
        title: item.title, department: payload.department?.name ?? '', date: payload.content.dateLabel, revision: payload.content.revision,
        leaflet: { href: fileHref(leaflet, `明白纸-${payload.title}.pdf`), size: sizeLabel(leaflet.size), pages: payload.leaflet.pages },
        poster: { href: fileHref(poster, `海报-${payload.title}.pdf`), size: sizeLabel(poster.size) },
        publishedAt: item.publishedAt,
      });
    }
    items.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    const booklets = [];
    for (const built of await deps.builtFiles.list(printChannel.code)) {
      const body = built.body as BookletBody;
      if (!body.items.every((i) => live.has(i.documentId))) continue; // rebuilt in a moment without what left
      const places = await Promise.all(body.items.map((i) => deps.counties.of(i.department, i.sites)));
      if (!places.includes(code)) continue;
      booklets.push({
        title: built.title, kind: body.list ? '政策清单' : '品牌栏目', count: body.items.length, documents: body.list ? body.documents ?? null : null,
        pages: body.pages, href: fileHref(built.file, built.file.name), size: sizeLabel(built.file.size),
      });
    }
    booklets.sort((a, b) => a.kind.localeCompare(b.kind, 'zh-CN') || a.title.localeCompare(b.title, 'zh-CN')); // 品牌栏目 before 政策清单
    return reply.type('text/html; charset=utf-8').send(webTemplates.print({
      css: webTemplates.css, heading: `${county.name}印刷品下载`, county, items, booklets, today,
    }));
  });
};

import { webTemplates } from '@tongyuan/templates';
import type { FastifyPluginAsync } from 'fastify';
import { payloadOf, type ArtifactRef } from '../channel';
import type { ChannelRouteDeps } from '../hooks';
import { tvChannel } from './channel';
import { type PackageBody } from './packages';
import { SLATE_SECONDS, durationLabel } from './slate';
import { DEFAULT_TICKER_FORMAT, plainLine, TICKER_ENCODING_LABELS } from './ticker';
import { nameOfCharacter } from '../text/unicode';

/**
 * Stations' staff (融媒体中心 播出部): /tv lists the stations with a package today, /tv/<station>
 * the day's package — the 滚动字幕 .txt (its lines shown too) and each clip, made for a phone.
 * Only what is live on TV and in force now is listed: a withdrawal takes a clip and its ticker
 * line off at once, and the ticker file is offered again once the follow-up has rebuilt it. Files
 * come from /files (Range, If-Range, strong ETag), where downloads are counted.
 */
const STATION = /^[a-z0-9][a-z0-9-]{0,63}$/;
const fileHref = (file: Pick<ArtifactRef, 'sha256'>, name: string) => `/files/${file.sha256}/${encodeURIComponent(name)}`;
const sizeLabel = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export const tvRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  const packages = async () => (await deps.builtFiles.list(tvChannel.code)).map((built) => ({ built, body: built.body as PackageBody }));
  const page = (context: Record<string, unknown>) => webTemplates.tv({ css: webTemplates.css, ...context });

  app.get('/tv', async (_request, reply) => {
    const stations = (await packages()).map(({ body }) => body.station);
    return reply.type('text/html; charset=utf-8').send(page({ heading: '电视台送播', stations, index: true }));
  });

  app.get<{ Params: { station: string } }>('/tv/:station', async (request, reply) => {
    const code = request.params.station;
    const all = await packages();
    const found = STATION.test(code) ? all.find(({ body }) => body.station.code === code) : undefined;
    if (!found) return reply.code(404).type('text/html; charset=utf-8').send(page({ heading: '没有这个电视台的送播包', notFound: true, stations: all.map(({ body }) => body.station), index: true }));

    const { built, body } = found;
    const live = new Set<string>();
    for (const item of await deps.live.liveOn(tvChannel.code)) {
      const payload = payloadOf(tvChannel, item);
      if (deps.validity.note(await deps.validity.of(item.documentId, payload.validTo)) === null) live.add(item.documentId);
    }
    const current = body.clips.filter((c) => live.has(c.documentId));
    const lines = body.lines.filter((_line, i) => live.has(body.clips[i]?.documentId));
    // The file holds every line of the package: offered only while all of them are still live.
    const tickerCurrent = current.length === body.clips.length && body.date === deps.today();
    const format = body.station.ticker ?? DEFAULT_TICKER_FORMAT;
    const unencoded = new Map((body.unencoded ?? []).map((u) => [u.line, u.characters.map(nameOfCharacter).join('、')]));
    const [, m, d] = body.date.split('-').map(Number);
    return reply.type('text/html; charset=utf-8').send(page({
      heading: `${body.station.name}送播包`, dateLabel: `${m}月${d}日`, formatLabel: body.station.format, slateSeconds: SLATE_SECONDS, tickerMax: body.station.tickerMax,
      ticker: lines.length ? {
        count: lines.length - lines.filter((l) => unencoded.has(plainLine(l))).length, encoding: TICKER_ENCODING_LABELS[format.encoding], lineEnding: format.lineEnding.toUpperCase(),
        lines: lines.map((text) => ({ text, unencoded: unencoded.get(plainLine(text)) ?? null })),
        href: tickerCurrent ? fileHref(built.file, built.file.name) : null, fileName: built.file.name,
      } : null,
      clips: current.map((c) => ({
        title: c.title, department: c.department, duration: durationLabel(c.seconds), size: sizeLabel(c.file.size), version: c.version, silent: c.silent,
        href: fileHref(c.file, `电视-${c.title}.mp4`), fileName: `电视-${c.title}.mp4`, sha256: c.file.sha256,
      })),
    }));
  });
};

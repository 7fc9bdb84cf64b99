import { webTemplates } from '@tongyuan/templates';
import type { FastifyPluginAsync } from 'fastify';
import { payloadOf, type ArtifactRef } from '../channel';
import type { ChannelRouteDeps } from '../hooks';
import { AUDIO_CODE, audioChannel } from './channel';
import type { LoudspeakerBody } from './loudspeakers';

/**
 * Village operators (村村响 广播员): /loudspeakers lists the broadcast regions with a programme
 * today, /loudspeakers/<region> the day's joined MP3 (played in the page, downloaded resumably),
 * its .m3u playlist and each programme, made for a phone. Only what is live on audio and in force
 * now is listed: a withdrawal takes a programme off the page at once, and the joined file is
 * offered again once the follow-up has rebuilt it without it. Files come from /files (Range,
 * If-Range, strong ETag), where downloads are counted.
 */
const REGION = /^[a-z0-9][a-z0-9-]{0,63}$/;
const fileHref = (file: Pick<ArtifactRef, 'sha256'>, name: string) => `/files/${file.sha256}/${encodeURIComponent(name)}`;
const sizeLabel = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const duration = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}分${String(whole % 60).padStart(2, '0')}秒`;
};

export const loudspeakerRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  const regions = async () => (await deps.builtFiles.list(AUDIO_CODE)).map((built) => ({ built, body: built.body as LoudspeakerBody }))
    .sort((a, b) => a.body.region.code.localeCompare(b.body.region.code));
  const page = (context: Record<string, unknown>) => webTemplates.loudspeakers({ css: webTemplates.css, ...context });
  /** The programmes live on audio and in force now. */
  const current = async () => {
    const live = new Set<string>();
    for (const item of await deps.live.liveOn(AUDIO_CODE)) {
      const payload = payloadOf(audioChannel, item);
      if (deps.validity.note(await deps.validity.of(item.documentId, payload.validTo ?? null)) === null) live.add(item.documentId);
    }
    return live;
  };

  app.get('/loudspeakers', async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return reply.type('text/html; charset=utf-8').send(page({ heading: '村村响 · 广播节目', regions: (await regions()).map(({ body }) => body.region), index: true }));
  });

  app.get<{ Params: { region: string } }>('/loudspeakers/:region', async (request, reply) => {
    const [, code, m3u] = /^(.*?)(\.m3u)?$/.exec(request.params.region)!;
    const all = await regions();
    const found = REGION.test(code) ? all.find(({ body }) => body.region.code === code) : undefined;
    reply.header('cache-control', 'no-cache');
    if (!found) {
      if (m3u) return reply.code(404).send({ error: 'NOT_FOUND', message: '今天没有这个片区的村村响节目，请回到 /loudspeakers 查看' });
      return reply.code(404).type('text/html; charset=utf-8').send(page({ heading: '没有这个片区的广播节目', notFound: true, regions: all.map(({ body }) => body.region), index: true }));
    }
    const { built, body } = found;
    const live = await current();
    const items = body.items.filter((i) => live.has(i.documentId));
    const itemHref = (i: LoudspeakerBody['items'][number]) => `${deps.publicUrl}${fileHref(i.file, `村村响-${i.title}.mp3`)}`;
    if (m3u) {
      const lines = ['#EXTM3U', `#PLAYLIST:${body.region.name} ${body.date} 村村响`];
      for (const i of items) lines.push(`#EXTINF:${Math.round(i.seconds)},${i.title.replace(/[\r\n]+/g, ' ')}`, itemHref(i));
      return reply.type('audio/x-mpegurl; charset=utf-8').send(`${lines.join('\n')}\n`);
    }
    // The joined file holds every programme of the playlist: offered only while all of them are still live, and for today.
    const joinedCurrent = items.length === body.items.length && body.date === deps.today();
    const [, m, d] = body.date.split('-').map(Number);
    return reply.type('text/html; charset=utf-8').send(page({
      heading: `${body.region.name}村村响`, dateLabel: `${m}月${d}日`, count: items.length,
      playlist: `/loudspeakers/${body.region.code}.m3u`,
      joined: joinedCurrent ? { href: fileHref(built.file, built.file.name), size: sizeLabel(built.file.size), duration: duration(body.seconds), sha256: built.file.sha256 } : null,
      items: items.map((i) => ({ title: i.title, department: i.department, duration: duration(i.seconds), size: sizeLabel(i.file.size), href: fileHref(i.file, `村村响-${i.title}.mp3`) })),
    }));
  });
};

import { webTemplates } from '@tongyuan/templates';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { payloadOf, type ArtifactRef, type BuiltFile } from '../channel';
import type { ChannelRouteDeps } from '../hooks';
import { AUDIO_CODE, audioChannel } from './channel';
import type { LoudspeakerBody } from './loudspeakers';

/**
 * Village operators (村村响 广播员): /loudspeakers lists the broadcast regions with a programme,
 * /loudspeakers/<region> today's joined MP3 (played in the page, downloaded resumably), its .m3u
 * playlist and each programme, made for a phone; /loudspeakers/<region>/<yyyy-mm-dd>(.m3u) the same
 * for a day ahead (an operator loads tomorrow's tonight; a basis that ends before then is not in
 * it). Only what is live on audio and in force now is listed: a withdrawal takes a programme off
 * every day's page at once, and a joined file is offered again once the follow-up has rebuilt it
 * without it. Files come from /files (Range, If-Range, strong ETag), where downloads are counted.
 */
const REGION = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const fileHref = (file: Pick<ArtifactRef, 'sha256'>, name: string) => `/files/${file.sha256}/${encodeURIComponent(name)}`;
const sizeLabel = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const duration = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}分${String(whole % 60).padStart(2, '0')}秒`;
};
function dayLabel(date: string, today: string): string {
  const days = Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日${days === 0 ? '（今天）' : days === 1 ? '（明天）' : ''}`;
}

export const loudspeakerRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  /** Every region-day built from today on, by region then date. */
  const built = async () => (await deps.builtFiles.list(AUDIO_CODE)).map((b) => ({ built: b, body: b.body as LoudspeakerBody }))
    .filter(({ body }) => body.date >= deps.today())
    .sort((a, b) => a.body.region.code.localeCompare(b.body.region.code) || a.body.date.localeCompare(b.body.date));
  const regionsOf = (all: Awaited<ReturnType<typeof built>>) => [...new Map(all.map(({ body }) => [body.region.code, body.region])).values()];
  const page = (context: Record<string, unknown>) => webTemplates.loudspeakers({ css: webTemplates.css, ...context });
  /** The programmes live on audio and in force now (a later day's playlist was built with that day's validity). */
  const current = async () => {
    const live = new Set<string>();
    for (const item of await deps.live.liveOn(AUDIO_CODE)) {
      const payload = payloadOf(audioChannel, item);
      if (deps.validity.note(await deps.validity.of(item.documentId, payload.validTo ?? null)) === null) live.add(item.documentId);
    }
    return live;
  };

  app.get('/loudspeakers', async (_request, reply) => {
    const regions = regionsOf((await built()).filter(({ body }) => body.date === deps.today()));
    return reply.type('text/html; charset=utf-8').send(page({ heading: '村村响 · 广播节目', regions, index: true }));
  });

  async function serve(reply: FastifyReply, code: string, date: string, m3u: boolean) {
    const all = await built();
    const days = all.filter(({ body }) => body.region.code === code);
    const found = REGION.test(code) && DATE.test(date) ? days.find(({ body }) => body.date === date) : undefined;
    if (!found) {
      if (m3u) return reply.code(404).send({ error: 'NOT_FOUND', message: '这一天没有这个片区的村村响节目，请回到 /loudspeakers 查看' });
      return reply.code(404).type('text/html; charset=utf-8').send(page({ heading: '没有这个片区这一天的广播节目', notFound: true, regions: regionsOf(all), index: true }));
    }
    return m3u ? playlist(reply, found.body) : regionPage(reply, found, days.map(({ body }) => body.date));
  }

  async function playlist(reply: FastifyReply, body: LoudspeakerBody) {
    const live = await current();
    const lines = ['#EXTM3U', `#PLAYLIST:${body.region.name} ${body.date} 村村响`];
    for (const i of body.items.filter((item) => live.has(item.documentId))) {
      lines.push(`#EXTINF:${Math.round(i.seconds)},${i.title.replace(/[\r\n]+/g, ' ')}`, `${deps.publicUrl}${fileHref(i.file, `村村响-${i.title}.mp3`)}`);
    }
    return reply.type('audio/x-mpegurl; charset=utf-8').send(`${lines.join('\n')}\n`);
  }

  async function regionPage(reply: FastifyReply, { built: file, body }: { built: BuiltFile; body: LoudspeakerBody }, dates: string[]) {
    const today = deps.today();
    const live = await current();
    const items = body.items.filter((i) => live.has(i.documentId));
    const path = (date: string) => (date === today ? `/loudspeakers/${body.region.code}` : `/loudspeakers/${body.region.code}/${date}`);
    // The joined file holds every programme of the playlist: offered only while all of them are still live.
    const joinedCurrent = items.length === body.items.length;
    return reply.type('text/html; charset=utf-8').send(page({
      heading: `${body.region.name}村村响`, dateLabel: dayLabel(body.date, today), count: items.length,
      days: dates.length > 1 ? dates.map((date) => ({ label: dayLabel(date, today), href: path(date), current: date === body.date })) : null,
      playlist: `/loudspeakers/${body.region.code}${body.date === today ? '' : `/${body.date}`}.m3u`,
      joined: joinedCurrent ? { href: fileHref(file.file, file.file.name), size: sizeLabel(file.file.size), duration: duration(body.seconds), sha256: file.file.sha256 } : null,
      items: items.map((i) => ({ title: i.title, department: i.department, duration: duration(i.seconds), size: sizeLabel(i.file.size), href: fileHref(i.file, `村村响-${i.title}.mp3`) })),
    }));
  }

  app.get<{ Params: { region: string } }>('/loudspeakers/:region', async (request, reply) => {
    const [, code, m3u] = /^(.*?)(\.m3u)?$/.exec(request.params.region)!;
    return serve(reply, code, deps.today(), Boolean(m3u));
  });

  app.get<{ Params: { region: string; date: string } }>('/loudspeakers/:region/:date', async (request, reply) => {
    const [, date, m3u] = /^(.*?)(\.m3u)?$/.exec(request.params.date)!;
    return serve(reply, request.params.region, date, Boolean(m3u));
  });
};

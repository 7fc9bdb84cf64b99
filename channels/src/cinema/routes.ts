import { webTemplates } from '@tongyuan/templates';
import type { FastifyPluginAsync } from 'fastify';
import type { ChannelRouteDeps, ReelView } from '../hooks';

/**
 * Projectionists' downloads (送电影下乡): a page that works on a phone listing each region's reel
 * by date with duration, size and sha256; `.m3u` playlists; files come from /files (Range,
 * If-Range, strong ETag), and a reel is listed only once its file is completely stored.
 */
export const cinemaRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  const { reels } = deps;
  const fileHref = (sha256: string, name: string) => `/files/${sha256}/${encodeURIComponent(name)}`;
  const reelFileName = (reel: ReelView) => `映前片-${reel.regionName}-${reel.date}.mp4`;

  app.get('/cinema/reels.json', async () => {
    const list = await reels.list({ from: deps.today() });
    return list.map((reel) => ({
      ...reel,
      // A segment made without speech carries why; a reel with one is flagged before anyone plays it.
      segments: reel.segments.map((s) => ({ ...s, silent: s.silent ?? null })),
      hasSilentSegment: reel.segments.some((s) => s.silent),
      url: `${deps.publicUrl}${fileHref(reel.sha256, reelFileName(reel))}`, playlist: `${deps.publicUrl}/cinema/${reel.date}/${reel.region}.m3u` }));
  });

  app.get<{ Querystring: { date?: string } }>('/cinema', async (request, reply) => {
    const today = deps.today();
    const all = await reels.list({ from: today });
    const dates = [...new Set(all.map((r) => r.date))];
    const wanted = typeof request.query.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(request.query.date) ? request.query.date : dates[0] ?? today;
    const shown = all.filter((r) => r.date === wanted).map((reel) => ({
      ...reel,
      duration: minutesSeconds(reel.seconds),
      sizeLabel: `${(reel.size / 1024 / 1024).toFixed(1)} MB`,
      short: reel.seconds < reels.minSeconds,
      href: fileHref(reel.sha256, reelFileName(reel)),
      fileName: reelFileName(reel),
      playlist: `/cinema/${reel.date}/${reel.region}.m3u`,
      silentCount: reel.segments.filter((s) => s.silent).length,
      segments: reel.segments.map((s) => ({ title: s.title, duration: minutesSeconds(s.seconds), href: fileHref(s.video.sha256, s.video.name), fileName: s.video.name, silent: s.silent ?? null })),
    }));
    return reply.type('text/html; charset=utf-8').send(webTemplates.cinema({
      css: webTemplates.css,
      days: dates.map((date) => ({ date, label: dayLabel(date, today), current: date === wanted })),
      dateLabel: `${dayLabel(wanted, today)}的映前片`,
      reels: shown,
    }));
  });

  /** The reel's segments as a playlist (titles and lengths), for players that step through them. */
  app.get<{ Params: { date: string; file: string } }>('/cinema/:date/:file', async (request, reply) => {
    const match = /^([a-z0-9][a-z0-9-]*)\.m3u$/.exec(request.params.file);
    const reel = match ? await reels.find(match[1], request.params.date) : undefined;
    if (!reel) return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个片区这一天的映前片，请回到 /cinema 查看' });
    const lines = ['#EXTM3U', `#PLAYLIST:${reel.regionName} ${reel.date} 映前片`];
    for (const s of reel.segments) {
      lines.push(`#EXTINF:${Math.round(s.seconds)},${s.title.replace(/[\r\n]+/g, ' ')}${s.silent ? '（无配音）' : ''}`, `${deps.publicUrl}${fileHref(s.video.sha256, s.video.name)}`);
    }
    return reply.type('audio/x-mpegurl; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
};

const minutesSeconds = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};

function dayLabel(date: string, today: string): string {
  const days = Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日${days === 0 ? '（今天）' : days === 1 ? '（明天）' : ''}`;
}

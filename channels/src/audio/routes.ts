import type { FastifyPluginAsync } from 'fastify';
import { payloadOf, type LiveRendition } from '../channel';
import type { ChannelRouteDeps } from '../hooks';
import { audioChannel, type AudioPayload } from './channel';
import { podcastXml } from './podcast';

const CODE = /^[a-z0-9][a-z0-9-]{0,80}$/;
const RSS = 'application/rss+xml; charset=utf-8';
const FEED_SIZE = 100;

/**
 * Podcast feeds of the live audio programmes: one per site (`/podcasts/sites/<site>.rss`) and one
 * per brand column (`/podcasts/brands/<brand>.rss`), newest first, and an index of them
 * (`/podcasts`). Built from what is live and in force when read (cached until something goes live or
 * leaves, or the day changes), so a withdrawn or expired programme is gone from every feed at the next read.
 */
export const audioRoutes: FastifyPluginAsync<ChannelRouteDeps> = async (app, deps) => {
  const { publicUrl } = deps;
  // In force today only: a programme whose basis ended (or that a later document replaced) leaves every feed, as a withdrawal does.
  const live = async () => {
    const items: Array<LiveRendition<AudioPayload>> = [];
    for (const item of await deps.live.liveOn(audioChannel.code)) {
      const payload = payloadOf(audioChannel, item);
      if (deps.validity.note(await deps.validity.of(item.documentId, payload.validTo ?? null)) === null) items.push({ ...item, payload } as LiveRendition<AudioPayload>);
    }
    return items.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  };

  app.get('/podcasts', async () => {
    const sites = new Map<string, string>();
    const brands = new Map<string, string>();
    for (const { payload } of await live()) {
      for (const site of payload.sites) sites.set(site.code, site.name);
      if (payload.brand) brands.set(payload.brand.code, payload.brand.name);
    }
    return {
      podcasts: [
        ...[...sites].map(([code, name]) => ({ kind: 'site', code, name, rss: `${publicUrl}/podcasts/sites/${code}.rss` })),
        ...[...brands].map(([code, name]) => ({ kind: 'brand', code, name, rss: `${publicUrl}/podcasts/brands/${code}.rss` })),
      ],
    };
  });

  for (const kind of ['sites', 'brands'] as const) {
    app.get<{ Params: { file: string } }>(`/podcasts/${kind}/:file`, async (request, reply) => {
      const code = request.params.file.replace(/\.rss$/, '');
      if (!request.params.file.endsWith('.rss') || !CODE.test(code)) {
        return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个播客订阅：格式为 /podcasts/sites/<站点>.rss 或 /podcasts/brands/<品牌栏目>.rss，全部订阅见 /podcasts' });
      }
      deps.countRequest(request, { kind: 'feed', channel: audioChannel.code, site: kind === 'sites' ? code : '', document_id: '' });
      return deps.cached(request, reply, `podcast:${kind}:${code}`, async () => {
        const all = await live();
        const items = all.filter(({ payload }) => (kind === 'sites' ? payload.sites.some((s) => s.code === code) : payload.brand?.code === code)).slice(0, FEED_SIZE);
        const site = kind === 'sites' ? await deps.live.siteOn('web', code) : null;
        const name = kind === 'sites' ? site?.name ?? items[0]?.payload.sites.find((s) => s.code === code)?.name : items[0]?.payload.brand?.name;
        // A site with a portal is an empty feed until its first programme (listeners may subscribe early); anything else unknown is a 404.
        if (!name) return null;
        const body = podcastXml({
          title: `${name} · 音频节目`,
          description: `${name}的政策解读音频节目（同源发布）`,
          feedUrl: `${publicUrl}/podcasts/${kind}/${code}.rss`,
          siteUrl: kind === 'sites' ? `${publicUrl}/sites/${code}/` : `${publicUrl}/podcasts`,
          author: name,
        }, items, publicUrl, (payload) => (kind === 'sites' ? payload.sites.find((s) => s.code === code)?.page : payload.sites[0]?.page) ?? `${publicUrl}/podcasts`);
        return { type: RSS, body };
      }, { notFound: '这个播客订阅还没有节目' });
    });
  }
};

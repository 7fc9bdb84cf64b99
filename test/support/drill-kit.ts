import { REPO, TEST_TOKEN } from './cms';
import { freePort, startProcess, waitFor, type RunningProcess } from './processes';
import { graphql, type Stack } from './stack';
import { contentApi, contentManager, INTERPRETATION } from './strapi-api';

/** What fault tests and drills share: publishing through the CMS, and comparing the CMS with what is live. */
export type ContentManager = ReturnType<typeof contentManager>;

/** Publishes `count` signed-off interpretations on web and feeds (Juxian's portal), one after another; returns their ids. */
export async function publishMany(cm: ContentManager, prefix: string, count: number, pauseMs = 0): Promise<string[]> {
  const { body: channels } = await cm.list('api::channel.channel');
  const { body: sites } = await cm.list('api::site.site');
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await cm.create(INTERPRETATION, {
      title: `${prefix} 第 ${i + 1} 篇`, slug: `${prefix}-${i + 1}`, stage: 'office_signoff', body: '正文',
      channels: channels.results.filter((c: any) => ['web', 'feeds'].includes(c.code)).map((c: any) => c.documentId),
      sites: sites.results.filter((s: any) => s.code === 'juxian-portal').map((s: any) => s.documentId),
    });
    if (created.status !== 201 && created.status !== 200) throw new Error(`创建失败：${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
    const published = await cm.publish(INTERPRETATION, created.body.data.documentId);
    if (published.status !== 200) throw new Error(`发布失败：${published.status} ${JSON.stringify(published.body).slice(0, 300)}`);
    ids.push(created.body.data.documentId);
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return ids;
}

/**
 * Every document the CMS has published for a channel (interpretations that target it and have a
 * site, policy documents with a site) that is not live on it: `channel:documentId` for each one.
 */
export async function lostPublications(stack: Stack, token: string, channels = ['web', 'feeds']): Promise<string[]> {
  const api = contentApi(stack.cms.url, TEST_TOKEN);
  const published = new Map<string, Set<string>>(channels.map((c) => [c, new Set<string>()]));
  for (const path of ['/interpretations', '/policy-documents']) {
    for (let page = 1; ; page += 1) {
      const populate = path === '/interpretations' ? '&populate[channels]=true' : '';
      const { body } = await api.get(`${path}?status=published&fields[0]=title&pagination[pageSize]=100&pagination[page]=${page}&populate[sites]=true${populate}`);
      for (const d of body.data) {
        for (const channel of channels) {
          const targets = path === '/policy-documents' ? d.sites.length > 0 : d.channels.some((c: any) => c.code === channel) && d.sites.length > 0;
          if (targets) published.get(channel)!.add(d.documentId);
        }
      }
      if (page >= body.meta.pagination.pageCount) break;
    }
  }
  const lost: string[] = [];
  for (const channel of channels) {
    const live = new Set<string>();
    let after: string | null = null;
    do {
      const { body }: any = await graphql(stack, token, 'query($c: String!, $after: String) { channelFeed(channel: $c, first: 100, after: $after) { edges { node { documentId } } pageInfo { hasNextPage endCursor } } }', { c: channel, after });
      body.data.channelFeed.edges.forEach((e: any) => live.add(e.node.documentId));
      after = body.data.channelFeed.pageInfo.hasNextPage ? body.data.channelFeed.pageInfo.endCursor : null;
    } while (after);
    for (const id of published.get(channel)!) if (!live.has(id)) lost.push(`${channel}:${id}`);
  }
  return lost;
}

/** Seconds until nothing published is missing from any channel (at most `timeoutMs`). */
export async function secondsUntilNothingLost(stack: Stack, token: string, timeoutMs: number, from = Date.now()): Promise<number> {
  await waitFor('every published document live on every channel', async () => (await lostPublications(stack, token)).length === 0, timeoutMs, 250);
  return (Date.now() - from) / 1000;
}

/**
 * The longest an author waited, over these documents, from publishing in the CMS to the web
 * rendition going live (the CMS's publishedAt against the publisher's live time), in seconds.
 */
export async function longestPublishToLive(stack: Stack, token: string, ids: string[]): Promise<number> {
  const api = contentApi(stack.cms.url, TEST_TOKEN);
  let longest = 0;
  for (const id of ids) {
    const { body: doc } = await api.get(`/interpretations/${id}?status=published&fields[0]=publishedAt`);
    const { body } = await graphql(stack, token, 'query($id: ID!) { revisions(documentId: $id) { channels { channel liveFrom } } }', { id });
    const liveFrom = body.data.revisions.flatMap((r: any) => r.channels).filter((c: any) => c.channel === 'web' && c.liveFrom).map((c: any) => Date.parse(c.liveFrom));
    if (liveFrom.length && doc?.data?.publishedAt) longest = Math.max(longest, (Math.min(...liveFrom) - Date.parse(doc.data.publishedAt)) / 1000);
  }
  return longest;
}

/** A Redis of the drill's own (keeps nothing on disk), so restarting it never touches the machine's. */
export async function startPrivateRedis() {
  const port = await freePort();
  let server: RunningProcess;
  const start = async () => {
    server = startProcess('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { cwd: REPO, env: process.env });
    await waitFor('the drill\'s Redis', async () => server.output().includes('Ready to accept connections'), 10_000, 50);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    /** Killed and started again, empty: every job and lock is gone. */
    async restart() {
      await server.stop('SIGKILL');
      await start();
    },
    stop: () => server.stop('SIGKILL'),
  };
}

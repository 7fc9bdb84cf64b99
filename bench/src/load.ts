import autocannon from 'autocannon';
import { ADMIN } from '../../test/support/cms';
import { lostPublications, publishMany, secondsUntilNothingLost } from '../../test/support/drill-kit';
import { startStack } from '../../test/support/stack';
import { adminLogin, contentManager } from '../../test/support/strapi-api';
import { sampleMemory } from './republish';
import { percentile, type Figure } from './report';
import { judged } from './verdict';

const FEED = JSON.stringify({ query: '{ channelFeed(channel: "web", first: 20) { edges { node { documentId title revision payload artifacts { url sha256 } } } pageInfo { endCursor } } }' });
const CHANGES = (since: number) => JSON.stringify({ query: `{ changes(since: "${since}", channels: ["web", "feeds"], first: 100) { cursor hasMore changes { documentId kind revision } } }` });

/**
 * Operators under load while authors publish: 50 connections pull channelFeed, changes(since:)
 * and the RSS feeds for `seconds` while `publishes` interpretations go out through the CMS.
 * Goal: no errors, nothing lost, memory stable; p99 reported.
 */
export async function measureLoadWhilePublishing(seconds: number, publishes: number): Promise<Figure[]> {
  const stack = await startStack({ publisherEnv: { LOG_LEVEL: 'error', WORKER_CONCURRENCY: '' } });
  try {
    const token = await stack.token(['create', '--name', 'bench-load', '--channels', 'web,feeds']);
    const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
    await secondsUntilNothingLost(stack, token, 120_000);
    const memory = sampleMemory(stack);
    const times: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const json = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const requests = (i: number) => {
      const kind = i % 3;
      if (kind === 0) return { method: 'POST' as const, path: '/graphql', headers: json, body: FEED };
      if (kind === 1) return { method: 'POST' as const, path: '/graphql', headers: json, body: CHANGES(i % 50) };
      return { method: 'GET' as const, path: '/feeds/juxian-portal/interpretations.rss', headers: {}, body: undefined };
    };
    const load = new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({
        url: stack.url, connections: 50, duration: seconds, timeout: 10,
        requests: [{ setupRequest: (request) => ({ ...request, ...requests(next++) }) }],
      }, (error, result) => (error ? reject(error) : resolve(result)));
      instance.on('response', (_c: unknown, status: number, _b: number, responseTime: number) => {
        times.push(responseTime);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      });
    });
    const publishStarted = Date.now();
    const ids = await publishMany(cm, `bench-load-${Date.now()}`, publishes, Math.max(0, (seconds * 1000 * 0.8) / publishes - 150));
    const published = Date.now();
    const result = await load;
    const settledAfter = await secondsUntilNothingLost(stack, token, 120_000, published);
    const lost = (await lostPublications(stack, token)).length;
    const rss = memory.stop();
    const errors = result.errors + result.non2xx + result.timeouts;
    // Stable: each process ends within a quarter of where it started plus some slack for caches (MiB over that, ≤ 0).
    const growth = (p: { start: number; end: number }) => p.end - (p.start * 1.25 + 64);
    return [judged({
      name: `50 operators pulling channelFeed / changes / RSS for ${seconds} s while ${ids.length} interpretations are published`,
      goal: [
        { figure: 'errors', is: '=', limit: 0 }, { figure: 'lost', is: '=', limit: 0 },
        { figure: 'API memory growth past 1.25× + 64 MiB', is: '≤', limit: 0, unit: ' MiB' },
        { figure: 'worker memory growth past 1.25× + 64 MiB', is: '≤', limit: 0, unit: ' MiB' },
      ],
      figures: { errors, lost, 'API memory growth past 1.25× + 64 MiB': growth(rss.api), 'worker memory growth past 1.25× + 64 MiB': growth(rss.worker) },
      measured: `${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p95 ${percentile(times, 95).toFixed(1)} ms, p99 ${result.latency.p99} ms, errors ${errors} (${[...statuses].filter(([s]) => s >= 300).map(([s, n]) => `${n}×${s}`).join(', ') || 'none'}), lost ${lost}; `
        + `all live ${settledAfter.toFixed(1)} s after the last publish (${((published - publishStarted) / 1000).toFixed(0)} s of publishing); RSS API ${rss.api.start} → ${rss.api.end} MiB (peak ${rss.api.peak}), worker ${rss.worker.start} → ${rss.worker.end} MiB (peak ${rss.worker.peak})`,
      raw: { statuses: Object.fromEntries(statuses), requests: result.requests, latency: result.latency, rss, settledAfter, publishes: ids.length },
    })];
  } finally {
    await stack.stop();
  }
}

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { TEST_TOKEN } from '../../test/support/cms';
import type { Stack } from '../../test/support/stack';
import type { Figure } from './report';
import { informative, judged } from './verdict';

/**
 * Operators pulling a 20-item feed, 50 connections, side by side in one run: Tongyuan's GraphQL
 * `channelFeed`, Strapi's GraphQL plugin and its REST API serving the same 20 interpretations
 * (key points, Q&A, department) from the same database, and Tongyuan's own response bytes served
 * as a static file by the same Fastify server.
 */
export const OURS = '{ channelFeed(channel: "feeds", first: 20) { edges { cursor node { documentId title publishedAt updatedAt revision payload } } pageInfo { hasNextPage endCursor } } }';
const STRAPI_GRAPHQL = '{ interpretations(pagination: { limit: 20 }, sort: "publishedAt:desc") { documentId title slug digest body keyPoints { heading text } qa { question answer } department { name hotline } publishedAt } }';
const STRAPI_REST = '/api/interpretations?pagination[pageSize]=20&sort[0]=publishedAt:desc&populate[keyPoints]=true&populate[qa]=true&populate[department]=true';

interface Target { name: string; url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }

export async function measureFeedThroughput(stack: Stack, operatorToken: string, staticDir: string, seconds: number): Promise<Figure[]> {
  const json = { 'content-type': 'application/json' };
  const ours: Target = { name: 'Tongyuan GraphQL channelFeed', url: `${stack.url}/graphql`, method: 'POST', headers: { ...json, authorization: `Bearer ${operatorToken}` }, body: JSON.stringify({ query: OURS }) };
  const first = await fetch(ours.url, { method: 'POST', headers: ours.headers, body: ours.body });
  const bytes = await first.text();
  if (!first.ok || bytes.includes('"errors"')) throw new Error(`channelFeed failed: ${first.status} ${bytes.slice(0, 300)}`);
  writeFileSync(path.join(staticDir, 'channel-feed.json'), bytes);
  const etag = first.headers.get('etag');
  const conditional = await fetch(ours.url, { method: 'POST', headers: { ...ours.headers, 'if-none-match': etag ?? '' }, body: ours.body });

  const targets: Target[] = [
    ours,
    { name: 'static file, same server', url: `${stack.url}/static/channel-feed.json` },
    { name: 'Strapi GraphQL plugin', url: `${stack.cms.url}/graphql`, method: 'POST', headers: { ...json, authorization: `Bearer ${TEST_TOKEN}` }, body: JSON.stringify({ query: STRAPI_GRAPHQL }) },
    { name: 'Strapi REST (populate)', url: `${stack.cms.url}${STRAPI_REST}`, headers: { authorization: `Bearer ${TEST_TOKEN}` } },
  ];
  const results: Record<string, { rps: number; p99: number; errors: number; non2xx: number; timeouts: number; bytes: number }> = {};
  for (const target of targets) {
    const sample = await fetch(target.url, { method: target.method ?? 'GET', headers: target.headers, body: target.body });
    const size = (await sample.arrayBuffer()).byteLength;
    if (!sample.ok) throw new Error(`${target.name}: ${sample.status}`);
    await run(target, 2); // warm-up
    const r = await run(target, seconds);
    results[target.name] = { rps: r.requests.average, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, timeouts: r.timeouts, bytes: size };
  }
  const mine = results[ours.name];
  const fixed = results['static file, same server'];
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toString() : n.toFixed(1));
  const figures: Figure[] = [];
  for (const [name, r] of Object.entries(results)) {
    const errors = r.errors + r.non2xx + r.timeouts;
    const row = {
      name: `feed 20 items, 50 conn: ${name}`,
      measured: `${fmt(r.rps)} req/s, p99 ${r.p99} ms, ${Math.round(r.bytes / 1024)} KB, errors ${errors}`,
      ratio: `${(mine.rps / r.rps).toFixed(2)}× ours/this`, raw: r,
    };
    figures.push(name === ours.name
      ? judged({
        ...row,
        goal: [
          { figure: 'req/s', is: '≥', limit: 0.8 * fixed.rps, limitText: `0.8× static (${fmt(0.8 * fixed.rps)})` },
          { figure: 'p99', is: '≤', limit: 2 * Math.max(fixed.p99, 1), limitText: `2× static (${2 * Math.max(fixed.p99, 1)} ms)` },
          { figure: 'errors', is: '=', limit: 0 },
        ],
        figures: { 'req/s': r.rps, p99: r.p99, errors },
      })
      : informative(row));
  }
  figures.push(judged({
    name: 'unchanged feed, conditional request', goal: [{ figure: 'status', is: '=', limit: 304 }], figures: { status: conditional.status },
    measured: String(conditional.status), raw: { etag },
  }));
  return figures;
}

function run(target: Target, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: target.url, method: target.method ?? 'GET', headers: target.headers, body: target.body, connections: 50, duration: seconds, timeout: 10 },
      (error, result) => (error ? reject(error) : resolve(result)));
  });
}

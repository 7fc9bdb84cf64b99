import autocannon from 'autocannon';
import { TEST_TOKEN } from '../../test/support/cms';
import { graphql, OPS, startStack } from '../../test/support/stack';
import { percentile, type Figure } from './report';
import { informative, judged } from './verdict';

export const MATCH = 'query($p: [String!], $q: String) { matchPolicies(profile: $p, query: $q, first: 20) { total edges { node { key title score matched { dimension tags } neutral { dimension } basis { documentNumber status clauses { number start end } } } } } }';
export const FACETS = 'query($s: [String!]) { policyFacets(selection: $s) { dimension tags { id count excluded reason } } }';

/**
 * The 1,700-item fixture (GENERATED_POLICY_ITEMS) published through the CMS into the 政策匹配
 * channel; 20 connections ask matchPolicies and policyFacets with 200 different profiles (a
 * quarter with a search term), side by side with Strapi's REST API filtering the same items by
 * one tag — the nearest a Strapi-only build gets, without ranking, explanations or facets.
 */
export async function measurePolicyMatching(seconds: number): Promise<Figure[]> {
  const stack = await startStack({
    cmsEnv: { GENERATED_POLICY_ITEMS: '1700' },
    // As deployed (compose sets NODE_ENV=production): graphql-js then skips its development-time checks.
    publisherEnv: { NODE_ENV: 'production', CHANNELS: 'web,feeds,policy-match', LOG_LEVEL: 'error', RECONCILE_INTERVAL_MS: '5000', WORKER_CONCURRENCY: '' },
  });
  try {
    const token = await stack.token(['create', '--name', 'bench-policies', '--channels', 'policy-match']);
    // Ready when the 政策匹配 channel has nothing queued and its live count stood still for three seconds.
    const basic = `Basic ${Buffer.from(`${OPS.user}:${OPS.password}`).toString('base64')}`;
    let [live, steady] = [0, 0];
    for (let i = 0; i < 600 && steady < 6; i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: basic, accept: 'application/json' } })).json()) as { channels: Array<Record<string, string | number>> };
      const channel = status.channels.find((c) => c.channel === 'policy-match') ?? {};
      const now = Number(channel.live ?? 0);
      steady = now === live && now > 0 && !channel.queued && !channel.rendering ? steady + 1 : 0;
      live = now;
    }
    const { body: all } = await graphql(stack, token, MATCH, { p: [] });
    const validToday = all.data.matchPolicies.total as number;
    // Some generated documents have ended or been superseded: fewer items are valid today than exist.
    if (validToday < 1200) throw new Error(`政策事项没有全部上线：今天有效的只有 ${validToday} 个`);
    const { body: facetBody } = await graphql(stack, token, FACETS, { s: [] });
    const tagsOf = (dimension: string) => (facetBody.data.policyFacets as Array<{ dimension: string; tags: Array<{ id: string }> }>)
      .find((f) => f.dimension === dimension)!.tags.map((t) => t.id);
    const [taxpayer, industry, entity, size, tax] = ['taxpayer-type', 'industry', 'special-entity', 'enterprise-size', 'tax-type'].map(tagsOf);
    taxpayer.splice(2); // 一般纳税人 / 小规模纳税人: the exclusive pair every taxpayer is in
    const profiles = Array.from({ length: 200 }, (_, i) => [
      taxpayer[i % taxpayer.length], industry[i % industry.length], ...(i % 3 === 0 ? [entity[i % entity.length]] : []),
      ...(i % 4 === 0 ? [size[i % size.length]] : []), ...(i % 5 === 0 ? [tax[i % tax.length]] : []),
    ]);
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const terms = ['免征', '减征', '企业所得税', '编号 12'];
    // Repeat visitors: 200 profiles over and over (after the first round, answers come from the response cache).
    const matchBodies = profiles.map((p, i) => JSON.stringify({ query: MATCH, variables: { p, q: i % 4 === 0 ? terms[(i / 4) % terms.length] : null } }));
    const facetBodies = profiles.map((p) => JSON.stringify({ query: FACETS, variables: { s: p } }));
    // Every question new: 20,000 distinct profiles (combinations across six dimensions), today, nothing cached.
    const distinct = distinctProfiles(tagsOf);
    const matchFresh = distinct.map((p) => JSON.stringify({ query: MATCH, variables: { p, q: null } }));
    const facetFresh = distinct.map((p) => JSON.stringify({ query: FACETS, variables: { s: p } }));
    const strapiUrls = industry.map((id) => `${stack.cms.url}/api/policy-documents?filters[items][tags][code][$eq]=${id.split(':')[1]}&populate[items][populate][tags]=true&pagination[pageSize]=20`);

    const url = `${stack.url}/graphql`;
    const results = {
      matchNew: await run(url, 'POST', auth, matchFresh, seconds),
      facetsNew: await run(url, 'POST', auth, facetFresh, seconds),
      match: await run(url, 'POST', auth, matchBodies, seconds),
      facets: await run(url, 'POST', auth, facetBodies, seconds),
      strapi: await run(null, 'GET', { authorization: `Bearer ${TEST_TOKEN}` }, strapiUrls, seconds),
    };
    const line = (r: Result) => `p50 ${r.p50} ms, p95 ${r.p95.toFixed(1)} ms, p97.5 ${r.p975} ms, p99 ${r.p99} ms, ${Math.round(r.rps)} req/s, errors ${r.errors}`;
    const row = (name: string, r: Result, limitMs: number, extra: { ratio?: string; raw?: Record<string, unknown> } = {}) => judged({
      name, goal: [{ figure: 'p95', is: '≤', limit: limitMs, unit: ' ms' }, { figure: 'errors', is: '=', limit: 0 }],
      figures: { p95: r.p95, errors: r.errors }, measured: line(r), ratio: extra.ratio, raw: { ...r, ...extra.raw },
    });
    const ratio = (r: Result) => `${(r.rps / results.strapi.rps).toFixed(1)}× Strapi's rate`;
    const raw = { documents: live, validToday };
    return [
      row('matchPolicies, 1,700 items, 20 conn, every question new, 20,000 profiles (no cache)', results.matchNew, 20, { ratio: ratio(results.matchNew), raw }),
      row('matchPolicies, 1,700 items, 20 conn, 200 repeat profiles (response cache)', results.match, 20, { ratio: ratio(results.match) }),
      row('policyFacets, 1,700 items, 20 conn, every question new, 20,000 selections (no cache)', results.facetsNew, 30),
      row('policyFacets, 1,700 items, 20 conn, 200 repeat selections (response cache)', results.facets, 30),
      informative({ name: 'Strapi REST: policy documents filtered by one item tag (no ranking, no facets)', measured: line(results.strapi), raw: { ...results.strapi } }),
    ];
  } finally {
    await stack.stop();
  }
}

/** Up to 20,000 distinct company profiles: combinations across six dimensions of the 政策匹配 facets (`tagsOf` lists a dimension's tag ids). */
export function distinctProfiles(tagsOf: (dimension: string) => string[]): string[][] {
  const [taxpayer, industry, entity, size, tax, credit] = ['taxpayer-type', 'industry', 'special-entity', 'enterprise-size', 'tax-type', 'credit-rating'].map(tagsOf);
  taxpayer.splice(2); // 一般纳税人 / 小规模纳税人: the exclusive pair every taxpayer is in
  const combos: string[][] = [];
  for (const t of tax) for (const c of [null, ...credit]) for (const s of [null, ...size]) for (const e of [null, ...entity]) for (const i of industry) for (const p of taxpayer) {
    combos.push([p, i, e, s, c, t].filter((x): x is string => x !== null));
  }
  return combos.filter((_, i) => i % Math.max(1, Math.floor(combos.length / 20_000)) === 0).slice(0, 20_000);
}

export interface Result { p50: number; p95: number; p975: number; p99: number; rps: number; errors: number }

/** autocannon over a rotating list of bodies (POST) or URLs (GET), 20 connections. */
export function run(url: string | null, method: 'GET' | 'POST', headers: Record<string, string>, rotation: string[], seconds: number): Promise<Result> {
  let next = 0;
  const target = url ?? rotation[0];
  // autocannon's summary has p97.5 but no p95: every response time is kept to read p95 exactly.
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: target, method, headers, connections: 20, duration: seconds, timeout: 10,
      requests: [{
        setupRequest: (request) => {
          const item = rotation[next++ % rotation.length];
          return method === 'POST' ? { ...request, body: item } : { ...request, path: item.slice(new URL(item).origin.length) };
        },
      }],
    }, (error, result) => (error ? reject(error) : resolve({
      p50: result.latency.p50, p95: percentile(times, 95), p975: result.latency.p97_5, p99: result.latency.p99, rps: result.requests.average,
      errors: result.errors + result.non2xx + result.timeouts,
    })));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  });
}


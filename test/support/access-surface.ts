import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './cms';
import { graphql, type Stack } from './stack';

/**
 * The publisher's surface as the abuse tests see it: every route the app registers (built from the
 * stack's own environment in a child process, with the same code that serves), every GraphQL root
 * field (introspection), and a realistic request for each.
 */
const LIST_ROUTES = `
const { buildApp } = require('./src/api/server');
const { registeredRoutes } = require('./src/api/access');
const { wireServices } = require('./src/main/wiring');
(async () => {
  const services = await wireServices('route-list');
  const app = await buildApp(services, { requestRefetchAll() {} });
  await app.ready();
  process.stdout.write(JSON.stringify(registeredRoutes(app)));
  process.exit(0);
})();`;

export async function registeredRoutesOf(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-deprecation', '--import', 'tsx', '-e', LIST_ROUTES], {
    cwd: path.join(REPO, 'publisher'), env: { ...process.env, ...env, LOG_LEVEL: 'error' }, encoding: 'utf8',
  });
  return JSON.parse(stdout) as string[];
}

export async function rootFieldsOf(stack: Stack, adminToken: string): Promise<string[]> {
  const { body } = await graphql(stack, adminToken, '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
  const names = (type: string, fields: Array<{ name: string }>) => fields.map((f) => `${type}.${f.name}`);
  return [...names('Query', body.data.__schema.queryType.fields), ...names('Mutation', body.data.__schema.mutationType.fields)];
}

/** Live values to fill route parameters with, so that a realistic request reaches real content. */
export interface LiveValues {
  site: string; listCode: string; slug: string; policyId: string; documentId: string; sha256: string; fileName: string;
  itemKey: string; subscriptionId: string; feedToken: string; spareSubscriptionId: string; otherSiteDocumentId: string;
}

/**
 * Real values for route parameters, polled until the demo content is live and the change stream
 * has been quiet for four polls (while it ingests, re-renders replace files); undefined until then.
 */
export function liveValuesOf(stack: Stack, adminToken: string, subscriberToken: string): () => Promise<LiveValues | undefined> {
  let changeCursor = '0';
  let quietPolls = 0;
  return async () => {
    const { body } = await graphql(stack, adminToken, 'query($s: String) { changes(since: $s, first: 100) { cursor } }', { s: changeCursor });
    quietPolls = body.data.changes.cursor === changeCursor ? quietPolls + 1 : 0;
    changeCursor = body.data.changes.cursor;
    if (quietPolls < 4) return undefined; // still ingesting the demo content (re-renders replace files)
    const ask = async (query: string, variables = {}) => (await graphql(stack, adminToken, query, variables)).body.data;
    const FEED = 'query($c: String!, $s: String) { channelFeed(channel: $c, site: $s, first: 100) { edges { node { documentId payload artifacts { name sha256 } } } } }';
    const juxian = (await ask(FEED, { c: 'web', s: 'juxian-portal' })).channelFeed.edges.map((e: any) => e.node);
    const suzhou = (await ask(FEED, { c: 'feeds', s: 'suzhou-portal' })).channelFeed.edges.map((e: any) => e.node.documentId as string);
    const interpretation = juxian.find((n: any) => n.payload.kind === 'interpretation' && n.artifacts.length > 0);
    const policy = juxian.find((n: any) => n.payload.kind === 'policy-document');
    const otherSite = suzhou.find((id: string) => !juxian.some((n: any) => n.documentId === id));
    const listColumn = ((await (await fetch(`${stack.url}/feeds`)).json()) as any).feeds.find((f: any) => f.site === 'juxian-portal' && f.column.startsWith('list-'))?.column;
    const item = (await ask('{ matchPolicies(first: 1) { edges { node { key } } } }')).matchPolicies.edges[0]?.node;
    const slugPage = await fetch(`${stack.url}/sites/juxian-portal/interpretations/jx-public-rental-housing.html`);
    if (!interpretation || !policy || !otherSite || !listColumn || !item || slugPage.status !== 200) return undefined;
    const subscribe = async () => {
      const { body } = await graphql(stack, subscriberToken, 'mutation { subscribePolicies(name: "abuse", profile: [], delivery: { feed: true }) { id feedUrl } }');
      return body.data.subscribePolicies as { id: string; feedUrl: string };
    };
    const [kept, spare] = [await subscribe(), await subscribe()];
    return {
      site: 'juxian-portal', listCode: listColumn.slice('list-'.length), slug: 'jx-public-rental-housing', policyId: policy.documentId,
      documentId: interpretation.documentId, sha256: interpretation.artifacts[0].sha256, fileName: encodeURIComponent(interpretation.artifacts[0].name),
      itemKey: encodeURIComponent(item.key), subscriptionId: kept.id, feedToken: new URL(kept.feedUrl).searchParams.get('token')!,
      spareSubscriptionId: spare.id, otherSiteDocumentId: otherSite,
    };
  };
}

export interface RouteSample { params?: (live: LiveValues) => Record<string, string>; status: number; body?: unknown }

const site = (live: LiveValues) => ({ site: live.site });
const terminal = () => ({ terminal: 'juxian-hall-01' });
/** What a reader (or the CMS, an operator, staff) gets from each route; no kiosk or video channel runs in this stack. */
export const ROUTE_SAMPLES: Record<string, RouteSample> = {
  'GET /healthz': { status: 200 },
  'GET /readyz': { status: 200 },
  'GET /status': { status: 200 },
  'GET /metrics': { status: 200 },
  'POST /hooks/strapi': { status: 202, body: { event: 'entry.update', model: 'user', entry: { id: 1 } } },
  'GET /hooks/publication/:documentId': { params: (l) => ({ documentId: l.documentId }), status: 200 },
  'GET /hooks/preflight/:kind/:documentId': { params: (l) => ({ kind: 'interpretation', documentId: l.documentId }), status: 200 },
  'POST /hooks/norms/check': { status: 200, body: { texts: [{ field: 'title', label: '标题', text: '扫黑险恶' }] } },
  'GET /hooks/preview/:kind/:documentId': { params: (l) => ({ kind: 'interpretation', documentId: l.documentId }), status: 200 },
  'GET /hooks/preview-page/:kind/:documentId': { params: (l) => ({ kind: 'interpretation', documentId: l.documentId }), status: 200 },
  'GET /hooks/history/:documentId': { params: (l) => ({ documentId: l.documentId }), status: 200 },
  'GET /hooks/inspection.json': { status: 200 },
  'GET /hooks/inspection.csv': { status: 200 },
  'GET /hooks/reports/annual': { status: 200 },
  'GET /hooks/reports/annual.pdf': { status: 200 },
  // 在线访谈: every site has a 往期回顾 column; an interview's live page and stream are tested live in publishing/interviews.ts.
  'GET /sites/:site/interviews/': { params: site, status: 200 },
  'GET /sites/:site/interviews/:slug/live': { params: (l) => ({ site: l.site, slug: 'no-such-interview' }), status: 404 },
  'GET /sites/:site/interviews/:slug/live/events': { params: (l) => ({ site: l.site, slug: 'no-such-interview' }), status: 404 },
  'POST /hooks/interviews/:documentId/turns': { params: () => ({ documentId: 'no-such-interview' }), status: 404, body: { speaker: '主持人', text: '各位网友大家好' } },
  'GET /graphql': { status: 200 },
  'POST /graphql': { status: 200, body: { query: '{ __typename }' } },
  'OPTIONS /graphql': { status: 405 }, // Apollo's integration: past the token, only GET and POST
  'GET /subscriptions/:id/:file': { params: (l) => ({ id: l.subscriptionId, file: 'feed.json' }), status: 200 },
  'GET /files/:sha256/:name': { params: (l) => ({ sha256: l.sha256, name: l.fileName }), status: 200 },
  'GET /feeds': { status: 200 },
  'GET /feeds/:site/:file': { params: (l) => ({ site: l.site, file: 'interpretations.atom' }), status: 200 },
  'GET /podcasts': { status: 200 },
  // No audio programme is made here: a site with a portal has an empty podcast feed, a brand column without programmes none.
  'GET /podcasts/sites/:file': { params: (l) => ({ file: `${l.site}.rss` }), status: 200 },
  'GET /podcasts/brands/:file': { params: () => ({ file: 'zai-kai-jiang.rss' }), status: 404 },
  'GET /sites': { status: 200 },
  'GET /sites/:site/': { params: site, status: 200 },
  'GET /sites/:site/policies/': { params: site, status: 200 },
  'GET /sites/:site/interpretations/': { params: site, status: 200 },
  'GET /sites/:site/images/': { params: () => ({ site: 'suzhou-portal' }), status: 200 },
  'GET /sites/:site/videos/': { params: site, status: 200 },
  'GET /sites/:site/qa/': { params: site, status: 200 },
  'GET /sites/:site/lists/': { params: site, status: 200 },
  'GET /sites/:site/lists/:list/': { params: (l) => ({ site: l.site, list: l.listCode }), status: 200 },
  'GET /sites/:site/interpretations/:file': { params: (l) => ({ site: l.site, file: `${l.slug}.html` }), status: 200 },
  'GET /sites/:site/policies/:file': { params: (l) => ({ site: l.site, file: `${l.policyId}.html` }), status: 200 },
  'GET /sites/:site/sitemap.xml': { params: site, status: 200 },
  'GET /cinema': { status: 200 },
  'GET /cinema/reels.json': { status: 200 },
  'GET /cinema/:date/:file': { params: () => ({ date: new Date().toISOString().slice(0, 10), file: 'juxian-chengyang.m3u' }), status: 404 },
  'GET /print': { status: 200 },
  'GET /print/:county': { params: () => ({ county: 'juxian' }), status: 200 },
  'GET /tv': { status: 200 },
  // A station's page exists once its package is built: the abuse stack renders no TV.
  'GET /tv/:station': { params: () => ({ station: 'juxian-tv' }), status: 404 },
  'GET /loudspeakers': { status: 200 },
  // A region's page exists once its programme is joined: the abuse stack renders no audio.
  'GET /loudspeakers/:region': { params: () => ({ region: 'jx-east' }), status: 404 },
  'GET /loudspeakers/:region/:date': { params: () => ({ region: 'jx-east', date: new Date().toISOString().slice(0, 10) }), status: 404 },
  'GET /kiosk/:terminal/': { params: terminal, status: 404 },
  'GET /kiosk/:terminal/app.js': { params: terminal, status: 200 },
  'GET /kiosk/:terminal/sw.js': { params: terminal, status: 200 },
  'GET /kiosk/:terminal/sync.js': { params: terminal, status: 200 },
  'GET /kiosk/:terminal/funds.js': { params: terminal, status: 200 },
  'GET /kiosk/:terminal/manifest.json': { params: terminal, status: 404 },
  'GET /kiosk/:terminal/font.woff2': { params: terminal, status: 404 },
  'POST /kiosk/:terminal/heartbeat': { params: terminal, status: 404, body: { version: '0'.repeat(64), items: 1 } },
  'GET /sites/:site/ask': { params: site, status: 200 },
  'POST /sites/:site/ask': { params: site, status: 400, body: { body: '没有防刷验证的提交' } },
  'POST /kiosk/:terminal/questions': { params: terminal, status: 404, body: { body: '请问这台终端在哪里？' } },
  'GET /questions/challenge': { status: 200 },
  'GET /assets/altcha.js': { status: 200 },
  'GET /assets/altcha-lib.js': { status: 200 },
  // 问卷调查 and 你建言我来办: no survey in the abuse stack (publishing/suggestions-and-surveys.ts has live ones); every site has figures.
  'GET /sites/:site/surveys/:id': { params: (l) => ({ site: l.site, id: 'no-such-survey' }), status: 404 },
  'POST /sites/:site/surveys/:id': { params: (l) => ({ site: l.site, id: 'no-such-survey' }), status: 404, body: { q0: '5' } },
  'GET /sites/:site/open-figures': { params: site, status: 200 },
  // 民生资金公开: no payments in the abuse stack, so every page says so (404); the lookup form opens, a lookup without a proper ID number is refused (test/publisher/funds/disclosure.ts has live ones).
  'GET /sites/:site/funds': { params: site, status: 404 },
  'GET /sites/:site/funds/townships/:township': { params: (l) => ({ site: l.site, township: encodeURIComponent('城阳街道') }), status: 404 },
  'GET /sites/:site/funds/townships/:township/:village': { params: (l) => ({ site: l.site, township: encodeURIComponent('城阳街道'), village: encodeURIComponent('东关社区') }), status: 404 },
  'GET /sites/:site/funds/by-fund/:fund': { params: (l) => ({ site: l.site, fund: encodeURIComponent('耕地地力保护补贴') }), status: 404 },
  'GET /sites/:site/funds/lookup': { params: site, status: 200 },
  'GET /sites/:site/funds/feed.:format': { params: (l) => ({ site: l.site, format: 'atom' }), status: 404 },
  'POST /sites/:site/funds/lookup': { params: site, status: 400, body: { name: '张三', idNumber: '123' } },
  'GET /kiosk/:terminal/funds/:sha256': { params: () => ({ ...terminal(), sha256: '0'.repeat(64) }), status: 404 },
  // 我要监督: the form on any county's site; a report without its 匿名 choice or proof of work is refused (test/publisher/funds/reports.ts files real ones).
  'GET /sites/:site/funds/report': { params: site, status: 200 },
  'POST /sites/:site/funds/report': { params: site, status: 400, body: { body: '没有防刷验证的监督反映' } },
  // 码上监督 posters: no payments in the abuse stack, so no village has a poster (test/publisher/funds/posters.ts prints live ones).
  'GET /sites/:site/funds/posters/:township/:village.pdf': { params: (l) => ({ site: l.site, township: encodeURIComponent('城阳街道'), village: encodeURIComponent('东关社区') }), status: 404 },
  'GET /sites/:site/funds/posters/:township.pdf': { params: (l) => ({ site: l.site, township: encodeURIComponent('城阳街道') }), status: 404 },
  // 公租房: no roster in the abuse stack, so the rounds page says there is none and a round's pages are 404; the lookup form opens; a lookup without a proper ID number is refused (test/publisher/funds/housing.ts has live ones).
  'GET /sites/:site/funds/housing': { params: site, status: 200 },
  'GET /sites/:site/funds/housing/rounds/:round': { params: (l) => ({ site: l.site, round: encodeURIComponent('2026年第二批公租房') }), status: 404 },
  'GET /sites/:site/funds/housing/rounds/:round/history': { params: (l) => ({ site: l.site, round: encodeURIComponent('2026年第二批公租房') }), status: 404 },
  'GET /sites/:site/funds/housing/lookup': { params: site, status: 200 },
  'POST /sites/:site/funds/housing/lookup': { params: site, status: 400, body: { name: '张三', idNumber: '123' } },
  // 民生项目: none in the abuse stack, so a project's page and poster are a 404 (test/publisher/funds/projects-ledgers.ts opens live ones); the import templates are open to all.
  'GET /sites/:site/funds/projects/:project': { params: (l) => ({ site: l.site, project: '0123456789abcdef' }), status: 404 },
  'GET /sites/:site/funds/projects/:project/poster.pdf': { params: (l) => ({ site: l.site, project: '0123456789abcdef' }), status: 404 },
  'GET /sites/:site/funds/projects/posters/:township.pdf': { params: (l) => ({ site: l.site, township: encodeURIComponent('城阳街道') }), status: 404 },
  'GET /funds/templates/:file': { params: () => ({ file: 'projects.xlsx' }), status: 200 },
  'GET /hooks/surveys/:id/results': { params: () => ({ id: 'no-such-survey' }), status: 404 },
  // The demo's open events: the calendar, an event that does not exist, the calendar file.
  'GET /sites/:site/events/': { params: site, status: 200 },
  'GET /sites/:site/events/:file': { params: (l) => ({ site: l.site, file: 'no-such-event.html' }), status: 404 },
  'GET /sites/:site/events.ics': { params: site, status: 200 },
  // No open event in the abuse stack: registration and the door answer 404 (publishing/registration.ts has a live one).
  'GET /sites/:site/events/:event/register': { params: (l) => ({ site: l.site, event: 'no-such-event' }), status: 404 },
  'POST /sites/:site/events/:event/register': { params: (l) => ({ site: l.site, event: 'no-such-event' }), status: 404, body: { name: '张三', phone: '13800138000', group: '学生' } },
  'GET /registrations/:receipt': { params: () => ({ receipt: 'E20261203-ABCDEF' }), status: 404 },
  'POST /registrations/:receipt/cancel': { params: () => ({ receipt: 'E20261203-ABCDEF' }), status: 404, body: { key: 'x' } },
  'GET /checkin/:event/': { params: () => ({ event: 'no-such-event' }), status: 404 },
  'GET /checkin/:event/door.json': { params: () => ({ event: 'no-such-event' }), status: 404 },
  'POST /checkin/:event/arrivals': { params: () => ({ event: 'no-such-event' }), status: 404, body: { receipt: 'E20261203-ABCDEF' } },
  'GET /checkin/:event/sw.js': { params: () => ({ event: 'no-such-event' }), status: 200 },
  'GET /checkin/assets/jsqr.js': { status: 200 },
  'GET /hooks/checkin/:event/door-link': { params: () => ({ event: 'no-such-event' }), status: 404 },
  // 民生资金 through the CMS: no funds in the abuse stack's Juxian; an upload that is not the sheet's bytes, and a batch not of the county, are refused (test/publisher/funds/uploads.ts uploads real ones).
  'POST /hooks/funds/:county/uploads/:kind': { params: () => ({ county: 'juxian', kind: 'payments' }), status: 400, body: { title: '不是表格' } },
  'GET /hooks/funds/:county/batches': { params: () => ({ county: 'juxian' }), status: 200 },
  'POST /hooks/funds/:county/batches/:id/live': { params: () => ({ county: 'juxian', id: '999999' }), status: 404, body: { actorId: 'cms-user:1', actorName: '审核人' } },
  'POST /hooks/funds/:county/batches/:id/withdraw': { params: () => ({ county: 'juxian', id: '999999' }), status: 404, body: { actorId: 'cms-user:1', actorName: '审核人', reason: '测试撤回原因' } },
  'POST /hooks/funds/:county/batches/:id/return': { params: () => ({ county: 'juxian', id: '999999' }), status: 404, body: { actorId: 'cms-user:1', actorName: '审核人', reason: '测试退回原因' } },
  'POST /hooks/events/:event/comments': { params: () => ({ event: 'no-such-event' }), status: 404, body: { comments: ['建议增加停车位'] } },
  'GET /assets/fonts/rare/:file': { params: () => ({ file: '24B62.woff2' }), status: 200 }, // 𤭢, a 生僻字 of the fallback font
  'GET /status/inspection.json': { status: 200 },
  'GET /status/inspection.csv': { status: 200 },
  'POST /status/inspection/run': { status: 202 },
  'GET /status/wording.json': { status: 200 },
  'GET /status/wording.csv': { status: 200 },
  'POST /status/wording/scan': { status: 202 },
  'GET /reports/annual': { status: 200 },
  'GET /reports/annual.pdf': { status: 200 },
  'GET /reports/annual.json': { status: 200 },
  'GET /policy-finder/': { status: 200 },
  'GET /policy-finder/items/:key': { params: (l) => ({ key: l.itemKey }), status: 200 },
  'GET /policy-finder/export.csv': { status: 200 },
  'GET /policy-finder/export.xlsx': { status: 200 },
  'GET /policy-finder/print': { status: 200 },
  'GET /static/*': { params: () => ({ '*': 'hello.txt' }), status: 200 },
};

/** A URL from a Fastify pattern: each `:name` (and `*`) replaced, already URL-encoded. */
export function pathOf(route: string, params: Record<string, string>): string {
  const url = route.slice(route.indexOf(' ') + 1);
  return url.replace(/:([A-Za-z0-9]+)/g, (_, name: string) => params[name] ?? 'x').replace('*', params['*'] ?? 'x');
}

/** Route parameters nobody should send: traversal, NUL, very long, unicode, broken escapes, markup, SQL. */
export const HOSTILE_PARAMS = [
  '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%00', 'x'.repeat(4000), encodeURIComponent('政策解读😀'), '%E0%A4%A',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E', encodeURIComponent("' OR 1=1 --"), '%20', '-', 'CON',
];
export const HOSTILE_QUERY = '?page=-1&page=99999999999999999999&tag=%00&tag=..%2F&q=%E0%A4%A&asOf=9999-99-99&date=2026-02-30&kiosk=1&site=..%2F&token=%00';

/** One operation per root field, with variables from live values (a check overrides some). */
export interface FieldSample { query: string; variables?: (live: LiveValues) => Record<string, unknown>; allowedCode?: string }
const DOCUMENT = (live: LiveValues) => ({ documentId: live.documentId });
export const FIELD_SAMPLES: Record<string, FieldSample> = {
  'Query.channelFeed': {
    query: 'query($channel: String!, $site: String) { channelFeed(channel: $channel, site: $site, first: 1) { edges { node { documentId } } } }',
    variables: (l) => ({ channel: 'feeds', site: l.site }),
  },
  'Query.changes': { query: 'query($channels: [String!]) { changes(channels: $channels, first: 50) { changes { channel } } }' },
  'Query.publication': { query: 'query($documentId: ID!) { publication(documentId: $documentId) { title channels { channel } } }', variables: DOCUMENT },
  'Query.revisions': { query: 'query($documentId: ID!) { revisions(documentId: $documentId) { revision channels { channel } } }', variables: DOCUMENT },
  'Query.kioskTerminals': { query: '{ kioskTerminals { code } }' },
  'Query.matchPolicies': { query: 'query($site: String) { matchPolicies(site: $site, first: 1) { total } }', variables: (l) => ({ site: l.site }) },
  'Query.policyFacets': { query: 'query($site: String) { policyFacets(site: $site) { dimension } }', variables: (l) => ({ site: l.site }) },
  'Query.policySubscription': { query: 'query($id: ID!) { policySubscription(id: $id) { id } }', variables: (l) => ({ id: l.subscriptionId }) },
  'Mutation.republish': { query: 'mutation($documentId: ID!) { republish(documentId: $documentId, channels: ["feeds"]) { title } }', variables: DOCUMENT },
  // Past the admin gate, an unknown channel is refused before anything is queued (a real run re-renders everything).
  'Mutation.republishAll': { query: 'mutation { republishAll(channels: ["no-such-channel"]) }', allowedCode: 'BAD_REQUEST' },
  'Mutation.subscribePolicies': { query: 'mutation { subscribePolicies(name: "abuse-check", profile: [], delivery: { feed: true }) { id } }' },
  'Mutation.unsubscribePolicies': { query: 'mutation($id: ID!) { unsubscribePolicies(id: $id) }', variables: (l) => ({ id: l.spareSubscriptionId }) },
  'Mutation.askQuestion': { query: 'mutation($site: String) { askQuestion(site: $site, body: "请问稳岗返还需要企业申请吗？", source: WEB) { receipt } }', variables: (l) => ({ site: l.site }) },
};

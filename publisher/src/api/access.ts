import { CHANNEL_ROLES } from '@tongyuan/channels';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

/**
 * Who may call what, written down once. Every HTTP route (method and Fastify URL pattern) and
 * every GraphQL root field has an entry; test/publisher/abuse.test.ts enumerates the live surface
 * and fails on a route or field without one, and checks that each decision holds.
 */
export type Audience =
  /** Readers and terminals: no credential. */
  | 'public'
  /** The CMS: `x-tongyuan-hook-secret` equal to HOOK_SECRET. */
  | 'hook-secret'
  /** Staff: basic auth with ADMIN_USER / ADMIN_PASSWORD. */
  | 'ops-basic-auth'
  /** Channel operators: `Authorization: Bearer <operator token>`. */
  | 'operator-token'
  /** A policy push subscriber: the subscription's id and its feed token in the URL. */
  | 'subscription-token'
  /** An open event's organizing department: the door link the CMS signs for that event (registrations/door-link.ts). */
  | 'door-link';

/**
 * Plugin scopes whose own onRequest hook guards every route inside (Bull Board's UI and API,
 * about fifty routes that change with its versions): one decision for the whole prefix.
 */
export const SCOPE_ACCESS: Record<string, Audience> = {
  '/admin/queues': 'ops-basic-auth',
};

export const ROUTE_ACCESS: Record<string, Audience> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /status': 'ops-basic-auth',
  'GET /metrics': 'ops-basic-auth',
  'GET /status/inspection.json': 'ops-basic-auth',
  'GET /status/inspection.csv': 'ops-basic-auth',
  'POST /status/inspection/run': 'ops-basic-auth',
  'GET /status/wording.json': 'ops-basic-auth',
  'GET /status/wording.csv': 'ops-basic-auth',
  'POST /status/wording/scan': 'ops-basic-auth',
  'GET /reports/annual': 'ops-basic-auth',
  'GET /reports/annual.pdf': 'ops-basic-auth',
  'GET /reports/annual.json': 'ops-basic-auth',
  /** The door of an open event (check-in page, door list, attendance): the organizing department's door link, never public. */
  'GET /checkin/:event/': 'door-link',
  'GET /checkin/:event/door.json': 'door-link',
  'POST /checkin/:event/arrivals': 'door-link',
  /** The door page's service worker and QR scanner: scripts with nothing of anyone's in them. */
  'GET /checkin/:event/sw.js': 'public',
  'GET /checkin/assets/jsqr.js': 'public',
  'POST /hooks/strapi': 'hook-secret',
  'GET /hooks/publication/:documentId': 'hook-secret',
  'GET /hooks/preflight/:kind/:documentId': 'hook-secret',
  'POST /hooks/norms/check': 'hook-secret',
  'GET /hooks/preview/:kind/:documentId': 'hook-secret',
  'GET /hooks/preview-page/:kind/:documentId': 'hook-secret',
  'GET /hooks/history/:documentId': 'hook-secret',
  /** County staff's inspection and annual report, through the CMS (which names their county). */
  'GET /hooks/inspection.json': 'hook-secret',
  'GET /hooks/inspection.csv': 'hook-secret',
  'GET /hooks/reports/annual': 'hook-secret',
  'GET /hooks/reports/annual.pdf': 'hook-secret',
  'GET /hooks/surveys/:id/results': 'hook-secret',
  /** 现场意见簿: an event's comment book typed in by its organizing department, through the CMS. */
  'POST /hooks/events/:event/comments': 'hook-secret',
  /** The door link, asked by the CMS for the event's organizing department. */
  'GET /hooks/checkin/:event/door-link': 'hook-secret',
  /** 在线访谈: the editor's turn, posted through the CMS. */
  'POST /hooks/interviews/:documentId/turns': 'hook-secret',
  /** 民生资金: a county's sheets uploaded, its batches listed, signed off (never by their uploader) and withdrawn, through the CMS. */
  'POST /hooks/funds/:county/uploads/:kind': 'hook-secret',
  'GET /hooks/funds/:county/batches': 'hook-secret',
  'POST /hooks/funds/:county/batches/:id/live': 'hook-secret',
  'POST /hooks/funds/:county/batches/:id/withdraw': 'hook-secret',
  'POST /hooks/funds/:county/batches/:id/return': 'hook-secret',
  'GET /graphql': 'operator-token',
  'POST /graphql': 'operator-token',
  /** Apollo's integration answers OPTIONS like GET: a token, or nothing. */
  'OPTIONS /graphql': 'operator-token',
  'GET /subscriptions/:id/:file': 'subscription-token',
  'GET /files/:sha256/:name': 'public',
  'GET /feeds': 'public',
  'GET /feeds/:site/:file': 'public',
  'GET /podcasts': 'public',
  'GET /podcasts/sites/:file': 'public',
  'GET /podcasts/brands/:file': 'public',
  'GET /sites': 'public',
  'GET /sites/:site/': 'public',
  'GET /sites/:site/policies/': 'public',
  'GET /sites/:site/interpretations/': 'public',
  'GET /sites/:site/images/': 'public',
  'GET /sites/:site/videos/': 'public',
  'GET /sites/:site/qa/': 'public',
  'GET /sites/:site/lists/': 'public',
  'GET /sites/:site/lists/:list/': 'public',
  'GET /sites/:site/interpretations/:file': 'public',
  'GET /sites/:site/policies/:file': 'public',
  'GET /sites/:site/sitemap.xml': 'public',
  'GET /sites/:site/ask': 'public',
  'POST /sites/:site/ask': 'public',
  'POST /kiosk/:terminal/questions': 'public',
  'GET /questions/challenge': 'public',
  'GET /sites/:site/surveys/:id': 'public',
  'POST /sites/:site/surveys/:id': 'public',
  'GET /sites/:site/open-figures': 'public',
  /** 民生资金公开: totals and masked payments; a household's own lookup behind a proof of work and allowances. */
  'GET /sites/:site/funds': 'public',
  'GET /sites/:site/funds/townships/:township': 'public',
  'GET /sites/:site/funds/townships/:township/:village': 'public',
  'GET /sites/:site/funds/by-fund/:fund': 'public',
  'GET /sites/:site/funds/lookup': 'public',
  'POST /sites/:site/funds/lookup': 'public',
  'GET /sites/:site/funds/feed.:format': 'public',
  /** A village's file of a touch screen's 民生资金 query (masked, listed in the terminal's manifest). */
  'GET /kiosk/:terminal/funds/:sha256': 'public',
  'GET /sites/:site/funds/report': 'public',
  'POST /sites/:site/funds/report': 'public',
  /** 码上监督: a village's A4 notice-board poster (QR code of its page, totals), or a township's villages at once. */
  'GET /sites/:site/funds/posters/:township/:village.pdf': 'public',
  'GET /sites/:site/funds/posters/:township.pdf': 'public',
  /** 民生项目: a project's page and its poster; the import sheets' empty templates (headers only). */
  'GET /sites/:site/funds/projects/:project': 'public',
  'GET /sites/:site/funds/projects/:project/poster.pdf': 'public',
  'GET /sites/:site/funds/projects/posters/:township.pdf': 'public',
  'GET /funds/templates/:file': 'public',
  /** 公租房: a county's rounds, a round, its history, an applicant's own check (the roster's template: /funds/templates/housing.xlsx). */
  'GET /sites/:site/funds/housing': 'public',
  'GET /sites/:site/funds/housing/rounds/:round': 'public',
  'GET /sites/:site/funds/housing/rounds/:round/history': 'public',
  'GET /sites/:site/funds/housing/lookup': 'public',
  'POST /sites/:site/funds/housing/lookup': 'public',
  /** 在线访谈's live text page and its event stream; 往期回顾 is a catalog column (interviews). */
  'GET /sites/:site/interviews/': 'public',
  'GET /sites/:site/interviews/:slug/live': 'public',
  'GET /sites/:site/interviews/:slug/live/events': 'public',
  'GET /assets/altcha.js': 'public',
  'GET /assets/altcha-lib.js': 'public',
  /** 开放活动: a site's events calendar, each event's page and the calendar file phones subscribe to. */
  'GET /sites/:site/events/': 'public',
  'GET /sites/:site/events/:file': 'public',
  'GET /sites/:site/events.ics': 'public',
  /** Open-event registration: the form, the receipt (its secret key in the link) and cancelling. */
  'GET /sites/:site/events/:event/register': 'public',
  'POST /sites/:site/events/:event/register': 'public',
  'GET /registrations/:receipt': 'public',
  'POST /registrations/:receipt/cancel': 'public',
  'GET /assets/fonts/rare/:file': 'public',
  'GET /cinema': 'public',
  'GET /cinema/reels.json': 'public',
  'GET /cinema/:date/:file': 'public',
  'GET /print': 'public',
  'GET /print/:county': 'public',
  'GET /tv': 'public',
  'GET /tv/:station': 'public',
  'GET /loudspeakers': 'public',
  'GET /loudspeakers/:region': 'public',
  'GET /loudspeakers/:region/:date': 'public',
  'GET /kiosk/:terminal/': 'public',
  'GET /kiosk/:terminal/app.js': 'public',
  'GET /kiosk/:terminal/sw.js': 'public',
  'GET /kiosk/:terminal/sync.js': 'public',
  'GET /kiosk/:terminal/funds.js': 'public',
  'GET /kiosk/:terminal/manifest.json': 'public',
  'GET /kiosk/:terminal/font.woff2': 'public',
  'POST /kiosk/:terminal/heartbeat': 'public',
  'GET /policy-finder/': 'public',
  'GET /policy-finder/items/:key': 'public',
  'GET /policy-finder/export.csv': 'public',
  'GET /policy-finder/export.xlsx': 'public',
  'GET /policy-finder/print': 'public',
  /** Only with STATIC_DIR (the CDN origin). */
  'GET /static/*': 'public',
};

/**
 * What a GraphQL root field needs beyond a valid operator token (checked in its resolver):
 * `channel` a channel of the token — a fixed one, the one its `channel` argument names, or only
 * the token's own (the answer is cut to them); `sites` how a site-scoped token is bounded — its
 * `site` argument must be one of the token's sites, the document must be listed on one, it is
 * refused, or sites do not apply; `admin` admin tokens only; `owner` only what the token created.
 */
export interface FieldScope {
  channel: string | 'named-in-argument' | 'own';
  sites: 'site-argument' | 'document-on-site' | 'refused' | 'not-site-bound';
  admin?: true;
  owner?: true;
}

export const GRAPHQL_ACCESS: Record<string, FieldScope> = {
  'Query.channelFeed': { channel: 'named-in-argument', sites: 'site-argument' },
  'Query.changes': { channel: 'own', sites: 'refused' },
  'Query.publication': { channel: 'own', sites: 'document-on-site' },
  'Query.revisions': { channel: 'own', sites: 'document-on-site' },
  'Query.kioskTerminals': { channel: CHANNEL_ROLES.terminals, sites: 'not-site-bound' },
  'Query.matchPolicies': { channel: CHANNEL_ROLES.policyCatalogue, sites: 'site-argument' },
  'Query.policyFacets': { channel: CHANNEL_ROLES.policyCatalogue, sites: 'site-argument' },
  'Query.policySubscription': { channel: CHANNEL_ROLES.policyCatalogue, sites: 'not-site-bound', owner: true },
  'Mutation.republish': { channel: 'own', sites: 'not-site-bound', admin: true },
  'Mutation.republishAll': { channel: 'own', sites: 'not-site-bound', admin: true },
  'Mutation.subscribePolicies': { channel: CHANNEL_ROLES.policyCatalogue, sites: 'not-site-bound' },
  'Mutation.unsubscribePolicies': { channel: CHANNEL_ROLES.policyCatalogue, sites: 'not-site-bound', owner: true },
  /** The token needs the channel its `source` names (WEB → web, WECHAT → wechat …); checked with WEB here, WECHAT and WEIBO in question-desk.test.ts. */
  'Mutation.askQuestion': { channel: CHANNEL_ROLES.portal, sites: 'site-argument' },
};

/**
 * The audience a route was registered for, kept in its Fastify route config by the plugin that
 * added it (audiences/scope.ts; the channels' pages as public): the rate limit reads it per request.
 */
export function markAudience(route: RouteOptions, audience: Audience): void {
  route.config = { ...(route.config ?? {}), audience } as RouteOptions['config'];
}

/** The audience of the route a request reached: as marked when it was added, else as the table says. */
export function audienceOfRequest(request: FastifyRequest): Audience | undefined {
  const marked = (request.routeOptions.config as { audience?: Audience } | undefined)?.audience;
  const url = request.routeOptions.url;
  return marked ?? (url === undefined ? undefined : audienceOf(`${request.method === 'HEAD' ? 'GET' : request.method} ${url}`));
}

const routesByApp = new WeakMap<FastifyInstance, string[]>();

/** Records every route as it is added (HEAD routes Fastify adds for GET routes count as the GET). */
export function recordRoutes(app: FastifyInstance): void {
  const routes: string[] = [];
  routesByApp.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
    }
  });
}

/** The audience of a route (`METHOD /url`): its own entry, else its plugin scope's; undefined if neither. */
export function audienceOf(route: string): Audience | undefined {
  if (ROUTE_ACCESS[route]) return ROUTE_ACCESS[route];
  const url = route.slice(route.indexOf(' ') + 1);
  const scope = Object.keys(SCOPE_ACCESS).find((prefix) => url === prefix || url.startsWith(`${prefix}/`));
  return scope ? SCOPE_ACCESS[scope] : undefined;
}

/** `METHOD /url-pattern` of every route the app registered, each once. */
export function registeredRoutes(app: FastifyInstance): string[] {
  return [...new Set(routesByApp.get(app) ?? [])].sort();
}

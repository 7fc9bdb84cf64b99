import fastifyEtag from '@fastify/etag';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import type { Config } from '../config';
import { audienceOfRequest, ROUTE_ACCESS, type Audience } from './access';

/**
 * Who may keep an answer, and for how long: decided here for every route, so a CDN in front of
 * the publisher (docs/operations.md, "A CDN in front") keeps what it may and nothing else.
 *
 *   immutable  content-addressed: the address changes when the bytes do, so kept for a year
 *   published  pages, feeds, manifests: kept PUBLIC_MAX_AGE_SECONDS, then served stale at most
 *              PUBLIC_STALE_SECONDS while refetched, revalidated by ETag (If-None-Match → 304)
 *   release    scripts and templates that change only with a new release of the code: an hour
 *   private    never stored anywhere: personal answers (a household's lookup, a receipt), forms
 *              with a challenge or a ticket, live streams, probes, and everything not public
 *
 * The routes set no Cache-Control of their own: an onSend hook writes the class's header on every
 * answer, the 304s of @fastify/etag (which gives every string or buffer answer without one a
 * strong ETag) included. A route may only make its answer stricter (`cacheAs`, or a `no-store` of
 * its own), never looser: whatever is not a public GET is private whatever a route says, as is an
 * answer setting a cookie, an error other than 404/410, and a channel's route access.ts does not list.
 */
export type CacheClass = 'immutable' | 'published' | 'release' | 'private';

export type CacheConfig = Pick<Config, 'PUBLIC_MAX_AGE_SECONDS' | 'PUBLIC_STALE_SECONDS'>;

/** What a CDN, a proxy and a browser must never keep; also the live event stream's own header (it bypasses the hook). */
export const NEVER_STORED = 'private, no-store';
const YEAR = 365 * 24 * 3600;
const RELEASE_SECONDS = 3600;
/** The loosest first: a route's own choice counts only when it is further down. */
const STRICTNESS: CacheClass[] = ['immutable', 'release', 'published', 'private'];

/** The Cache-Control header of a class. */
export function cacheControlOf(cacheClass: CacheClass, config: CacheConfig): string {
  switch (cacheClass) {
    case 'immutable': return `public, max-age=${YEAR}, immutable`;
    case 'release': return `public, max-age=${RELEASE_SECONDS}`;
    case 'private': return NEVER_STORED;
    case 'published': {
      const { PUBLIC_MAX_AGE_SECONDS: fresh, PUBLIC_STALE_SECONDS: stale } = config;
      if (fresh === 0 && stale === 0) return 'public, no-cache';
      return `public, max-age=${fresh}${stale > 0 ? `, stale-while-revalidate=${stale}` : ''}`;
    }
  }
}

/** The longest a withdrawn page, feed or manifest can still reach a reader behind a CDN, in seconds. */
export const withdrawalReachesReadersWithin = (config: CacheConfig) => config.PUBLIC_MAX_AGE_SECONDS + config.PUBLIC_STALE_SECONDS;

/**
 * The class of each public GET route that is not `published`. Every public GET route of access.ts
 * is either here or published (test: cache-policy.test.ts); a route added by a channel that access.ts
 * does not list is private until it is listed there.
 */
export const ROUTE_CACHE: Record<string, Exclude<CacheClass, 'published'>> = {
  'GET /files/:sha256/:name': 'immutable',
  'GET /kiosk/:terminal/funds/:sha256': 'immutable',
  /** One rare character of Source Han Sans per file, by its code point: changes only with the font. */
  'GET /assets/fonts/rare/:file': 'immutable',
  'GET /assets/altcha.js': 'release',
  'GET /assets/altcha-lib.js': 'release',
  'GET /checkin/assets/jsqr.js': 'release',
  'GET /funds/templates/:file': 'release',
  /** Load balancers ask the process itself. */
  'GET /healthz': 'private',
  'GET /readyz': 'private',
  /** Forms carrying a one-time challenge or a survey's ticket. */
  'GET /sites/:site/ask': 'private',
  'GET /questions/challenge': 'private',
  'GET /sites/:site/surveys/:id': 'private',
  'GET /sites/:site/funds/report': 'private',
  'GET /sites/:site/events/:event/register': 'private',
  /** A household's or applicant's own answer, and a registration's receipt (its secret key in the link). */
  'GET /sites/:site/funds/lookup': 'private',
  'GET /sites/:site/funds/housing/lookup': 'private',
  'GET /registrations/:receipt': 'private',
  /** 在线访谈 while it is live: every turn at once. */
  'GET /sites/:site/interviews/:slug/live': 'private',
  'GET /sites/:site/interviews/:slug/live/events': 'private',
};

/** The class of `route` (`GET /pattern`) as declared: what a route's answer gets before its status and choice count. */
export function declaredClass(route: string | undefined, audience: Audience | undefined): CacheClass {
  if (route === undefined) return 'published'; // no route: the 404 of an address nobody serves
  if (!route.startsWith('GET ') || audience !== 'public') return 'private';
  return ROUTE_CACHE[route] ?? (ROUTE_ACCESS[route] === 'public' ? 'published' : 'private');
}

/**
 * The class an answer gets: its route's, made stricter by its status, a cookie, a `no-store` the
 * route wrote itself (a redirect to an address that expires) or the route's own choice.
 */
export function answerClass(declared: CacheClass, status: number, stricter: { setsCookie?: boolean; saysNoStore?: boolean; chosen?: CacheClass } = {}): CacheClass {
  const { setsCookie, saysNoStore, chosen } = stricter;
  if (setsCookie || saysNoStore || (status >= 400 && status !== 404 && status !== 410)) return 'private';
  let cacheClass = chosen && STRICTNESS.indexOf(chosen) > STRICTNESS.indexOf(declared) ? chosen : declared;
  // Nothing at a content address yet (or any more) is not kept for a year.
  if ((status === 404 || status === 410) && (cacheClass === 'immutable' || cacheClass === 'release')) cacheClass = 'published';
  return cacheClass;
}

const CHOSEN = Symbol('cacheClass');
const ANSWERED_AS = Symbol('answeredAs');
type Chosen = FastifyReply & { [CHOSEN]?: CacheClass; [ANSWERED_AS]?: CacheClass };

/** A route's answer kept less than its route's class says (a package whose validity changes with the day). */
export function cacheAs(reply: FastifyReply, cacheClass: CacheClass): FastifyReply {
  (reply as Chosen)[CHOSEN] = cacheClass;
  return reply;
}

/** The method and pattern of the route a request reached (HEAD as GET); undefined for the not-found handler. */
export function routeOfRequest(request: FastifyRequest): string | undefined {
  const url = request.routeOptions.url;
  return url === undefined ? undefined : `${request.method === 'HEAD' ? 'GET' : request.method} ${url}`;
}

/**
 * At the root, before any route: ETags for every answer made whole that may be kept (conditional GET answered 304),
 * and the class's Cache-Control written on every answer.
 */
export async function registerCachePolicy(app: FastifyInstance, config: CacheConfig): Promise<void> {
  app.addHook('onSend', async (request, reply) => {
    const declared = declaredClass(routeOfRequest(request), audienceOfRequest(request));
    const own = reply.getHeader('cache-control');
    const cacheClass = answerClass(declared, reply.statusCode, {
      setsCookie: reply.hasHeader('set-cookie'), saysNoStore: typeof own === 'string' && own.includes('no-store'), chosen: (reply as Chosen)[CHOSEN],
    });
    (reply as Chosen)[ANSWERED_AS] = cacheClass;
    reply.header('cache-control', cacheControlOf(cacheClass, config));
  });
  // @fastify/etag's hook (added after the one above, so it runs after it), for answers that may be kept only:
  // a private answer is never revalidated, and hashing a household's lookup page was 6% of its time.
  const keptOnly: Pick<FastifyInstance, 'addHook'> = {
    addHook: ((name: 'onSend', hook: onSendHookHandler) => app.addHook(name, function etagIfKept(request, reply, payload, done) {
      if ((reply as Chosen)[ANSWERED_AS] === 'private') return done(null, payload);
      return hook.call(this, request, reply, payload, done);
    })) as FastifyInstance['addHook'],
  };
  await fastifyEtag(keptOnly as FastifyInstance, {});
}

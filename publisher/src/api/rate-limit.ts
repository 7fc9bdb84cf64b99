import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { audienceOfRequest } from './access';

/** `counters`: the wiring's fail-fast Redis connection for counts (opened and closed by the wiring, shared with the question guard). */
export interface RateLimitDeps { config: Pick<Config, 'RATE_LIMIT_PER_MINUTE' | 'QUEUE_PREFIX'>; counters: Redis }

/** Health checks are asked by load balancers every few seconds and must never be refused. */
const NEVER_LIMITED = new Set(['/healthz', '/readyz']);
/**
 * Forms that carry a proof of work and count their own allowance per address and hour (spam-guard.ts,
 * registrations/allowance.ts, funds/lookup-allowance.ts): a second count here would add a Redis round trip to each registration
 * just when a popular event opens, and refuse nothing those two do not.
 */
const OWN_ALLOWANCE = new Set(['POST /sites/:site/ask', 'POST /sites/:site/events/:event/register', 'POST /sites/:site/funds/lookup', 'POST /sites/:site/funds/housing/lookup', 'POST /sites/:site/funds/report']);

/**
 * Anonymous readers (pages, feeds, files, the finder, kiosks, the cinema page) get
 * RATE_LIMIT_PER_MINUTE requests per client address and minute, counted in Redis so every API
 * replica shares one count (@fastify/rate-limit). Operators (token), the CMS (secret) and staff
 * (basic auth) are not limited here. If Redis is down, readers are served rather than refused.
 * Registered before the routes, so that it applies to each.
 */
export async function registerRateLimit(app: FastifyInstance, deps: RateLimitDeps): Promise<void> {
  const { config, counters: redis } = deps;
  if (config.RATE_LIMIT_PER_MINUTE === 0) return;
  await app.register(fastifyRateLimit, {
    // One count per address across every public route (route-level limits would each count apart).
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    allowList: (request) => {
      const url = request.routeOptions.url;
      if (url === undefined) return false; // unknown addresses (scanners) count too
      if (NEVER_LIMITED.has(url) || OWN_ALLOWANCE.has(`${request.method} ${url}`)) return true;
      return audienceOfRequest(request) !== 'public';
    },
    redis,
    nameSpace: `${config.QUEUE_PREFIX}:rate-limit:`,
    skipOnError: true,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429, code: 'RATE_LIMITED',
      message: `请求过于频繁（每分钟最多 ${context.max} 次）：请 ${Math.max(1, Math.ceil(context.ttl / 1000))} 秒后再试`,
    }),
  });
}

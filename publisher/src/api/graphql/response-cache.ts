import { createHash } from 'node:crypto';
import { chinaToday, type Clock } from '@tongyuan/document';
import type { FastifyInstance } from 'fastify';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { PolicyCatalog } from '../../policies/catalog';
import type { PublicationQueries } from '../../store/queries';
import { currentVersionOnly } from '../cache';

/**
 * Operators poll the same queries over and over, and answers change only when something goes
 * live or is withdrawn. A successful channelFeed / changes response is kept under (operator scope,
 * query, variables, change sequence) and replayed byte for byte, with a strong ETag for 304s. The
 * operators' guard has checked the token (`request.operator`); other fields, mutations and errors are never cached.
 */
const MAX_BODY = 64 * 1024;
/**
 * Fields whose answers are a function of what is live (the change sequence) — and, for the policy
 * fields, of the day (validity) and the CMS's tag catalogue (the policy index's generation).
 */
const CACHEABLE_FIELDS = new Set(['channelFeed', 'changes', 'matchPolicies', 'policyFacets', '__typename']);
const POLICY_FIELDS = /\b(matchPolicies|policyFacets)\b/;

/** Only queries made entirely of live-state fields: `publication` and `revisions` change without a change row. */
const cacheableByQuery = new LRUCache<string, boolean>({ max: 1000 }); // operators send a few queries over and over: parse each once
function isCacheable(query: string): boolean {
  let known = cacheableByQuery.get(query);
  if (known === undefined) cacheableByQuery.set(query, (known = parsesAsCacheable(query)));
  return known;
}
function parsesAsCacheable(query: string): boolean {
  try {
    const operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    return operations.length === 1 && operations[0].operation === 'query' && operations[0].selectionSet.selections
      .every((s) => s.kind === Kind.FIELD && CACHEABLE_FIELDS.has(s.name.value));
  } catch {
    return false; // Apollo reports the syntax error
  }
}

type Responses = LRUCache<string, { body: string; etag: string }>;
interface CacheSlot { key: string; responses: Responses }
const answers = () => currentVersionOnly<{ body: string; etag: string }>({ max: 5000, maxSize: 64 * 1024 * 1024, sizeCalculation: (v) => v.body.length + 64 });

export interface ResponseCacheDeps { policies: Pick<PolicyCatalog, 'generation'>; queries: Pick<PublicationQueries, 'servingChangeSeq'>; clock: Clock }

export function registerGraphQLResponseCache(app: FastifyInstance, services: ResponseCacheDeps) {
  // Live-state answers and policy answers change with different versions; each store keeps only its current one's
  // (answers of an earlier version are never asked for again), so memory stays flat while authors publish.
  const stores = { live: answers(), policy: answers() };

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/graphql') return;
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (!body || typeof body.query !== 'string' || body.query.length > MAX_BODY || !isCacheable(body.query)) return;
    const scope = request.operator;
    if (!scope) return; // the guard answered 401
    const kind = POLICY_FIELDS.test(body.query) ? 'policy' : 'live';
    const version = kind === 'policy'
      // Brings the index up to date (a new tag catalogue, a publish) before its generation keys the answer.
      ? `${await services.policies.generation()}:${chinaToday(services.clock)}`
      // Renditions carry today's validity: a new day is a new answer.
      : `${await services.queries.servingChangeSeq()}:${chinaToday(services.clock)}`;
    const key = createHash('sha256')
      .update(JSON.stringify([scope.channels, scope.sites, scope.isAdmin, body.query, body.variables ?? null, body.operationName ?? null, version]))
      .digest('base64url');
    const responses = stores[kind].at(version);
    (request as { graphqlCache?: CacheSlot }).graphqlCache = { key, responses };
    const hit = responses.get(key);
    if (!hit) return;
    reply.header('etag', hit.etag).header('x-tongyuan-cache', 'hit');
    if (request.headers['if-none-match'] === hit.etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(hit.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const slot = (request as { graphqlCache?: CacheSlot }).graphqlCache;
    if (!slot || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-tongyuan-cache')) return payload;
    if (payload.includes('"errors"')) return payload;
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
    slot.responses.set(slot.key, { body: payload, etag });
    reply.header('etag', etag);
    return payload;
  });
}

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { chinaToday, type Clock } from '@tongyuan/document';
import type { PublicationQueries } from '../store/queries';

/** Cached pages need only the change sequence. */
export interface CacheDeps { queries: Pick<PublicationQueries, 'servingChangeSeq'>; clock: Clock }

interface Cached { etag: string; type: string; body: string }
export interface Built { type: string; body: string }

/**
 * Pages and feeds change only when something goes live or is withdrawn (the change stream's
 * sequence) or when the day changes (validity). Responses are cached under that version and
 * answered with a strong ETag, so an unchanged feed costs a 304.
 */
const pages = currentVersionOnly<Cached>({ max: 2000, maxSize: 64 * 1024 * 1024, sizeCalculation: (v) => v.body.length + 100 });

/**
 * An LRU holding the answers of one version at a time: asking with a new version empties it, since
 * earlier answers are never asked for again (memory stays flat while authors publish). Keys still
 * carry the version: a build begun under the old one may finish after the switch.
 */
export function currentVersionOnly<V extends object>(options: LRUCache.Options<string, V, unknown>) {
  let current = '';
  const store = new LRUCache<string, V>(options);
  return {
    at(version: string): LRUCache<string, V> {
      if (version !== current) {
        store.clear();
        current = version;
      }
      return store;
    },
  };
}

export async function contentVersion(services: CacheDeps): Promise<string> {
  return `${await services.queries.servingChangeSeq()}.${chinaToday(services.clock)}`;
}

export async function cachedResponse(
  services: CacheDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  build: () => Promise<Built | null>,
  options: { notFound: string },
) {
  const version = await contentVersion(services);
  const cache = pages.at(version);
  const versionedKey = `${key}@${version}`;
  let entry = cache.get(versionedKey);
  if (!entry) {
    const built = await build();
    if (!built) return reply.code(404).type('application/json').send({ error: 'NOT_FOUND', message: options.notFound });
    entry = { ...built, etag: `"${createHash('sha256').update(built.body).digest('base64url').slice(0, 32)}"` };
    cache.set(versionedKey, entry);
  }
  reply.header('etag', entry.etag);
  if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  return reply.type(entry.type).send(entry.body);
}

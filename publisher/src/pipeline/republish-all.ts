import { randomUUID } from 'node:crypto';
import type { DocumentKind } from '../domain/document';
import { PublisherError } from '../errors';
import type { AnyChannel } from '@tongyuan/channels';
import type { Logger } from '../logger';
import type { PublicationQueries } from '../store/queries';
import type { Queues } from './queues';

/**
 * Every published document rendered again — after a template, brand or font change — on all its
 * channels or only some. Each document is read from the CMS again by an ingest job, so a large
 * site is spread over every worker; returns how many documents were queued.
 */
export async function republishAll(services: { channels: AnyChannel[]; queries: Pick<PublicationQueries, 'knownDocuments'>; queues: Pick<Queues, 'enqueueRepublish'>; logger: Logger }, options: { channels?: string[]; publishedBy: string }): Promise<number> {
  const known = new Set(services.channels.map((c) => c.code));
  const unknown = (options.channels ?? []).filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new PublisherError('BAD_REQUEST', `本部署没有渠道 ${unknown.join('、')}：可选 ${[...known].join('、')}`);
  }
  const documents = (await services.queries.knownDocuments())
    .filter((d) => d.withdrawn_at === null && d.latest_hash !== null)
    .map((d) => ({ kind: d.kind as DocumentKind, documentId: d.document_id }));
  await services.queues.enqueueRepublish(documents, randomUUID().slice(0, 8), { channels: options.channels, publishedBy: options.publishedBy });
  services.logger.info({ documents: documents.length, channels: options.channels ?? '全部', by: options.publishedBy }, '已安排全部重新发布');
  return documents.length;
}

import { contentHash, toDocument, type DocumentKind } from '../domain/document';
import { PublisherError } from '../errors';
import { whoPublished } from '../ingest/published-by';
import type { StrapiClient } from '../ingest/strapi-client';
import type { PublicationStore } from '../store/publications';
import type { PublicationQueries } from '../store/queries';
import { channelsLost } from './follow-up';
import type { Queues } from './queues';
import { withdrawDocument, type WithdrawDeps } from './withdraw-document';

export type PublishOutcome = 'planned' | 'unchanged' | 'stale' | 'withdrawn' | 'refused';

/** What publishing a revision uses: the CMS, the store, the queues and the channels (and who published, asked of the CMS). */
export type PublishDeps = WithdrawDeps & Parameters<typeof whoPublished>[0] & {
  strapi: Pick<StrapiClient, 'fetchPublished'>;
  store: Pick<PublicationStore, 'withdraw' | 'recordProblem' | 'recordRevision' | 'planRenditions' | 'requeue' | 'attachJobs'>;
  queries: Pick<PublicationQueries, 'renditionsOf' | 'document' | 'liveOn' | 'latestChangeSeq'>;
  queues: Pick<Queues, 'requestFollowUp' | 'requestReels' | 'requestPolicyPush' | 'enqueueRevision'>;
};

/**
 * The one operation behind a webhook, the reconciler and `republish`: read the document as
 * published in the CMS, and make every channel that accepts it render this revision. Idempotent:
 * the same content hash plans nothing new, and jobs with the same id collapse.
 */
export async function publishRevision(
  deps: PublishDeps,
  kind: DocumentKind,
  documentId: string,
  /** `background`: a re-read of everything or a republish; its renders wait behind a clerk's publish (queues.ts). */
  options: { publishedBy?: string | null; onlyChannels?: string[]; force?: boolean; background?: boolean } = {},
): Promise<PublishOutcome> {
  const { strapi, store, queries, queues, logger } = deps;
  const raw = await strapi.fetchPublished(kind, documentId);
  if (raw === null) {
    await withdrawDocument(deps, documentId, '已在 CMS 中撤回或删除');
    return 'withdrawn';
  }
  let parsed: ReturnType<typeof toDocument>;
  try {
    parsed = toDocument(kind, raw);
  } catch (error) {
    if (!(error instanceof PublisherError) || error.code !== 'DOCUMENT_INVALID') throw error;
    const title = String((raw as { title?: unknown }).title ?? documentId);
    await store.recordProblem(documentId, kind, title, error.message);
    logger.warn({ documentId, kind, problem: error.message }, '内容未通过发布校验，各渠道保持原样');
    return 'refused';
  }
  const { document, sourceVersion } = parsed;
  const hash = contentHash(document);
  // A republish names the operator token; a CMS publish, the staff member who published (asked only for a new revision).
  const publishedBy = options.publishedBy ?? ((await queries.document(documentId))?.latest_hash === hash ? null : await whoPublished(deps, kind, documentId));
  const recorded = await store.recordRevision({
    documentId, kind, hash, sourceVersion, body: document, title: document.title,
    slug: document.kind === 'policy-document' ? null : document.slug,
    publishedBy,
    goLiveAt: document.kind === 'interpretation' ? document.goLiveAt : null,
  });
  if (recorded === 'stale') return 'stale';

  const targets = deps.channels.filter((c) => c.accepts(document)).map((c) => c.code);
  // A channel the author no longer targets loses the document now, not at the next render.
  const liveOn = (await queries.renditionsOf(documentId)).filter((r) => r.status === 'live').map((r) => r.channel);
  const dropped = liveOn.filter((channel) => !targets.includes(channel));
  if (dropped.length > 0) {
    await store.withdraw(documentId, dropped);
    await channelsLost(deps, [documentId], dropped, `${documentId} 不再投放到 ${dropped.join('、')}`);
  }

  const channels = options.onlyChannels ? targets.filter((c) => options.onlyChannels!.includes(c)) : targets;
  await store.planRenditions(documentId, hash, channels);
  if (options.force) await store.requeue(documentId, hash, channels);
  const pending = (await queries.renditionsOf(documentId, hash))
    .filter((r) => channels.includes(r.channel) && (r.status === 'queued' || r.status === 'rendering'));
  const jobs = await queues.enqueueRevision(documentId, hash, pending, { background: options.background });
  await store.attachJobs(documentId, hash, jobs);
  logger.info({ documentId, revision: hash.slice(0, 12), channels: pending.map((r) => r.channel), outcome: recorded }, '已安排渲染');
  return recorded === 'unchanged' && pending.length === 0 ? 'unchanged' : 'planned';
}

import type { Logger } from '../logger';
import type { PublicationStore } from '../store/publications';
import type { PublicationQueries } from '../store/queries';
import { channelsLost, type FollowUpRequestDeps, type FollowUpRunDeps } from './follow-up';
import type { Queues } from './queues';

export type WithdrawDeps = FollowUpRequestDeps & FollowUpRunDeps & {
  store: Pick<PublicationStore, 'withdraw'>;
  queries: Pick<PublicationQueries, 'renditionsOf' | 'liveOn' | 'latestChangeSeq'>;
  queues: Pick<Queues, 'requestFollowUp' | 'requestReels' | 'requestPolicyPush'>;
  logger: Logger;
};

/** Unpublish, delete or expiry: the document leaves every channel in one transaction. */
export async function withdrawDocument(deps: WithdrawDeps, documentId: string, reason: string): Promise<number> {
  const wasLiveOn = (await deps.queries.renditionsOf(documentId)).filter((r) => r.status === 'live').map((r) => r.channel);
  const removed = await deps.store.withdraw(documentId);
  deps.logger.info({ documentId, channels: removed, reason }, '已从各渠道撤回');
  if (removed === 0) return 0;
  // Validity follows the live set (a withdrawn policy document ends nothing any more): the minute's sweep at once.
  await deps.queues.requestReels(`${documentId} 已撤回`);
  // Each channel it left does its own follow-up (tonight's reels without it, subscribers told its items are withdrawn).
  await channelsLost(deps, [documentId], wasLiveOn, `${documentId} 已撤回`);
  return removed;
}

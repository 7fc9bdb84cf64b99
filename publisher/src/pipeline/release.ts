import type { Logger } from '../logger';
import type { PublicationStore } from '../store/publications';
import { requestFollowUps, type FollowUpRequestDeps } from './follow-up';
import type { Queues } from './queues';

export type ReleaseDeps = FollowUpRequestDeps & {
  store: Pick<PublicationStore, 'releaseDue'>;
  queues: Pick<Queues, 'requestFollowUp' | 'requestReels'>;
  logger: Logger;
};

/** Scheduled revisions whose go-live time has come switch live on every channel together. */
export async function releaseDueRevisions(deps: ReleaseDeps, at = new Date()): Promise<string[]> {
  const released = await deps.store.releaseDue(at.toISOString());
  if (released.length > 0) {
    deps.logger.info({ documents: released }, '定时发布已上线');
    await deps.queues.requestReels('定时发布已上线'); // validity and reels follow the live set
    await requestFollowUps(deps, '定时发布已上线');
  }
  return released;
}

import type { Services } from '../services';

/** Scheduled revisions whose go-live time has come switch live on every channel together. */
export async function releaseDueRevisions(services: Services, at = new Date()): Promise<string[]> {
  const released = await services.store.releaseDue(at.toISOString());
  if (released.length > 0) {
    services.logger.info({ documents: released }, '定时发布已上线');
    await services.queues.requestReels('定时发布已上线');
    await services.queues.requestPolicyPush('定时发布已上线');
  }
  return released;
}

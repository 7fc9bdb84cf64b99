import type { Services } from '../services';

/** Unpublish, delete or expiry: the document leaves every channel in one transaction. */
export async function withdrawDocument(services: Services, documentId: string, reason: string): Promise<number> {
  const removed = await services.store.withdraw(documentId);
  services.logger.info({ documentId, channels: removed, reason }, '已从各渠道撤回');
  // Tonight's reels must not show it: rebuilt without it (cheap when it was never in one).
  if (removed > 0) await services.queues.requestReels(`${documentId} 已撤回`);
  // Subscribers who were told of its policy items hear that they are withdrawn.
  if (removed > 0) await services.queues.requestPolicyPush(`${documentId} 已撤回`);
  return removed;
}

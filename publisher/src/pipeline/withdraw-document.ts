import type { Services } from '../services';

/** Unpublish, delete or expiry: the document leaves every channel in one transaction. */
export async function withdrawDocument(services: Services, documentId: string, reason: string): Promise<number> {
  const removed = await services.store.withdraw(documentId);
  services.logger.info({ documentId, channels: removed, reason }, '已从各渠道撤回');
  return removed;
}

import { CHANNEL_ROLES, type PolicyListMembers } from '@tongyuan/channels';
import type { PublicationQueries } from '../store/queries';

/**
 * 政策清单 with their members, read off the portal's live policy documents (a document's lists
 * travel with it, so adding it to a list or taking it off goes live as the document does). A
 * document on no site is not on the portal, and so on no list's pages or booklets either.
 */
export async function policyListMembers(queries: Pick<PublicationQueries, 'liveOn'>): Promise<PolicyListMembers[]> {
  const lists = new Map<string, PolicyListMembers>();
  for (const item of await queries.liveOn(CHANNEL_ROLES.portal, { kind: 'policy-document' })) {
    const p = item.payload as { documentNumber?: string | null; validTo?: string | null; lists?: Array<{ code: string; name: string; description?: string | null }> };
    if (!Array.isArray(p.lists)) continue;
    for (const l of p.lists) {
      const list = lists.get(l.code) ?? { code: l.code, name: l.name, description: l.description ?? '', documents: [] };
      list.documents.push({ documentId: item.documentId, title: item.title, documentNumber: p.documentNumber ?? '', validTo: p.validTo ?? null });
      lists.set(l.code, list);
    }
  }
  for (const list of lists.values()) list.documents.sort((a, b) => a.documentNumber.localeCompare(b.documentNumber, 'zh-CN', { numeric: true }) || a.documentId.localeCompare(b.documentId));
  return [...lists.values()].sort((a, b) => a.code.localeCompare(b.code));
}

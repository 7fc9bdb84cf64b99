import { createHmac } from 'node:crypto';
import { secretMatches } from '@tongyuan/document';
import { readSettings } from '../settings';

/**
 * The address Strapi's Preview opens for a draft: the CMS's own preview page route, signed with the
 * webhook's shared secret and good for an hour. Strapi asks for it (GET /content-manager/preview/url)
 * only for a logged-in admin user, and shows it in a frame that can carry no login of its own, so
 * the signature is what lets the frame in; an address copied out of the admin stops working within
 * the hour.
 */
export const PREVIEW_MODELS: Record<string, 'interpretation' | 'policy-document' | 'event'> = {
  'api::interpretation.interpretation': 'interpretation',
  'api::policy-document.policy-document': 'policy-document',
  'api::open-event.open-event': 'event',
};
const LIFETIME_SECONDS = 3600;

const signatureOf = (secret: string, kind: string, documentId: string, expires: number) =>
  createHmac('sha256', secret).update(`tongyuan-preview:${kind}:${documentId}:${expires}`).digest('base64url');

/** The preview page's path (relative: the admin and the API share the CMS's origin), or null for a type without one or without a publisher. */
export function previewPath(uid: string, documentId: string | undefined, now = Date.now()): string | null {
  const kind = PREVIEW_MODELS[uid];
  const { HOOK_SECRET, PUBLISHER_HOOK_URL } = readSettings();
  if (!kind || !documentId || !HOOK_SECRET || !PUBLISHER_HOOK_URL) return null;
  const expires = Math.floor(now / 1000) + LIFETIME_SECONDS;
  const query = new URLSearchParams({ expires: String(expires), signature: signatureOf(HOOK_SECRET, kind, documentId, expires) });
  return `/api/tongyuan/preview-page/${kind}/${encodeURIComponent(documentId)}?${query}`;
}

/** What the content manager's permission checker offers that the handler uses. */
interface PermissionChecker {
  cannot: { read(entity?: object): boolean };
  sanitizedQuery: { read(query: object): Promise<{ filters?: unknown }> };
}

/**
 * Strapi's preview handler: the address, only for a staff member who may read this draft (the
 * content manager's own permission checker, with the role's conditions such as 本区县的记录, so
 * nobody gets a preview of a document the admin would not open for them).
 */
export async function previewAddress(uid: string, documentId: string | undefined): Promise<string | null> {
  if (!PREVIEW_MODELS[uid] || !documentId) return null;
  const userAbility = strapi.requestContext.get()?.state?.userAbility;
  if (!userAbility) return null;
  const checkers = strapi.plugin('content-manager').service('permission-checker') as unknown as { create(of: { userAbility: unknown; model: string }): PermissionChecker };
  const checker = checkers.create({ userAbility, model: uid });
  if (checker.cannot.read()) return null;
  const query = await checker.sanitizedQuery.read({ filters: { documentId } });
  const readable = await strapi.documents(uid as any).findFirst({ filters: query.filters as any, status: 'draft', fields: ['documentId'] });
  return readable ? previewPath(uid, documentId) : null;
}

/** Why a preview address is refused, in words for whoever opened it; null when it is good. */
export function previewLinkProblem(kind: string, documentId: string, expires: unknown, signature: unknown, now = Date.now()): string | null {
  const { HOOK_SECRET } = readSettings();
  const at = Number(expires);
  if (!HOOK_SECRET || !Number.isInteger(at) || !secretMatches(signature, signatureOf(HOOK_SECRET, kind, documentId, at))) {
    return '预览地址无效：请在 CMS 编辑页点击“打开预览”重新打开';
  }
  if (at * 1000 < now) return '预览地址已过期（一小时有效）：请在 CMS 编辑页点击“打开预览”重新打开';
  return null;
}

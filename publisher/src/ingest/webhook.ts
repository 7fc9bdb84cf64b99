import type { DocumentKind } from '../domain/document';
import { KIND_BY_MODEL, KIND_BY_UID } from './strapi-client';

export type HookIntent =
  | { type: 'document'; kind: DocumentKind; documentId: string; version: string }
  /** `refetch`: whether a document may render differently now, so every document is read again. */
  | { type: 'reference'; model: string; refetch: boolean }
  /** A question answered or reassigned in the CMS: its state is copied back at once. */
  | { type: 'question' }
  /** The 节假日安排 changed: the working-day calendar re-reads it. */
  | { type: 'holidays' }
  /** The 表述规范库 changed: checks use the new dictionary, and everything live is checked again. */
  | { type: 'norms' }
  | { type: 'ignored'; reason: string };

/**
 * Reference models a document can point to only through its own relation, none of them draft-and-publish:
 * a new entry of one is in no document yet (linking it is an edit of the document, with its own webhook),
 * so creating a tag, a department or a site re-reads nothing. Changing or deleting one still re-reads
 * everything. Not here: a tag dimension (it can take existing tags into it as it is made) and a 政策清单
 * (it names policy documents). webhook.test.ts holds the CMS's schemas to this.
 */
export const NEW_ENTRY_IN_NO_DOCUMENT = new Set([
  'department', 'interpreter', 'brand-column', 'site', 'channel', 'tag', 'kiosk-terminal', 'screening-region', 'tv-station',
]);

/**
 * Content types whose change can alter rendered documents (names, hotlines, sites, tags…): a
 * change re-reads every document. Others (审核记录 stage transitions, users) change nothing
 * published; treating them as references made every workflow step re-read everything.
 */
const REFERENCE_MODELS = new Set([...NEW_ENTRY_IN_NO_DOCUMENT, 'tag-dimension', 'policy-list']);

/**
 * What a Strapi webhook asks of us. The payload is only a hint (Strapi sends it once, unsigned):
 * the document is always re-read from the CMS.
 */
export function readHook(body: unknown): HookIntent {
  if (!body || typeof body !== 'object') return { type: 'ignored', reason: 'empty body' };
  const { event, model, uid, entry, createdAt } = body as Record<string, any>;
  if (typeof event !== 'string' || !event.startsWith('entry.')) return { type: 'ignored', reason: `event ${String(event)}` };
  const kind = KIND_BY_UID[uid] ?? KIND_BY_MODEL[model];
  if (!kind) {
    if (typeof model !== 'string') return { type: 'ignored', reason: 'no model' };
    if (model === 'question') return { type: 'question' };
    if (model === 'holiday-arrangement') return { type: 'holidays' };
    if (model === 'norm-entry') return { type: 'norms' };
    if (!REFERENCE_MODELS.has(model)) return { type: 'ignored', reason: `model ${model} is not published` };
    return { type: 'reference', model, refetch: !(event === 'entry.create' && NEW_ENTRY_IN_NO_DOCUMENT.has(model)) };
  }
  const documentId = entry?.documentId;
  if (typeof documentId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) return { type: 'ignored', reason: 'no documentId' };
  const version = String(entry?.updatedAt ?? createdAt ?? Date.now());
  return { type: 'document', kind, documentId, version: `${event}.${version}` };
}

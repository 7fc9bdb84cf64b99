import type { DocumentKind } from '../domain/document';
import type { StrapiClient } from './strapi-client';

export const KINDS: DocumentKind[] = ['policy-document', 'interpretation', 'event'];

/** A published document's version as the CMS gives it (its published row's updatedAt). */
export interface Seen { updatedAt: string }

/** Per kind: which documents the CMS had published, and the CMS's own time when that was counted. */
export type PublishedView = Map<DocumentKind, { ids: Set<string>; at: Date }>;

/** What one round read of a kind: every published document (complete), or only those changed since the last round. */
export interface KindRead { kind: DocumentKind; complete: boolean; documents: Map<string, string> }

/**
 * What the CMS publishes now, read as cheaply as it can be. With no earlier view every document is
 * listed (about a hundred per request). With one, each kind costs two one-row requests when nothing
 * changed: the count of published documents, and those whose published row was written or published
 * since the earlier count (by the CMS's clock) less `marginMs`. Strapi keeps no trace of an
 * unpublished or deleted document, so a count smaller than the view with the changes added means
 * one went: that kind is listed whole, and the comparison finds which.
 */
export async function readPublished(
  strapi: Pick<StrapiClient, 'countPublished' | 'listPublished'>,
  previous: PublishedView | null,
  marginMs: number,
): Promise<{ kinds: KindRead[]; view: PublishedView }> {
  const kinds: KindRead[] = [];
  const view: PublishedView = new Map();
  for (const kind of KINDS) {
    const { total, at } = await strapi.countPublished(kind);
    const before = previous?.get(kind);
    if (before) {
      const changed = await strapi.listPublished(kind, new Date(before.at.getTime() - marginMs).toISOString());
      // The earlier view's set is kept when nothing new was published (copying 20,000 ids every few seconds is not free).
      const added = changed.filter((d) => !before.ids.has(d.documentId));
      const ids = added.length === 0 ? before.ids : new Set([...before.ids, ...added.map((d) => d.documentId)]);
      if (ids.size === total) {
        kinds.push({ kind, complete: false, documents: new Map(changed.map((d) => [d.documentId, d.updatedAt])) });
        view.set(kind, { ids, at });
        continue;
      }
    }
    const all = await strapi.listPublished(kind);
    kinds.push({ kind, complete: true, documents: new Map(all.map((d) => [d.documentId, d.updatedAt])) });
    view.set(kind, { ids: new Set(all.map((d) => d.documentId)), at });
  }
  return { kinds, view };
}

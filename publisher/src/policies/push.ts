import { createHash } from 'node:crypto';
import type { PolicyItem } from '@tongyuan/channels';
import { canonicalJson } from '../domain/document';
import { matchItems, type Selection } from './match';
import type { IndexedItem, PolicyIndex } from './policy-index';
import { statusOn } from './validity';

/**
 * Policy push (政策推送): what one subscriber must be told, from the live items that fit its
 * profile on a day and what it was told before. Matching is `matchItems`, the same as
 * matchPolicies; this only compares the answer with the subscriber's record.
 */

/** An item as announced to subscribers (webhook body, feed entry): what it is, never the profile. */
export interface PushedItem extends Pick<PolicyItem, 'key' | 'title' | 'who' | 'what' | 'amount' | 'howToApply'> {
  documentId: string;
  documentTitle: string;
  tags: string[];
  tagNames: string[];
  basis: { documentId: string; documentNumber: string; title: string } | null;
  validFrom: string | null;
  validTo: string | null;
  /** The item's public page (政策找人). */
  url: string;
}

/** What a subscriber was last told about an item. */
export interface ToldItem { hash: string; version: number; withdrawn: boolean; item: PushedItem }

export interface PlannedEvent {
  key: string;
  kind: 'item' | 'withdrawn';
  /** new / changed; or why it left: 已撤回 (no longer live), 已失效 (validity ended), 不再符合画像. */
  note: string;
  hash: string;
  item: PushedItem;
  /** The version this event gets (the previous one + 1): recording it twice is refused by the store. */
  version: number;
}

export const itemHash = (item: PushedItem) => createHash('sha256').update(canonicalJson(item)).digest('hex');

/**
 * A stored profile as a selection. It was validated when the subscriber registered; a tag the CMS
 * removed since then still names its dimension ("dimension:code") and simply matches nothing.
 */
export function storedSelection(ids: string[]): Selection {
  const byDimension = new Map<string, Set<string>>();
  for (const id of ids) {
    const dimension = id.slice(0, Math.max(0, id.indexOf(':')));
    byDimension.set(dimension, (byDimension.get(dimension) ?? new Set()).add(id));
  }
  return { byDimension, ids };
}

export function pushedItem(entry: IndexedItem, publicUrl: string): PushedItem {
  const { item } = entry;
  return {
    key: item.key, title: item.title, who: item.who, what: item.what, amount: item.amount, howToApply: item.howToApply,
    documentId: entry.documentId, documentTitle: entry.documentTitle,
    tags: item.tags.map((t) => `${t.dimension}:${t.code}`), tagNames: item.tags.map((t) => `${t.dimensionName}：${t.name}`),
    basis: item.basis && { documentId: item.basis.documentId, documentNumber: item.basis.documentNumber, title: item.basis.title },
    validFrom: entry.window.from, validTo: entry.window.to,
    url: `${publicUrl}/policy-finder/items/${encodeURIComponent(item.key)}`,
  };
}

/**
 * Per index (rebuilt on every change, so nothing here goes stale): each item as announced, with its
 * hash, and the items by key. Computed once for all subscribers, not once per subscriber.
 */
const announced = new WeakMap<IndexedItem, { item: PushedItem; hash: string }>();
const byKeyOf = new WeakMap<PolicyIndex, Map<string, IndexedItem>>();

function announce(entry: IndexedItem, publicUrl: string) {
  let cached = announced.get(entry);
  if (!cached || !cached.item.url.startsWith(publicUrl)) {
    const item = pushedItem(entry, publicUrl);
    cached = { item, hash: itemHash(item) };
    announced.set(entry, cached);
  }
  return cached;
}

/** New or changed fitting items become `item` events; items told before that no longer fit become `withdrawn` events. */
export function plannedEvents(index: PolicyIndex, profile: string[], day: string, told: Map<string, ToldItem>, publicUrl: string): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  const fitting = new Set<string>();
  for (const { entry } of matchItems(index, storedSelection(profile), day, [])) {
    const { item, hash } = announce(entry, publicUrl);
    const before = told.get(item.key);
    fitting.add(item.key);
    if (before && !before.withdrawn && before.hash === hash) continue;
    events.push({ key: item.key, kind: 'item', note: before && !before.withdrawn ? 'changed' : 'new', hash, item, version: (before?.version ?? 0) + 1 });
  }
  let byKey = byKeyOf.get(index);
  if (!byKey) byKeyOf.set(index, (byKey = new Map(index.items.map((entry) => [entry.item.key, entry]))));
  for (const [key, before] of told) {
    if (before.withdrawn || fitting.has(key)) continue;
    const entry = byKey.get(key);
    const note = !entry ? '已撤回' : statusOn(entry.window, day) !== '现行有效' ? '已失效' : '不再符合画像';
    events.push({ key, kind: 'withdrawn', note, hash: before.hash, item: before.item, version: before.version + 1 });
  }
  return events;
}

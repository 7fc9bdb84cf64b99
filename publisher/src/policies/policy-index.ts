import Database from 'better-sqlite3';
import type { PolicyItem, PolicyMatchPayload, Tag } from '@tongyuan/channels';
import { IndexBits } from './index-bits';
import { effectiveWindows, type DocumentValidity, type Window } from './validity';

/** One item as the index holds it: the item, where it comes from, the window it applies in. */
export interface IndexedItem {
  item: PolicyItem;
  documentId: string;
  documentTitle: string;
  /** Tag ids ("dimension:code") by dimension. */
  tagsByDimension: Map<string, Set<string>>;
  window: Window;
  /** The basis document's full text, where clauses are highlighted ('' when it is not live). */
  basisText: string;
  /** Sites whose 政策找人 shows it; null for every site (a rendition from before sites were recorded). */
  sites: Set<string> | null;
}

/** A tag as a profile names it: "dimension:code". */
export const tagId = (tag: Pick<Tag, 'dimension' | 'code'>) => `${tag.dimension}:${tag.code}`;

/**
 * The live policy items of every document, in memory (thousands of items: matching and facet
 * counts are loops, not queries), with a SQLite FTS5 trigram table beside them for the Chinese
 * secondary search (substrings, no word segmentation needed). Built from the live 政策匹配
 * renditions; rebuilt when the store's change stream moved.
 */
export class PolicyIndex {
  readonly items: IndexedItem[] = [];
  readonly tags = new Map<string, Tag>();
  readonly dimensions = new Map<string, string>(); // code → name, in first-seen order
  private readonly search = new Database(':memory:');
  private readonly searches = new Map<number, Database.Statement>(); // by number of terms

  /** `catalogue`: every tag in the CMS, so a tag no live item carries yet is a valid choice with no results. */
  constructor(documents: Array<{ documentId: string; payload: PolicyMatchPayload }>, catalogue: Tag[] = []) {
    for (const tag of catalogue) this.addTag(tag);
    const validity = new Map<string, DocumentValidity>();
    const fullTexts = new Map<string, string>();
    for (const { documentId, payload } of documents) {
      if (payload.kind === 'policy-document') {
        validity.set(documentId, { validFrom: payload.validFrom, validTo: payload.validTo, supersedes: payload.supersedes });
        fullTexts.set(documentId, payload.fullText);
      }
    }
    const windows = effectiveWindows(validity);
    for (const { documentId, payload } of documents) {
      for (const item of payload.items) {
        const tagsByDimension = new Map<string, Set<string>>();
        for (const tag of item.tags) {
          this.addTag(tag);
          tagsByDimension.set(tag.dimension, (tagsByDimension.get(tag.dimension) ?? new Set()).add(tagId(tag)));
        }
        const basisId = item.basis?.documentId;
        // A basis document that is not live (yet) keeps the window the item was published with.
        const window = (basisId && windows.get(basisId)) || { from: item.basis?.validFrom ?? null, to: item.basis?.validTo ?? null };
        const sites = Array.isArray(payload.sites) ? new Set(payload.sites) : null;
        this.items.push({ item, documentId, documentTitle: payload.title, tagsByDimension, window, basisText: (basisId && fullTexts.get(basisId)) || '', sites });
      }
    }
    this.search.exec("CREATE VIRTUAL TABLE item_text USING fts5(position UNINDEXED, body, tokenize = 'trigram')");
    const insert = this.search.prepare('INSERT INTO item_text (position, body) VALUES (?, ?)');
    this.search.transaction(() => {
      this.items.forEach((entry, position) => insert.run(position, searchableText(entry)));
    })();
  }

  private itemBits: IndexBits | null = null;
  /** The items as bit sets for matching and facet counts (built at the first question). */
  get bits(): IndexBits {
    this.itemBits ??= new IndexBits(this.items);
    return this.itemBits;
  }

  private tagLists: Map<string, Tag[]> | null = null;
  /** Every known tag by dimension, in first-seen order (facets list them all for every question). */
  tagsByDimension(): Map<string, Tag[]> {
    if (!this.tagLists) {
      this.tagLists = new Map();
      for (const tag of this.tags.values()) {
        const list = this.tagLists.get(tag.dimension) ?? [];
        list.push(tag);
        this.tagLists.set(tag.dimension, list);
      }
    }
    return this.tagLists;
  }

  private addTag(tag: Tag) {
    if (!this.tags.has(tagId(tag))) this.tags.set(tagId(tag), tag);
    if (!this.dimensions.has(tag.dimension)) this.dimensions.set(tag.dimension, tag.dimensionName);
  }

  /**
   * Positions of the items whose text contains every term (LIKE on the trigram table: terms of
   * three characters or more use the index; shorter ones scan, which at this size is still quick).
   */
  positionsContaining(terms: string[]): Set<number> {
    let statement = this.searches.get(terms.length);
    if (!statement) {
      statement = this.search.prepare(`SELECT position FROM item_text WHERE ${terms.map(() => "body LIKE ? ESCAPE '\\'").join(' AND ')}`);
      this.searches.set(terms.length, statement);
    }
    const rows = statement.all(...terms.map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)) as Array<{ position: number }>;
    return new Set(rows.map((r) => r.position));
  }

  close(): void {
    this.search.close();
  }
}

export function searchableText(entry: IndexedItem): string {
  const { item } = entry;
  return [item.title, item.who, item.what, item.amount, item.howToApply, entry.documentTitle, item.basis?.documentNumber ?? '', ...item.tags.map((t) => t.name)].join('\n');
}

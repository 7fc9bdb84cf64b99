import { CHANNEL_ROLES } from '@tongyuan/channels';
import type { PolicyMatchPayload, Tag } from '@tongyuan/channels';
import { chinaToday, type Clock } from '@tongyuan/document';
import { PublisherError } from '../errors';
import type { Logger } from '../logger';
import type { PublicationQueries } from '../store/queries';
import { basisOf, facetsOf, highlightsOf, matchPage, readAsOf, readQuery, readSelection, readSite, type Fit } from './match';
import { PolicyIndex, type IndexedItem } from './policy-index';

/** Tags change rarely, and a reference webhook resets this at once. */
const TAGS_TTL_MS = 60_000;

export interface MatchInput { profile?: string[] | null; asOf?: string | null; query?: string | null; first?: number | null; after?: string | null; site?: string | null }

/**
 * The policy operations (matchPolicies, policyFacets), written once for GraphQL and the search
 * pages. The index is rebuilt from the live 政策匹配 renditions when the change stream moved (one
 * rebuild at a time, a few milliseconds for thousands of items), so an answer never lags a publish.
 */
export class PolicyCatalog {
  private index: PolicyIndex | null = null;
  private builtAt = -1;
  private builds = 0;
  private building: Promise<PolicyIndex> | null = null;

  private tags: { list: Tag[]; at: number; version: number } = { list: [], at: 0, version: 0 };
  private builtWithTags = -1;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly queries: PublicationQueries,
    private readonly maxPage: number,
    private readonly loadTags: () => Promise<Tag[]>,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** The CMS's tag catalogue changed (a reference webhook): read it again at the next question. */
  forgetTags(): void {
    this.tags.at = 0;
  }

  async current(): Promise<PolicyIndex> {
    // The tag catalogue is read in the background: a CMS that is slow or down never holds up an answer
    // (only the very first index waits for it).
    if (Date.now() - this.tags.at > TAGS_TTL_MS) this.refreshing ??= this.refreshTags().finally(() => (this.refreshing = null));
    if (!this.index && this.refreshing) await this.refreshing;
    const seq = await this.queries.servingChangeSeq();
    if (this.index && seq === this.builtAt && this.tags.version === this.builtWithTags) return this.index;
    this.building ??= (async () => {
      const live = await this.queries.liveOn(CHANNEL_ROLES.policyCatalogue);
      const tags = this.tags;
      const next = new PolicyIndex(live.map((item) => ({ documentId: item.documentId, payload: item.payload as PolicyMatchPayload })), tags.list);
      const previous = this.index;
      [this.index, this.builtAt, this.builtWithTags] = [next, seq, tags.version];
      this.builds += 1;
      previous?.close();
      return next;
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  /** Changes whenever the index was rebuilt (a publish, a new tag catalogue): what cached answers are keyed by. */
  async generation(): Promise<number> {
    await this.current();
    return this.builds;
  }

  /** A CMS that does not answer keeps the catalogue it had (and the tags live items carry); it is asked again in a minute. */
  private async refreshTags() {
    try {
      this.tags = { list: await this.loadTags(), at: Date.now(), version: this.tags.version + 1 };
    } catch (error) {
      this.tags.at = Date.now();
      this.logger.warn({ err: (error as Error).message }, '读取 CMS 标签目录失败，沿用已有的标签');
    }
  }

  /** `limit` raises the page size for exports and print views (never above 5,000 rows). */
  async match(input: MatchInput, options: { limit?: number } = {}) {
    const index = await this.current();
    const selection = readSelection(index, input.profile ?? []);
    const day = readAsOf(input.asOf, chinaToday(this.clock));
    const terms = readQuery(input.query);
    const first = Math.min(Math.max(input.first ?? 20, 1), Math.min(options.limit ?? this.maxPage, 5000));
    const offset = input.after ? readCursor(input.after) : 0;
    const { total, page } = matchPage(index, selection, day, terms, readSite(input.site), offset, first);
    const edges = page.map(({ entry, fit }, i) => ({
      cursor: Buffer.from(String(offset + i + 1)).toString('base64url'),
      node: nodeOf(index, entry, fit, selection.ids, terms, day),
    }));
    return { asOf: day, total, edges, pageInfo: { hasNextPage: offset + first < total, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** One item by key as matching would answer it on `asOf` (null if there is no such item). */
  async item(key: string, asOf?: string | null) {
    const index = await this.current();
    const day = readAsOf(asOf, chinaToday(this.clock));
    const entry = index.items.find((e) => e.item.key === key);
    return entry ? nodeOf(index, entry, { score: 0, matched: [], neutral: [] }, [], [], day) : null;
  }

  async facets(input: Omit<MatchInput, 'first' | 'after'> & { selection?: string[] | null }) {
    const index = await this.current();
    const selection = readSelection(index, input.selection ?? input.profile ?? []);
    return facetsOf(index, selection, readAsOf(input.asOf, chinaToday(this.clock)), readQuery(input.query), readSite(input.site));
  }
}

export type PolicyNode = ReturnType<typeof nodeOf>;

function nodeOf(index: PolicyIndex, entry: IndexedItem, fit: Fit, selected: string[], terms: string[], day: string) {
  const nameOf = (dimension: string) => index.dimensions.get(dimension) ?? dimension;
  return {
    key: entry.item.key, title: entry.item.title, who: entry.item.who, what: entry.item.what, amount: entry.item.amount,
    howToApply: entry.item.howToApply, documentId: entry.documentId, documentTitle: entry.documentTitle, score: fit.score,
    tags: entry.item.tags.map((t) => `${t.dimension}:${t.code}`),
    tagNames: entry.item.tags.map((t) => `${t.dimensionName}：${t.name}`),
    matched: fit.matched.map((dimension) => ({
      dimension, dimensionName: nameOf(dimension),
      tags: entry.item.tags.filter((t) => t.dimension === dimension && selected.includes(`${t.dimension}:${t.code}`)).map((t) => t.name),
    })),
    neutral: fit.neutral.map((dimension) => ({ dimension, dimensionName: nameOf(dimension) })),
    highlights: highlightsOf(entry, terms),
    basis: basisOf(entry, day),
    basisText: entry.basisText,
  };
}

function readCursor(cursor: string): number {
  const value = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(value) || value < 0) throw new PublisherError('BAD_REQUEST', '分页游标无效：请使用上一次返回的游标');
  return value;
}

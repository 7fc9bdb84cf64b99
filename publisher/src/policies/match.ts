import type { Tag } from '@tongyuan/channels';
import { PublisherError } from '../errors';
import { tagId, type IndexedItem, type PolicyIndex } from './policy-index';
import { and, andNot, countAndAny, emptyBits, hasBit, or, positionsOf, type Bits } from './item-bits';
import { isCalendarDate, statusOn } from './validity';

/**
 * "Policies find people": which items fit a profile (a set of tags, one or more per dimension),
 * ranked by fit and explained. A dimension the profile names either matches the item (it carries
 * one of the named tags), rules it out (it carries only other tags of that dimension), or is
 * neutral (the item does not restrict it). Industry fit weighs double, as Shanxi ranks by it.
 */
export const MAX_QUERY_CHARACTERS = 100;
const WEIGHTS: Record<string, number> = { industry: 2 };

/** The exclusion group a tag belongs to, as one key (groups are per dimension); null when it excludes nothing. */
export const exclusionKey = (tag: Pick<Tag, 'dimension' | 'exclusionGroup'>) => (tag.exclusionGroup ? `${tag.dimension}/${tag.exclusionGroup}` : null);

export interface Selection { byDimension: Map<string, Set<string>>; ids: string[] }

/** Reads a profile: unknown tags and two tags that exclude each other are refused by name. */
export function readSelection(index: PolicyIndex, ids: string[]): Selection {
  const unique = [...new Set(ids)];
  const unknown = unique.filter((id) => !index.tags.has(id));
  if (unknown.length > 0) {
    throw new PublisherError('BAD_REQUEST', `没有这些标签：${unknown.slice(0, 5).map((id) => id.slice(0, 60)).join('、')}；标签写作“维度:代码”，可选的见 policyFacets`);
  }
  const byGroup = new Map<string, string>();
  for (const id of unique) {
    const tag = index.tags.get(id)!;
    const group = exclusionKey(tag);
    if (!group) continue;
    const other = byGroup.get(group);
    if (other) throw new PublisherError('BAD_REQUEST', `“${index.tags.get(other)!.name}”与“${tag.name}”互斥，只能选择其一`);
    byGroup.set(group, id);
  }
  const byDimension = new Map<string, Set<string>>();
  for (const id of unique) {
    const dimension = index.tags.get(id)!.dimension;
    byDimension.set(dimension, (byDimension.get(dimension) ?? new Set()).add(id));
  }
  return { byDimension, ids: unique };
}

/** A site code as sites are written; an unknown but well-formed one simply has no items. */
export function readSite(site: string | null | undefined): string | null {
  if (site === null || site === undefined || site === '') return null;
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(site)) throw new PublisherError('BAD_REQUEST', `站点代码“${site.slice(0, 40)}”无效：写作小写字母、数字和连字符，如 juxian-portal`);
  return site;
}

export function readAsOf(asOf: string | null | undefined, today: string): string {
  if (asOf === null || asOf === undefined || asOf === '') return today;
  if (!isCalendarDate(asOf)) throw new PublisherError('BAD_REQUEST', `日期“${asOf.slice(0, 20)}”无效：请写作 YYYY-MM-DD，如 2026-11-23`);
  return asOf;
}

/** Search terms: whitespace-separated, each matched as a substring. Too long is an error, not a slow query. */
export function readQuery(query: string | null | undefined): string[] {
  const text = (query ?? '').trim();
  if ([...text].length > MAX_QUERY_CHARACTERS) throw new PublisherError('BAD_REQUEST', `搜索词最多 ${MAX_QUERY_CHARACTERS} 个字，请缩短后再搜`);
  // Control characters and NULs never reach SQLite.
  return text.replace(/\p{Cc}/gu, ' ').split(/\s+/u).filter(Boolean).slice(0, 8);
}

export interface Fit { score: number; matched: string[]; neutral: string[] }

/** How an item fits a selection; null when a dimension rules it out. */
export function fitOf(entry: IndexedItem, selection: Map<string, Set<string>>): Fit | null {
  let score = 0;
  const matched: string[] = [];
  const neutral: string[] = [];
  for (const [dimension, wanted] of selection) {
    const carried = entry.tagsByDimension.get(dimension);
    if (!carried) {
      neutral.push(dimension);
      continue;
    }
    let any = false;
    for (const id of wanted) {
      if (carried.has(id)) {
        any = true;
        break;
      }
    }
    if (!any) return null;
    matched.push(dimension);
    score += WEIGHTS[dimension] ?? 1;
  }
  return { score, matched, neutral };
}

/**
 * One item that fits: ranked by its score and how many named dimensions it leaves open, its
 * explanation (which dimensions matched, which were neutral) worked out only when asked — a page
 * shows twenty of the hundreds that fit.
 */
export class RankedItem {
  private explained: Fit | null = null;
  constructor(
    readonly entry: IndexedItem, readonly score: number, readonly neutralCount: number,
    private readonly selection: Map<string, Set<string>>,
  ) {}
  get fit(): Fit {
    this.explained ??= fitOf(this.entry, this.selection)!;
    return this.explained;
  }
}

/**
 * What a selection asks of each item, as bit sets: per named dimension the items that match it
 * (carry a named tag) and those it rules out (restrict the dimension to other tags).
 */
function constraintsOf(index: PolicyIndex, selection: Selection) {
  const { bits } = index;
  return [...selection.byDimension].map(([dimension, wanted]) => {
    let matches = emptyBits(bits.size);
    for (const id of wanted) matches = or(matches, bits.tag(id));
    const restricting = bits.restricting(dimension);
    return { dimension, weight: WEIGHTS[dimension] ?? 1, matches, restricting, rulesOut: andNot(restricting, matches) };
  });
}

/** Valid on the day, on the site, containing the terms. */
function candidatesOf(index: PolicyIndex, day: string, terms: string[], site: string | null): Bits {
  const { bits } = index;
  const base = and(bits.inForceOn(day), bits.onSite(site));
  return terms.length > 0 ? and(base, bits.fromPositions(index.positionsContaining(terms))) : base;
}

/**
 * Each fitting item's rank as one number, smaller first: a better score, then fewer named dimensions left
 * open, then the tie order (newer first). Score and open count sit above the tie order's 24 bits (16 million
 * items), so ranking compares numbers and a key reads back to its item.
 */
const PLACE_BITS = 2 ** 24;
const OPEN_SPAN = 256;
const MAX_SCORE = 4096;
function rankKeys(index: PolicyIndex, selection: Selection, day: string, terms: string[], site: string | null): Float64Array {
  const constraints = constraintsOf(index, selection);
  let fitting = candidatesOf(index, day, terms, site);
  for (const c of constraints) fitting = andNot(fitting, c.rulesOut);
  const positions = positionsOf(fitting);
  const keys = new Float64Array(positions.length);
  const { order } = index.bits;
  positions.forEach((position, i) => {
    let score = 0;
    let neutral = 0;
    for (const c of constraints) {
      if (hasBit(c.matches, position)) score += c.weight;
      else if (!hasBit(c.restricting, position)) neutral += 1;
    }
    keys[i] = ((MAX_SCORE - score) * OPEN_SPAN + neutral) * PLACE_BITS + order[position];
  });
  return keys;
}

function rankedOf(index: PolicyIndex, selection: Selection, key: number): RankedItem {
  const place = key % PLACE_BITS;
  const tier = (key - place) / PLACE_BITS;
  const neutral = tier % OPEN_SPAN;
  return new RankedItem(index.items[index.bits.positionAt[place]], MAX_SCORE - (tier - neutral) / OPEN_SPAN, neutral, selection.byDimension);
}

/** The items that fit, valid on the day, containing the terms: best fit first, then the more specific, then the newer. */
export function matchItems(index: PolicyIndex, selection: Selection, day: string, terms: string[], site: string | null = null): RankedItem[] {
  return Array.from(rankKeys(index, selection, day, terms, site).sort(), (key) => rankedOf(index, selection, key));
}

/**
 * How many items fit, and the page [offset, offset + count) of them in rank order: only the page's items are
 * ranked against each other (at 17,000 items thousands fit a short profile, and an answer shows twenty).
 */
export function matchPage(index: PolicyIndex, selection: Selection, day: string, terms: string[], site: string | null, offset: number, count: number) {
  const keys = rankKeys(index, selection, day, terms, site);
  const wanted = Math.min(offset + count, keys.length);
  let best: ArrayLike<number>;
  if (wanted * 8 >= keys.length) best = keys.sort();
  else {
    // The `wanted` smallest keys, kept sorted: most keys are larger than the worst kept and cost one comparison.
    const kept: number[] = [];
    for (const key of keys) {
      if (kept.length === wanted && key >= kept[wanted - 1]) continue;
      let low = 0;
      let high = kept.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (kept[mid] < key) low = mid + 1;
        else high = mid;
      }
      kept.splice(low, 0, key);
      if (kept.length > wanted) kept.pop();
    }
    best = kept;
  }
  const page: RankedItem[] = [];
  for (let i = offset; i < wanted; i += 1) page.push(rankedOf(index, selection, best[i]));
  return { total: keys.length, page };
}

export interface FacetTag { id: string; name: string; group: string | null; count: number; selected: boolean; excluded: boolean; reason: string | null }

/**
 * Per dimension, per tag: how many items ticking it would give (OR within the dimension, AND
 * across), and whether the current selection excludes it (another tag of its exclusion group is
 * ticked) with the reason in words.
 */
export function facetsOf(index: PolicyIndex, selection: Selection, day: string, terms: string[], site: string | null = null) {
  const candidates = candidatesOf(index, day, terms, site);
  const constraints = constraintsOf(index, selection);
  const selectedByGroup = new Map<string, string>();
  for (const id of selection.ids) {
    const group = exclusionKey(index.tags.get(id)!);
    if (group) selectedByGroup.set(group, id);
  }
  const { bits } = index;
  return [...index.dimensions].map(([dimension, dimensionName]) => {
    const current = selection.byDimension.get(dimension) ?? new Set<string>();
    // Ticking one of this dimension's tags replaces or widens the selection here, so only the
    // other dimensions' constraints must hold.
    let fitsElsewhere = candidates;
    for (const c of constraints) if (c.dimension !== dimension) fitsElsewhere = andNot(fitsElsewhere, c.rulesOut);
    const here = constraints.find((c) => c.dimension === dimension);
    const open = andNot(bits.all, bits.restricting(dimension)); // items that leave this dimension open
    const matched = here?.matches ?? emptyBits(bits.size);
    // A tag's count: items that fit elsewhere and leave the dimension open, match a ticked tag, or carry this tag.
    const tags: FacetTag[] = (index.tagsByDimension().get(dimension) ?? []).map((tag) => {
      const id = tagId(tag);
      const group = exclusionKey(tag);
      const holder = group ? selectedByGroup.get(group) : undefined;
      const excluded = holder !== undefined && holder !== id;
      return {
        id, name: tag.name, group, count: countAndAny(fitsElsewhere, open, matched, current.has(id) ? matched : bits.tag(id)), selected: current.has(id), excluded,
        reason: excluded ? `与已选的“${index.tags.get(holder!)!.name}”互斥` : null,
      };
    });
    return { dimension, dimensionName, tags };
  });
}

/** Where the terms occur in the item's own fields (character offsets, as JavaScript strings count them). */
export function highlightsOf(entry: IndexedItem, terms: string[]) {
  const out: Array<{ field: string; start: number; end: number }> = [];
  if (terms.length === 0) return out; // most questions have no search term: no field is lower-cased for nothing
  const fields = { title: entry.item.title, who: entry.item.who, what: entry.item.what, amount: entry.item.amount, howToApply: entry.item.howToApply };
  for (const [field, text] of Object.entries(fields)) {
    const lower = text.toLowerCase();
    for (const term of terms) {
      const needle = term.toLowerCase();
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) out.push({ field, start: at, end: at + needle.length });
    }
  }
  return out.sort((a, b) => a.field.localeCompare(b.field) || a.start - b.start);
}

/**
 * Where each basis clause sits in the basis document's full text (null where it is not there verbatim): the same
 * on every day, so it is searched once per item of an index rather than for every answer that shows the item.
 */
type Basis = NonNullable<IndexedItem['item']['basis']>;
const placedClauses = new WeakMap<IndexedItem, Array<Basis['clauses'][number] & { start: number | null; end: number | null }>>();
function clausesOf(entry: IndexedItem, basis: Basis) {
  let placed = placedClauses.get(entry);
  if (placed) return placed;
  let from = 0;
  placed = basis.clauses.map((clause) => {
    const at = entry.basisText.indexOf(clause.text, from);
    const found = at >= 0 ? at : entry.basisText.indexOf(clause.text);
    if (at >= 0) from = at + clause.text.length;
    return { ...clause, start: found >= 0 ? found : null, end: found >= 0 ? found + clause.text.length : null };
  });
  placedClauses.set(entry, placed);
  return placed;
}

/** The basis clauses with their place in the basis document's full text, and the basis's status on the day. */
export function basisOf(entry: IndexedItem, day: string) {
  const basis = entry.item.basis;
  if (!basis) return null;
  return {
    documentId: basis.documentId, title: basis.title, documentNumber: basis.documentNumber,
    validFrom: entry.window.from, validTo: entry.window.to, status: statusOn(entry.window, day), clauses: clausesOf(entry, basis),
  };
}

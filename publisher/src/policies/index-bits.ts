import { emptyBits, fullBits, setBit, type Bits } from './item-bits';
import type { IndexedItem } from './policy-index';
import { statusOn } from './validity';

/**
 * The index's items as bit sets, built once per index (a few milliseconds for 1,700 items): which
 * items carry each tag, which restrict each dimension, which are valid on a day and shown on a
 * site (both remembered for the last few asked), and one fixed order for ties (newer first, then
 * by key) so ranking compares numbers only.
 */
export class IndexBits {
  readonly size: number;
  readonly all: Bits;
  /** Position → place in the tie order (newer window first, then key). */
  readonly order: Int32Array;
  /** Place in the tie order → position (ranking keys carry the place, and a page is read back through it). */
  readonly positionAt: Int32Array;
  private readonly byTag = new Map<string, Bits>();
  private readonly byDimension = new Map<string, Bits>();
  private readonly byDay = new Map<string, Bits>();
  private readonly bySite = new Map<string, Bits>();
  private readonly none: Bits;

  constructor(private readonly items: IndexedItem[]) {
    this.size = items.length;
    this.all = fullBits(this.size);
    this.none = emptyBits(this.size);
    items.forEach((entry, position) => {
      for (const [dimension, tags] of entry.tagsByDimension) {
        if (tags.size === 0) continue;
        setBit(this.ensure(this.byDimension, dimension), position);
        for (const id of tags) setBit(this.ensure(this.byTag, id), position);
      }
    });
    const ranked = items.map((entry, position) => ({ from: entry.window.from ?? '', key: entry.item.key, position }));
    ranked.sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.order = new Int32Array(this.size);
    this.positionAt = new Int32Array(this.size);
    ranked.forEach((r, place) => {
      this.order[r.position] = place;
      this.positionAt[place] = r.position;
    });
  }

  /** Items carrying the tag (none for a tag no item carries yet). */
  tag(id: string): Bits {
    return this.byTag.get(id) ?? this.none;
  }

  /** Items that carry any tag of the dimension (the others leave it open). */
  restricting(dimension: string): Bits {
    return this.byDimension.get(dimension) ?? this.none;
  }

  inForceOn(day: string): Bits {
    return remembered(this.byDay, day, () => {
      const bits = emptyBits(this.size);
      this.items.forEach((entry, position) => statusOn(entry.window, day) === '现行有效' && setBit(bits, position));
      return bits;
    });
  }

  /** Items a site's 政策找人 shows (null: every site's). */
  onSite(site: string | null): Bits {
    if (site === null) return this.all;
    return remembered(this.bySite, site, () => {
      const bits = emptyBits(this.size);
      this.items.forEach((entry, position) => (entry.sites === null || entry.sites.has(site)) && setBit(bits, position));
      return bits;
    });
  }

  fromPositions(positions: Iterable<number>): Bits {
    const bits = emptyBits(this.size);
    for (const position of positions) setBit(bits, position);
    return bits;
  }

  private ensure(map: Map<string, Bits>, key: string): Bits {
    let bits = map.get(key);
    if (!bits) map.set(key, (bits = emptyBits(this.size)));
    return bits;
  }
}

/** The last few days and sites asked about: answers for today and a handful of sites repeat. */
function remembered(map: Map<string, Bits>, key: string, make: () => Bits): Bits {
  let bits = map.get(key);
  if (!bits) {
    if (map.size >= 16) map.delete(map.keys().next().value as string);
    map.set(key, (bits = make()));
  }
  return bits;
}

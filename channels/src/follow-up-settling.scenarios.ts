/**
 * The three scenarios every built file that waits for its renders must pass (follow-up-settling.ts: cinema reels,
 * loudspeaker playlists, TV day packages, print booklets), each run against the channel's own build with an
 * in-memory store. A channel's test file supplies the harness and adds what is its own (an ended basis, an earlier
 * day, a list's appendix). Only test files import this.
 */

/** An interpretation's rendition on the channel: which places (regions, stations) it is for, and its revision. */
export interface SettlingItem { id: string; version: number; day: number; places: string[]; validTo: string | null }

export interface SettlingHarness {
  state: {
    live: SettlingItem[];
    inFlight: number;
    /** Files the build made (reels joined, packages stored, booklets typeset). */
    writes: number;
  };
  build(): Promise<object>;
  /** The revisions the built file for `place` (today's) holds, or undefined before one was built. */
  held(place: string): string[] | undefined;
  /** What it must hold now: what the live items make. */
  expected(place: string): string[];
  /** How `held` names an item's revision. */
  revision(id: string, version: number): string;
}

export interface SettlingSpec {
  /** How the test titles name the channel's items and its built file: 'segments', 'reel'. */
  items: string;
  file: string;
  harness(): SettlingHarness;
  /** The places the second and later scenarios spread items over (one is enough where the file is not per place). */
  places: [string, ...string[]];
  /** Files built per place and build: days ahead for reels and playlists, one for packages and booklets. */
  perPlace: number;
}

export const settlingItem = (id: string, day: number, places: string[], version = 1): SettlingItem => ({ id, version, day, places, validTo: null });

const revised = (live: SettlingItem[], id: string): SettlingItem[] => live.map((i) => (i.id === id ? { ...i, version: i.version + 1 } : i));

export function settlingScenarios(spec: SettlingSpec): void {
  const [first] = spec.places;
  const last = spec.places[spec.places.length - 1];
  const files = spec.places.length * spec.perPlace;

  it(`waits while ${spec.items} render, then makes each ${spec.file} once with all of them`, async () => {
    const { state, build, held, expected } = spec.harness();
    state.live = [settlingItem('a', 1, [first])];
    state.inFlight = 3;
    for (const next of ['b', 'c']) {
      expect(await build()).toMatchObject({ built: 0, postponed: spec.perPlace });
      state.live.push(settlingItem(next, state.live.length + 1, [first]));
      state.inFlight -= 1;
    }
    expect(held(first)).toBeUndefined();
    expect(state.writes).toBe(0);
    state.inFlight = 0;
    expect(await build()).toMatchObject({ built: spec.perPlace, postponed: 0 });
    expect(held(first)).toEqual(expected(first));
    expect(held(first)).toHaveLength(3);
    expect(state.writes).toBe(1);
  }, 30_000);

  it(`rebuilds at once, renders or not, a ${spec.file} holding a withdrawn or replaced item`, async () => {
    const { state, build, held, expected, revision } = spec.harness();
    state.live = ['a', 'b', 'c'].map((id, i) => settlingItem(id, i + 1, [first]));
    await build();
    state.inFlight = 2;
    state.live = state.live.filter((i) => i.id !== 'b'); // withdrawn
    expect(await build()).toMatchObject({ built: spec.perPlace, postponed: 0 });
    expect(held(first)).toEqual(expected(first));
    state.live = revised(state.live, 'a'); // a new revision of a went live
    expect(await build()).toMatchObject({ built: spec.perPlace, postponed: 0 });
    expect(held(first)).toContain(revision('a', 2));
  }, 30_000);

  it(`never ends stale: whatever went live while it waited, the build after the last render matches the live ${spec.items}`, async () => {
    const { state, build, held, expected, revision } = spec.harness();
    state.live = [settlingItem('a', 1, spec.places), settlingItem('b', 2, [first])];
    await build();
    state.inFlight = 4;
    state.live.push(settlingItem('c', 3, [last])); // added while others render: waits
    state.live.push(settlingItem('d', 4, spec.places));
    expect(await build()).toMatchObject({ built: 0, postponed: files });
    expect(held(first)).not.toEqual(expected(first));
    state.live = revised(state.live, 'd'); // changed again after it went live
    state.inFlight = 0;
    await build();
    for (const place of spec.places) expect([place, held(place)]).toEqual([place, expected(place)]);
    expect(held(first)).toContain(revision('d', 2));
    expect(await build()).toMatchObject({ built: 0, unchanged: files });
  }, 30_000);
}

import type { ArtifactRef, FollowUpDeps } from '../channel';
import type { ReelView } from '../hooks';
import type { CinemaPayload } from './channel';
import { buildReels, chooseSegments } from './reels';

/**
 * The reel build against an in-memory reel store: while segments are still rendering it waits with
 * reels that show only what is live (one join once they are all in, not one per segment), rebuilds
 * at once a reel that holds something withdrawn or replaced, and never ends stale — after the last
 * render every reel is what the live segments make.
 */
const TODAY = '2026-12-05';
const DAYS = 2;
const LENGTH = { minSeconds: 180, maxSeconds: 300 };
interface Segment { id: string; version: number; seconds: number; day: number; regions: string[] }

function cinema() {
  const stored = new Map<string, ReelView>();
  const state = { live: [] as Segment[], inFlight: 0, joins: 0 };
  const video = (s: Segment): ArtifactRef => ({ name: `${s.id}.mp4`, mime: 'video/mp4', sha256: `${s.id}-v${s.version}`, size: 1000 });
  const deps = {
    logger: { info: () => undefined, warn: () => undefined },
    today: () => TODAY,
    live: async () => state.live.map((s) => ({
      documentId: s.id, channel: 'cinema', hash: `${s.id}-h${s.version}`, title: `片段${s.id}`, publishedAt: `2026-11-${10 + s.day}T08:00:00Z`, updatedAt: '',
      artifacts: [video(s)],
      payload: { title: `片段${s.id}`, seconds: s.seconds, narration: { present: true }, regions: s.regions.map((code) => ({ code, name: code })), validTo: null, leftOut: 0 } as unknown as CinemaPayload,
    })),
    rendersInFlight: async () => state.inFlight,
    inForce: async () => true,
    reels: {
      ...LENGTH, days: DAYS,
      find: async (region: string, date: string) => stored.get(`${region}/${date}`),
      save: async (reel: ReelView) => void stored.set(`${reel.region}/${reel.date}`, reel),
      removeExcept: async (keep: Array<{ region: string; date: string }>) => {
        const kept = new Set(keep.map((k) => `${k.region}/${k.date}`));
        return [...stored.keys()].filter((k) => !kept.has(k) && stored.delete(k)).length;
      },
      join: async (videos: ArtifactRef[]) => {
        state.joins += 1;
        return { sha256: videos.map((v) => v.sha256).join('+'), size: videos.length };
      },
    },
  } as unknown as FollowUpDeps<CinemaPayload>;
  /** What each region's reel for today must hold now: the videos the live segments make. */
  const expected = (region: string) => chooseSegments(
    state.live.filter((s) => s.regions.includes(region)).map((s) => ({ ...s, documentId: s.id, publishedAt: `2026-11-${10 + s.day}T08:00:00Z` })), TODAY, LENGTH,
  ).map((s) => video(s).sha256);
  const held = (region: string) => stored.get(`${region}/${TODAY}`)?.segments.map((s) => s.video.sha256);
  return { state, deps, expected, held, build: () => buildReels(deps) };
}

const segment = (id: string, day: number, regions = ['east'], version = 1): Segment => ({ id, version, seconds: 60, day, regions });

describe('the cinema reel build', () => {
  it('waits while segments render, then joins each reel once with all of them', async () => {
    const { state, build, held, expected } = cinema();
    state.live = [segment('a', 1)];
    state.inFlight = 3;
    for (const next of ['b', 'c']) {
      expect(await build()).toMatchObject({ built: 0, joined: 0, postponed: DAYS });
      state.live.push(segment(next, state.live.length + 1));
      state.inFlight -= 1;
    }
    expect(held('east')).toBeUndefined();
    state.inFlight = 0;
    expect(await build()).toMatchObject({ built: DAYS, joined: 1, postponed: 0 });
    expect(held('east')).toEqual(expected('east'));
    expect(held('east')).toHaveLength(3);
  });

  it('rebuilds at once, renders or not, a reel holding a withdrawn or replaced segment', async () => {
    const { state, build, held, expected } = cinema();
    state.live = [segment('a', 1), segment('b', 2), segment('c', 3)];
    await build();
    state.inFlight = 2;
    state.live = state.live.filter((s) => s.id !== 'b'); // withdrawn
    expect(await build()).toMatchObject({ built: DAYS, postponed: 0 });
    expect(held('east')).toEqual(expected('east'));
    state.live = state.live.map((s) => (s.id === 'a' ? { ...s, version: 2 } : s)); // a new revision of a went live
    expect(await build()).toMatchObject({ built: DAYS, postponed: 0 });
    expect(held('east')).toContain('a-v2');
  });

  it('never ends stale: whatever went live while it waited, the build after the last render matches the live segments', async () => {
    const { state, build, held, expected } = cinema();
    state.live = [segment('a', 1, ['east', 'south']), segment('b', 2)];
    await build();
    state.inFlight = 4;
    state.live.push(segment('c', 3, ['south'])); // added while others render: waits
    state.live.push(segment('d', 4, ['east', 'south']));
    await build();
    expect(held('east')).not.toEqual(expected('east'));
    state.live = state.live.map((s) => (s.id === 'd' ? { ...s, version: 2 } : s)); // changed again after it went live
    state.inFlight = 0;
    await build();
    for (const region of ['east', 'south']) expect([region, held(region)]).toEqual([region, expected(region)]);
    expect(held('east')).toContain('d-v2');
    expect(await build()).toMatchObject({ built: 0, joined: 0, unchanged: 2 * DAYS });
  });
});

import type { ArtifactRef, FollowUpDeps } from '../channel';
import type { ReelView } from '../hooks';
import type { CinemaPayload } from './channel';
import { buildReels, chooseSegments } from './reels';
import { settlingScenarios, type SettlingHarness, type SettlingItem } from '../follow-up-settling.scenarios';

/**
 * The reel build against an in-memory reel store: while segments are still rendering it waits with
 * reels that show only what is live (one join once they are all in, not one per segment), rebuilds
 * at once a reel that holds something withdrawn or replaced, and never ends stale — after the last
 * render every reel is what the live segments make.
 */
const TODAY = '2026-12-05';
const DAYS = 2;
const LENGTH = { minSeconds: 180, maxSeconds: 300 };

function cinema(): SettlingHarness {
  const stored = new Map<string, ReelView>();
  const state = { live: [] as SettlingItem[], inFlight: 0, writes: 0 };
  const video = (s: SettlingItem): ArtifactRef => ({ name: `${s.id}.mp4`, mime: 'video/mp4', sha256: `${s.id}-v${s.version}`, size: 1000 });
  const deps = {
    logger: { info: () => undefined, warn: () => undefined },
    today: () => TODAY,
    live: async () => state.live.map((s) => ({
      documentId: s.id, channel: 'cinema', hash: `${s.id}-h${s.version}`, title: `片段${s.id}`, publishedAt: `2026-11-${10 + s.day}T08:00:00Z`, updatedAt: '',
      artifacts: [video(s)],
      payload: { title: `片段${s.id}`, seconds: 60, narration: { present: true }, regions: s.places.map((code) => ({ code, name: code })), validTo: null, leftOut: 0 } as unknown as CinemaPayload,
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
        state.writes += 1;
        return { sha256: videos.map((v) => v.sha256).join('+'), size: videos.length };
      },
    },
  } as unknown as FollowUpDeps<CinemaPayload>;
  /** What each region's reel for today must hold now: the videos the live segments make. */
  const expected = (region: string) => chooseSegments(
    state.live.filter((s) => s.places.includes(region)).map((s) => ({ ...s, seconds: 60, documentId: s.id, publishedAt: `2026-11-${10 + s.day}T08:00:00Z` })), TODAY, LENGTH,
  ).map((s) => video(s).sha256);
  const held = (region: string) => stored.get(`${region}/${TODAY}`)?.segments.map((s) => s.video.sha256);
  return { state, expected, held, build: () => buildReels(deps), revision: (id, version) => `${id}-v${version}` };
}

describe('the cinema reel build', () => {
  settlingScenarios({ items: 'segments', file: 'reel', harness: cinema, places: ['east', 'south'], perPlace: DAYS });
});

import type { ArtifactRef, BuiltFile, FollowUpDeps } from '../channel';
import type { AudioPayload } from './channel';
import { buildLoudspeakers, choosePlaylist, loudspeakerKey, type LoudspeakerBody } from './loudspeakers';
import { settlingItem, settlingScenarios, type SettlingHarness, type SettlingItem } from '../follow-up-settling.scenarios';

/**
 * The loudspeakers' playlist build against an in-memory store: while programmes are still
 * rendering it waits with playlists that hold only what is live (one join once they are all in,
 * not one per programme), rebuilds at once a playlist holding something withdrawn, replaced or
 * ended, and never ends stale — after the last render every playlist is what the live programmes make.
 */
const TODAY = '2026-12-05';
const DAYS = 2;
const MAX_SECONDS = 600;

function loudspeakers(): SettlingHarness {
  const built = new Map<string, BuiltFile>();
  const state = { live: [] as SettlingItem[], inFlight: 0, writes: 0 };
  const mp3 = (p: SettlingItem): ArtifactRef => ({ name: `${p.id}.mp3`, mime: 'audio/mpeg', sha256: `${p.id}-v${p.version}`, size: 1000 });
  const deps = {
    logger: { info: () => undefined, warn: () => undefined },
    today: () => TODAY,
    live: async () => state.live.map((p) => ({
      documentId: p.id, channel: 'audio', hash: `${p.id}-h${p.version}`, title: `节目${p.id}`, publishedAt: `2026-11-${10 + p.day}T08:00:00Z`, updatedAt: '',
      artifacts: [mp3(p)],
      payload: { seconds: 60, department: null, validTo: p.validTo, regions: p.places.map((code) => ({ code, name: code })) } as unknown as AudioPayload,
    })),
    rendersInFlight: async () => state.inFlight,
    inForce: async (_id: string, validTo: string | null, day: string) => validTo === null || validTo >= day,
    loudspeakers: { maxSeconds: MAX_SECONDS, days: DAYS },
    reels: {
      join: async (files: ArtifactRef[]) => {
        state.writes += 1;
        return { sha256: files.map((f) => f.sha256).join('+'), size: files.length };
      },
    },
    builtFiles: {
      list: async () => [...built.values()],
      save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
    },
  } as unknown as FollowUpDeps<AudioPayload>;
  /** What each region's playlist for today must hold now: the files the live programmes in force make. */
  const expected = (region: string) => choosePlaylist(
    state.live.filter((p) => p.places.includes(region) && (p.validTo === null || p.validTo >= TODAY))
      .map((p) => ({ documentId: p.id, publishedAt: `2026-11-${10 + p.day}T08:00:00Z`, seconds: 60, file: mp3(p) })), MAX_SECONDS,
  ).map((p) => p.file.sha256);
  const held = (region: string) => (built.get(loudspeakerKey(region, TODAY))?.body as LoudspeakerBody | undefined)?.items.map((i) => i.file.sha256);
  return { state, expected, held, build: () => buildLoudspeakers(deps), revision: (id, version) => `${id}-v${version}` };
}

describe('the loudspeaker playlist build', () => {
  settlingScenarios({ items: 'programmes', file: 'playlist', harness: loudspeakers, places: ['east', 'south'], perPlace: DAYS });

  it('rebuilds at once, renders or not, a playlist holding a programme whose basis ends', async () => {
    const { state, build, held } = loudspeakers();
    state.live = ['a', 'b', 'c'].map((id, i) => settlingItem(id, i + 1, ['east']));
    await build();
    state.inFlight = 2;
    state.live = state.live.map((p) => (p.id === 'c' ? { ...p, validTo: TODAY } : p)); // c's basis ends today: out of tomorrow's
    expect(await build()).toMatchObject({ built: 1, unchanged: 1, postponed: 0 });
    expect(held('east')).toContain('c-v1'); // today's still plays it
  });
});

import type { ArtifactRef, BuiltFile, FollowUpDeps } from '../channel';
import type { AudioPayload } from './channel';
import { buildLoudspeakers, choosePlaylist, loudspeakerKey, type LoudspeakerBody } from './loudspeakers';

/**
 * The loudspeakers' playlist build against an in-memory store: while programmes are still
 * rendering it waits with playlists that hold only what is live (one join once they are all in,
 * not one per programme), rebuilds at once a playlist holding something withdrawn, replaced or
 * ended, and never ends stale — after the last render every playlist is what the live programmes make.
 */
const TODAY = '2026-12-05';
const DAYS = 2;
const MAX_SECONDS = 600;
interface Programme { id: string; version: number; day: number; regions: string[]; validTo: string | null }

function loudspeakers() {
  const built = new Map<string, BuiltFile>();
  const state = { live: [] as Programme[], inFlight: 0, joins: 0 };
  const mp3 = (p: Programme): ArtifactRef => ({ name: `${p.id}.mp3`, mime: 'audio/mpeg', sha256: `${p.id}-v${p.version}`, size: 1000 });
  const deps = {
    logger: { info: () => undefined, warn: () => undefined },
    today: () => TODAY,
    live: async () => state.live.map((p) => ({
      documentId: p.id, channel: 'audio', hash: `${p.id}-h${p.version}`, title: `节目${p.id}`, publishedAt: `2026-11-${10 + p.day}T08:00:00Z`, updatedAt: '',
      artifacts: [mp3(p)],
      payload: { seconds: 60, department: null, validTo: p.validTo, regions: p.regions.map((code) => ({ code, name: code })) } as unknown as AudioPayload,
    })),
    rendersInFlight: async () => state.inFlight,
    inForce: async (_id: string, validTo: string | null, day: string) => validTo === null || validTo >= day,
    loudspeakers: { maxSeconds: MAX_SECONDS, days: DAYS },
    reels: {
      join: async (files: ArtifactRef[]) => {
        state.joins += 1;
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
    state.live.filter((p) => p.regions.includes(region) && (p.validTo === null || p.validTo >= TODAY))
      .map((p) => ({ documentId: p.id, publishedAt: `2026-11-${10 + p.day}T08:00:00Z`, seconds: 60, file: mp3(p) })), MAX_SECONDS,
  ).map((p) => p.file.sha256);
  const held = (region: string) => (built.get(loudspeakerKey(region, TODAY))?.body as LoudspeakerBody | undefined)?.items.map((i) => i.file.sha256);
  return { state, expected, held, build: () => buildLoudspeakers(deps) };
}

const programme = (id: string, day: number, regions = ['east'], version = 1): Programme => ({ id, version, day, regions, validTo: null });

describe('the loudspeaker playlist build', () => {
  it('waits while programmes render, then joins each playlist once with all of them', async () => {
    const { state, build, held, expected } = loudspeakers();
    state.live = [programme('a', 1)];
    state.inFlight = 3;
    for (const next of ['b', 'c']) {
      expect(await build()).toMatchObject({ built: 0, joined: 0, postponed: DAYS });
      state.live.push(programme(next, state.live.length + 1));
      state.inFlight -= 1;
    }
    expect(held('east')).toBeUndefined();
    state.inFlight = 0;
    expect(await build()).toMatchObject({ built: DAYS, joined: 1, postponed: 0 });
    expect(held('east')).toEqual(expected('east'));
    expect(held('east')).toHaveLength(3);
    expect(state.joins).toBe(1);
  });

  it('rebuilds at once, renders or not, a playlist holding a withdrawn, replaced or ended programme', async () => {
    const { state, build, held, expected } = loudspeakers();
    state.live = [programme('a', 1), programme('b', 2), programme('c', 3)];
    await build();
    state.inFlight = 2;
    state.live = state.live.filter((p) => p.id !== 'b'); // withdrawn
    expect(await build()).toMatchObject({ built: DAYS, postponed: 0 });
    expect(held('east')).toEqual(expected('east'));
    state.live = state.live.map((p) => (p.id === 'a' ? { ...p, version: 2 } : p)); // a new revision of a went live
    expect(await build()).toMatchObject({ built: DAYS, postponed: 0 });
    expect(held('east')).toContain('a-v2');
    state.live = state.live.map((p) => (p.id === 'c' ? { ...p, validTo: TODAY } : p)); // c's basis ends today: out of tomorrow's
    expect(await build()).toMatchObject({ built: 1, unchanged: 1, postponed: 0 });
  });

  it('never ends stale: whatever went live while it waited, the build after the last render matches the live programmes', async () => {
    const { state, build, held, expected } = loudspeakers();
    state.live = [programme('a', 1, ['east', 'south']), programme('b', 2)];
    await build();
    state.inFlight = 4;
    state.live.push(programme('c', 3, ['south'])); // added while others render: waits
    state.live.push(programme('d', 4, ['east', 'south']));
    expect(await build()).toMatchObject({ built: 0, postponed: 2 * DAYS });
    expect(held('east')).not.toEqual(expected('east'));
    state.live = state.live.map((p) => (p.id === 'd' ? { ...p, version: 2 } : p)); // changed again after it went live
    state.inFlight = 0;
    await build();
    for (const region of ['east', 'south']) expect([region, held(region)]).toEqual([region, expected(region)]);
    expect(held('east')).toContain('d-v2');
    expect(await build()).toMatchObject({ built: 0, joined: 0, unchanged: 2 * DAYS });
  });
});

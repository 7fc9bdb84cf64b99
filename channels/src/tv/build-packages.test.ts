import type { BuiltFile, FollowUpDeps } from '../channel';
import type { TvPayload } from './channel';
import { buildPackages, packageKey, type PackageBody } from './packages';
import { tickerLine } from './ticker';

/**
 * The TV stations' day packages against an in-memory store: while clips are still rendering a
 * package that holds only live clips waits (one package once they are all in, not one per clip),
 * one holding a withdrawn, replaced or ended clip — or made on an earlier day — is rebuilt at once,
 * and none ends stale: after the last render each package is what the live clips make.
 */
let today = '2026-12-05';
interface Clip { id: string; version: number; day: number; stations: string[]; validTo: string | null }

function stations() {
  const built = new Map<string, BuiltFile>();
  const state = { live: [] as Clip[], inFlight: 0, stored: 0 };
  const deps = {
    logger: { info: () => undefined, warn: () => undefined },
    today: () => today,
    live: async () => state.live.map((c) => ({
      documentId: c.id, channel: 'tv', hash: `${c.id}-h${c.version}`, title: `节目${c.id}`, publishedAt: `2026-11-${10 + c.day}T08:00:00Z`, updatedAt: '',
      artifacts: [{ name: `${c.id}.mp4`, mime: 'video/mp4', size: 1, sha256: `${c.id}-v${c.version}` }],
      payload: {
        validTo: c.validTo, clipSeconds: 40, version: `v${c.version}`, department: null, narration: { engine: null, present: true },
        stations: c.stations.map((code) => ({ code, name: code, format: 'h264-1080i25-tff', clip: `${c.id}.mp4`, ticker: tickerLine({ title: `节目${c.id}`, department: null }, 30) })),
      } as unknown as TvPayload,
    })),
    rendersInFlight: async () => state.inFlight,
    inForce: async (_id: string, validTo: string | null, day: string) => validTo === null || validTo >= day,
    builtFiles: {
      list: async () => [...built.values()],
      save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
      store: async (name: string, mime: string, data: Buffer) => ((state.stored += 1), { name, mime, size: data.length, sha256: name }),
    },
  } as unknown as FollowUpDeps<TvPayload>;
  /** What a station's package must hold now: the live clips in force today, newest first. */
  const expected = (station: string) => state.live.filter((c) => c.stations.includes(station) && (c.validTo === null || c.validTo >= today))
    .sort((a, b) => b.day - a.day).map((c) => `${c.id}-v${c.version}`);
  const body = (station: string) => built.get(packageKey(station))?.body as PackageBody | undefined;
  const held = (station: string) => body(station)?.clips.map((c) => c.file.sha256);
  return { state, expected, held, body, build: () => buildPackages(deps) };
}

const clip = (id: string, day: number, stations = ['juxian-tv'], version = 1): Clip => ({ id, version, day, stations, validTo: null });

describe('the TV day package build', () => {
  beforeEach(() => {
    today = '2026-12-05';
  });

  it('waits while clips render, then packs each station once with all of them', async () => {
    const { state, build, held, expected } = stations();
    state.live = [clip('a', 1)];
    state.inFlight = 3;
    for (const next of ['b', 'c']) {
      expect(await build()).toMatchObject({ built: 0, postponed: 1 });
      state.live.push(clip(next, state.live.length + 1));
      state.inFlight -= 1;
    }
    expect(held('juxian-tv')).toBeUndefined();
    state.inFlight = 0;
    expect(await build()).toMatchObject({ built: 1, postponed: 0 });
    expect(held('juxian-tv')).toEqual(expected('juxian-tv'));
    expect(held('juxian-tv')).toHaveLength(3);
    expect(state.stored).toBe(1);
  });

  it('rebuilds at once, renders or not, a package holding a withdrawn, replaced or ended clip, or an earlier day\'s', async () => {
    const { state, build, held, body, expected } = stations();
    state.live = [clip('a', 1), clip('b', 2), clip('c', 3)];
    await build();
    state.inFlight = 2;
    state.live = state.live.filter((c) => c.id !== 'b'); // withdrawn
    expect(await build()).toMatchObject({ built: 1, postponed: 0 });
    expect(held('juxian-tv')).toEqual(expected('juxian-tv'));
    state.live = state.live.map((c) => (c.id === 'a' ? { ...c, version: 2 } : c)); // a new revision of a went live
    expect(await build()).toMatchObject({ built: 1, postponed: 0 });
    expect(held('juxian-tv')).toContain('a-v2');
    state.live = state.live.map((c) => (c.id === 'c' ? { ...c, validTo: '2026-12-05' } : c));
    today = '2026-12-06'; // c's basis ended yesterday; and the package is yesterday's
    expect(await build()).toMatchObject({ built: 1, postponed: 0 });
    expect(held('juxian-tv')).toEqual(['a-v2']);
    expect(body('juxian-tv')?.date).toBe('2026-12-06');
    state.live = []; // the last clip withdrawn: the station's page stays, empty, at once
    expect(await build()).toMatchObject({ built: 1, postponed: 0 });
    expect(held('juxian-tv')).toEqual([]);
  });

  it('never ends stale: whatever went live while it waited, the build after the last render matches the live clips', async () => {
    const { state, build, held, expected } = stations();
    state.live = [clip('a', 1, ['juxian-tv', 'rizhao-tv']), clip('b', 2)];
    await build();
    state.inFlight = 4;
    state.live.push(clip('c', 3, ['rizhao-tv'])); // added while others render: waits
    state.live.push(clip('d', 4, ['juxian-tv', 'rizhao-tv']));
    expect(await build()).toMatchObject({ built: 0, postponed: 2 });
    expect(held('juxian-tv')).not.toEqual(expected('juxian-tv'));
    state.live = state.live.map((c) => (c.id === 'd' ? { ...c, version: 2 } : c)); // changed again after it went live
    state.inFlight = 0;
    await build();
    for (const station of ['juxian-tv', 'rizhao-tv']) expect([station, held(station)]).toEqual([station, expected(station)]);
    expect(held('juxian-tv')).toContain('d-v2');
    expect(await build()).toMatchObject({ built: 0, unchanged: 2 });
  });
});

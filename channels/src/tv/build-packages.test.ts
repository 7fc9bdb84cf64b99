import type { BuiltFile, FollowUpDeps } from '../channel';
import type { TvPayload } from './channel';
import { buildPackages, packageKey, type PackageBody } from './packages';
import { tickerLine } from './ticker';
import { settlingItem, settlingScenarios, type SettlingHarness, type SettlingItem } from '../follow-up-settling.scenarios';

/**
 * The TV stations' day packages against an in-memory store: while clips are still rendering a
 * package that holds only live clips waits (one package once they are all in, not one per clip),
 * one holding a withdrawn, replaced or ended clip — or made on an earlier day — is rebuilt at once,
 * and none ends stale: after the last render each package is what the live clips make.
 */
let today = '2026-12-05';

function stations(): SettlingHarness & { body(station: string): PackageBody | undefined } {
  const built = new Map<string, BuiltFile>();
  const state = { live: [] as SettlingItem[], inFlight: 0, writes: 0 };
  const deps = {
    logger: { info: () => undefined, warn: () => undefined },
    today: () => today,
    live: async () => state.live.map((c) => ({
      documentId: c.id, channel: 'tv', hash: `${c.id}-h${c.version}`, title: `节目${c.id}`, publishedAt: `2026-11-${10 + c.day}T08:00:00Z`, updatedAt: '',
      artifacts: [{ name: `${c.id}.mp4`, mime: 'video/mp4', size: 1, sha256: `${c.id}-v${c.version}` }],
      payload: {
        validTo: c.validTo, clipSeconds: 40, version: `v${c.version}`, department: null, narration: { engine: null, present: true },
        stations: c.places.map((code) => ({ code, name: code, format: 'h264-1080i25-tff', clip: `${c.id}.mp4`, ticker: tickerLine({ title: `节目${c.id}`, department: null }, 30) })),
      } as unknown as TvPayload,
    })),
    rendersInFlight: async () => state.inFlight,
    inForce: async (_id: string, validTo: string | null, day: string) => validTo === null || validTo >= day,
    builtFiles: {
      list: async () => [...built.values()],
      save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
      store: async (name: string, mime: string, data: Buffer) => ((state.writes += 1), { name, mime, size: data.length, sha256: name }),
    },
  } as unknown as FollowUpDeps<TvPayload>;
  /** What a station's package must hold now: the live clips in force today, newest first. */
  const expected = (station: string) => state.live.filter((c) => c.places.includes(station) && (c.validTo === null || c.validTo >= today))
    .sort((a, b) => b.day - a.day).map((c) => `${c.id}-v${c.version}`);
  const body = (station: string) => built.get(packageKey(station))?.body as PackageBody | undefined;
  const held = (station: string) => body(station)?.clips.map((c) => c.file.sha256);
  return { state, expected, held, body, build: () => buildPackages(deps), revision: (id, version) => `${id}-v${version}` };
}

describe('the TV day package build', () => {
  beforeEach(() => {
    today = '2026-12-05';
  });

  settlingScenarios({ items: 'clips', file: 'package', harness: stations, places: ['juxian-tv', 'rizhao-tv'], perPlace: 1 });

  it('rebuilds at once, renders or not, a package holding an ended clip or made on an earlier day, and one left empty', async () => {
    const { state, build, held, body } = stations();
    state.live = ['a', 'c'].map((id, i) => settlingItem(id, i + 1, ['juxian-tv']));
    await build();
    state.inFlight = 2;
    state.live = state.live.map((c) => (c.id === 'c' ? { ...c, validTo: '2026-12-05' } : c));
    today = '2026-12-06'; // c's basis ended yesterday; and the package is yesterday's
    expect(await build()).toMatchObject({ built: 1, postponed: 0 });
    expect(held('juxian-tv')).toEqual(['a-v1']);
    expect(body('juxian-tv')?.date).toBe('2026-12-06');
    state.live = []; // the last clip withdrawn: the station's page stays, empty, at once
    expect(await build()).toMatchObject({ built: 1, postponed: 0 });
    expect(held('juxian-tv')).toEqual([]);
  });
});

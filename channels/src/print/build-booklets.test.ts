import type { BuiltFile, FollowUpDeps, PolicyListMembers } from '../channel';
import { bookletKey, buildBooklets, listBookletKey, type BookletBody } from './booklets';
import type { PrintPayload } from './channel';
import { settlingItem, settlingScenarios, type SettlingHarness, type SettlingItem } from '../follow-up-settling.scenarios';

/**
 * The print booklets (real PDFs) against an in-memory store: while interpretations are still
 * rendering a booklet that holds only live ones waits (typeset once they are all in, not once per
 * interpretation), one holding a withdrawn or revised interpretation — or an appendix document that
 * ended — is rebuilt at once, and none ends stale: after the last render each booklet is what the
 * live interpretations make.
 */
const TODAY = '2026-12-05';

function print(): SettlingHarness & { state: { ended: Set<string>; lists: PolicyListMembers[]; basis: Map<string, string> }; body(key: string): BookletBody | undefined } {
  const built = new Map<string, BuiltFile>();
  // The basis document each interpretation rests on (p-1 unless named): an ended one ends it.
  const state = { live: [] as SettlingItem[], inFlight: 0, writes: 0, ended: new Set<string>(), lists: [] as PolicyListMembers[], basis: new Map<string, string>() };
  const basisOf = (i: SettlingItem) => state.basis.get(i.id) ?? 'p-1';
  const revision = (i: SettlingItem) => `${i.id}-r${i.version}`;
  const deps = {
    logger: { info: () => undefined, warn: () => undefined },
    today: () => TODAY,
    live: async () => state.live.map((i) => ({
      documentId: i.id, channel: 'print', hash: revision(i), title: `解读${i.id}`, publishedAt: `2026-11-${10 + i.day}T08:00:00Z`, updatedAt: '', artifacts: [],
      payload: {
        title: `解读${i.id}`, department: null, brandColumn: { code: 'zzkj', name: '政在开讲' }, sites: ['juxian'], basisDocuments: [basisOf(i)], validTo: null,
        content: {
          documentId: i.id, title: `解读${i.id}`, digest: '摘要', brand: '政在开讲', department: '莒县医疗保障局', hotline: '12345',
          keyPoints: [{ heading: '要点', text: '内容' }], qa: [], basis: ['依据'], url: 'https://example.test/', dateLabel: '2026年12月5日', revision: revision(i),
        },
      } as unknown as PrintPayload,
    })),
    rendersInFlight: async () => state.inFlight,
    inForce: async (id: string) => !state.ended.has(id) && !state.live.some((i) => i.id === id && state.ended.has(basisOf(i))),
    policyLists: async () => state.lists,
    builtFiles: {
      list: async () => [...built.values()],
      save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
      store: async (name: string, mime: string, data: Buffer) => ((state.writes += 1), { name, mime, size: data.length, sha256: `${state.writes}` }),
    },
  } as unknown as FollowUpDeps<PrintPayload>;
  /** What the brand column's booklet must hold now: the live interpretations in force, newest first. */
  const expected = () => state.live.filter((i) => !state.ended.has(basisOf(i))).sort((a, b) => b.day - a.day).map(revision);
  const body = (key: string) => built.get(key)?.body as BookletBody | undefined;
  const held = () => body(bookletKey('zzkj'))?.items.map((i) => i.revision);
  return { state, expected, held, body, build: () => buildBooklets(deps), revision: (id, version) => `${id}-r${version}` };
}

const member = (documentId: string) => ({ documentId, title: `文件${documentId}`, documentNumber: `莒政发〔2026〕${documentId.length}号`, validTo: null });

describe('the print booklet build', () => {
  // One booklet per brand column, whichever place an item names.
  settlingScenarios({ items: 'interpretations', file: 'booklet', harness: print, places: ['zzkj'], perPlace: 1 });

  it('rebuilds at once, renders or not, a list\'s booklet whose appendix document ended', async () => {
    const { state, build, body } = print();
    state.live = ['a', 'b', 'c'].map((id, i) => settlingItem(id, i + 1, ['zzkj']));
    state.basis.set('c', 'p-2');
    state.lists = [{ code: 'services', name: '民生清单', description: '', documents: [member('p-1'), member('p-2'), member('p-3')] }];
    expect(await build()).toMatchObject({ built: 2 });
    expect(body(listBookletKey('services'))?.documents).toBe(3);
    state.inFlight = 2;
    state.ended.add('p-3'); // an appendix document no interpretation rests on ended: the list's booklet at once
    expect(await build()).toMatchObject({ built: 1, unchanged: 1, postponed: 0 });
    expect(body(listBookletKey('services'))?.documents).toBe(2);
  }, 30_000);
});

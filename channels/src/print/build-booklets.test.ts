import type { BuiltFile, FollowUpDeps, PolicyListMembers } from '../channel';
import { bookletKey, buildBooklets, listBookletKey, type BookletBody } from './booklets';
import type { PrintPayload } from './channel';

/**
 * The print booklets (real PDFs) against an in-memory store: while interpretations are still
 * rendering a booklet that holds only live ones waits (typeset once they are all in, not once per
 * interpretation), one holding a withdrawn or revised interpretation — or an appendix document that
 * ended — is rebuilt at once, and none ends stale: after the last render each booklet is what the
 * live interpretations make.
 */
const TODAY = '2026-12-05';
interface Item { id: string; version: number; day: number; basis: string }

function print() {
  const built = new Map<string, BuiltFile>();
  const state = { live: [] as Item[], inFlight: 0, typeset: 0, ended: new Set<string>(), lists: [] as PolicyListMembers[] };
  const revision = (i: Item) => `${i.id}-r${i.version}`;
  const deps = {
    logger: { info: () => undefined, warn: () => undefined },
    today: () => TODAY,
    live: async () => state.live.map((i) => ({
      documentId: i.id, channel: 'print', hash: revision(i), title: `解读${i.id}`, publishedAt: `2026-11-${10 + i.day}T08:00:00Z`, updatedAt: '', artifacts: [],
      payload: {
        title: `解读${i.id}`, department: null, brandColumn: { code: 'zzkj', name: '政在开讲' }, sites: ['juxian'], basisDocuments: [i.basis], validTo: null,
        content: {
          documentId: i.id, title: `解读${i.id}`, digest: '摘要', brand: '政在开讲', department: '莒县医疗保障局', hotline: '12345',
          keyPoints: [{ heading: '要点', text: '内容' }], qa: [], basis: ['依据'], url: 'https://example.test/', dateLabel: '2026年12月5日', revision: revision(i),
        },
      } as unknown as PrintPayload,
    })),
    rendersInFlight: async () => state.inFlight,
    inForce: async (id: string) => !state.ended.has(id) && !state.live.some((i) => i.id === id && state.ended.has(i.basis)),
    policyLists: async () => state.lists,
    builtFiles: {
      list: async () => [...built.values()],
      save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
      store: async (name: string, mime: string, data: Buffer) => ((state.typeset += 1), { name, mime, size: data.length, sha256: `${state.typeset}` }),
    },
  } as unknown as FollowUpDeps<PrintPayload>;
  /** What the brand column's booklet must hold now: the live interpretations in force, newest first. */
  const expected = () => state.live.filter((i) => !state.ended.has(i.basis)).sort((a, b) => b.day - a.day).map(revision);
  const body = (key: string) => built.get(key)?.body as BookletBody | undefined;
  const held = () => body(bookletKey('zzkj'))?.items.map((i) => i.revision);
  return { state, expected, held, body, build: () => buildBooklets(deps) };
}

const item = (id: string, day: number, basis = 'p-1', version = 1): Item => ({ id, version, day, basis });
const member = (documentId: string) => ({ documentId, title: `文件${documentId}`, documentNumber: `莒政发〔2026〕${documentId.length}号`, validTo: null });

describe('the print booklet build', () => {
  it('waits while interpretations render, then typesets the booklet once with all of them', async () => {
    const { state, build, held, expected } = print();
    state.live = [item('a', 1)];
    state.inFlight = 3;
    for (const next of ['b', 'c']) {
      expect(await build()).toMatchObject({ built: 0, postponed: 1 });
      state.live.push(item(next, state.live.length + 1));
      state.inFlight -= 1;
    }
    expect(held()).toBeUndefined();
    state.inFlight = 0;
    expect(await build()).toMatchObject({ built: 1, postponed: 0 });
    expect(held()).toEqual(expected());
    expect(held()).toHaveLength(3);
    expect(state.typeset).toBe(1);
  }, 30_000);

  it('rebuilds at once, renders or not, a booklet holding a withdrawn or revised interpretation or an ended appendix document', async () => {
    const { state, build, held, body, expected } = print();
    state.live = [item('a', 1, 'p-1'), item('b', 2, 'p-1'), item('c', 3, 'p-2')];
    state.lists = [{ code: 'services', name: '民生清单', description: '', documents: [member('p-1'), member('p-2'), member('p-3')] }];
    expect(await build()).toMatchObject({ built: 2 });
    state.inFlight = 2;
    state.live = state.live.filter((i) => i.id !== 'b'); // withdrawn
    expect(await build()).toMatchObject({ built: 2, postponed: 0 });
    expect(held()).toEqual(expected());
    state.live = state.live.map((i) => (i.id === 'a' ? { ...i, version: 2 } : i)); // a new revision of a went live
    expect(await build()).toMatchObject({ built: 2, postponed: 0 });
    expect(held()).toContain('a-r2');
    state.ended.add('p-3'); // an appendix document no interpretation rests on ended: the list's booklet at once
    expect(await build()).toMatchObject({ built: 1, unchanged: 1, postponed: 0 });
    expect(body(listBookletKey('services'))?.documents).toBe(2);
  }, 30_000);

  it('never ends stale: whatever went live while it waited, the build after the last render matches the live interpretations', async () => {
    const { state, build, held, expected } = print();
    state.live = [item('a', 1), item('b', 2)];
    await build();
    state.inFlight = 4;
    state.live.push(item('c', 3), item('d', 4)); // added while others render: waits
    expect(await build()).toMatchObject({ built: 0, postponed: 1 });
    expect(held()).not.toEqual(expected());
    state.live = state.live.map((i) => (i.id === 'd' ? { ...i, version: 2 } : i)); // changed again after it went live
    state.inFlight = 0;
    await build();
    expect(held()).toEqual(expected());
    expect(held()).toContain('d-r2');
    expect(await build()).toMatchObject({ built: 0, unchanged: 1 });
  }, 30_000);
});

import { migrate, type Db } from '../store/db';
import type { NormEntry } from './entries';
import { scanLiveWording, type WordingScanDeps } from './live-scan';
import { NormsMatcher } from './matcher';
import { TEMPORARY_STORES, type TemporaryStore } from '../../../test/support/temporary-stores';

/**
 * The wording scan on what is live (表述规范库), against a real SQLite store: a scan after a publish
 * reads only what changed, yet every open finding still follows its document — recorded when it
 * appears, 已修改 when a republish drops it, 已撤下 when the document is withdrawn, removed when the
 * office drops the entry — and the minute's full comparison agrees with what the scans left.
 */
let temporary: TemporaryStore;
let db: Db;
let services: WordingScanDeps;
const ENTRY: NormEntry = { kind: 'typo', wrong: '扫黑险恶', right: '扫黑除恶', severity: 'serious', source: '测试', since: null };
let matcher = new NormsMatcher([ENTRY], [], 'v1');
let id = 0;
const at = '2026-12-05T00:00:00.000Z';

/** A document's rendition on a channel goes live (replacing what was live there), with its change row. */
async function goLive(documentId: string, channel: string, text: string) {
  id += 1;
  const hash = `${documentId}-${id}`;
  await db.insertInto('renditions').values({
    id, document_id: documentId, channel, hash, status: 'live', progress: 100, payload: JSON.stringify({ title: documentId, digest: text }), artifacts: '[]', listings: '[]',
    error_code: null, error_message: null, attempts: 1, created_at: at, updated_at: at, live_at: at, render_ms: 1, job_id: null, generation: 0, latency_ms: null,
  }).execute();
  await db.deleteFrom('live').where('document_id', '=', documentId).where('channel', '=', channel).execute();
  await db.insertInto('live').values({ channel, document_id: documentId, rendition_id: id, hash, title: documentId, published_at: at, updated_at: at }).execute();
  await db.insertInto('changes').values({ channel, document_id: documentId, hash, kind: 'upsert', at }).execute();
}

async function withdraw(documentId: string) {
  await db.deleteFrom('live').where('document_id', '=', documentId).execute();
  await db.insertInto('changes').values({ channel: 'web', document_id: documentId, hash: null, kind: 'remove', at }).execute();
}

const findings = () => db.selectFrom('wording_findings').select(['document_id', 'channel', 'found', 'fixed_how']).orderBy('id').execute();

beforeAll(async () => {
  temporary = await TEMPORARY_STORES[0][1](); // SQLite
  db = temporary.db;
  await migrate(db);
  services = { db, artifacts: { readText: async () => null }, norms: { matcher: async () => matcher }, clock: () => new Date(at) };
});

afterAll(async () => {
  await temporary.done();
});

it('records a wrong form once it goes live, and reads only new renditions on the next scans', async () => {
  await goLive('guide', 'web', '坚持常态化扫黑险恶斗争');
  await goLive('guide', 'feeds', '坚持常态化扫黑险恶斗争');
  await goLive('notice', 'web', '没有错误的文字');
  expect(await scanLiveWording(services)).toMatchObject({ live: 3, scanned: 3, found: 2, fixed: 0, open: 2 });
  expect(await findings()).toEqual([
    { document_id: 'guide', channel: 'web', found: '扫黑险恶', fixed_how: null },
    { document_id: 'guide', channel: 'feeds', found: '扫黑险恶', fixed_how: null },
  ]);
  await goLive('other', 'web', '另一篇没有错误的解读');
  expect(await scanLiveWording(services)).toMatchObject({ live: 4, scanned: 1, found: 0, fixed: 0, open: 2 });
  expect(await scanLiveWording(services)).toMatchObject({ scanned: 0, found: 0, fixed: 0, open: 2 });
});

it('closes a finding as 已修改 when a republish drops the wrong form, on that channel only', async () => {
  await goLive('guide', 'web', '坚持常态化扫黑除恶斗争');
  expect(await scanLiveWording(services)).toMatchObject({ scanned: 1, found: 0, fixed: 1, open: 1 });
  expect(await findings()).toEqual([
    { document_id: 'guide', channel: 'web', found: '扫黑险恶', fixed_how: 'republished' },
    { document_id: 'guide', channel: 'feeds', found: '扫黑险恶', fixed_how: null },
  ]);
});

it('closes a finding as 已撤下 when its document is withdrawn, though the scan read no rendition', async () => {
  await goLive('second', 'web', '再次出现扫黑险恶');
  await scanLiveWording(services);
  await withdraw('guide');
  expect(await scanLiveWording(services)).toMatchObject({ scanned: 0, found: 0, fixed: 1, open: 1 });
  expect((await findings()).filter((f) => f.document_id === 'guide').map((f) => f.fixed_how)).toEqual(['republished', 'withdrawn']);
});

it('the full comparison agrees with what the scans left, and forgets the scans of renditions no longer live', async () => {
  const before = await findings();
  expect(await scanLiveWording(services, { full: true })).toMatchObject({ live: 3, scanned: 0, found: 0, fixed: 0, open: 1 });
  expect(await findings()).toEqual(before);
  const scans = await db.selectFrom('wording_scans').select('rendition_id').orderBy('rendition_id').execute();
  const live = await db.selectFrom('live').select('rendition_id').orderBy('rendition_id').execute();
  expect(scans).toEqual(live);
});

it('removes an open finding when the office drops its entry: it was never an error', async () => {
  matcher = new NormsMatcher([], [], 'v2');
  expect(await scanLiveWording(services, { fresh: true, full: true })).toMatchObject({ live: 3, scanned: 3, found: 0, fixed: 0, open: 0 });
  expect((await findings()).filter((f) => f.document_id === 'second')).toEqual([]);
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrate, type Db } from '../store/db';
import { PublicationQueries } from '../store/queries';
import { announceValidityChanges, type AnnounceValidityDeps } from './announce-validity';
import { ValidityBoard } from './validity-board';

/**
 * A basis document's end date passes with the day: nothing is published, yet operators polling
 * `changes` learn of it — a row per channel of the interpretation resting on it (and of the policy
 * document itself), once. Real SQLite store, the real validity board.
 */
let dir: string;
let db: Db;
let services: AnnounceValidityDeps;
let now = new Date('2026-12-31T04:00:00Z'); // 12:00 in China, the basis's last day

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-validity-'));
  db = createDb(path.join(dir, 'store.db'));
  await migrate(db);
  const queries = new PublicationQueries(db);
  services = { db, validity: new ValidityBoard(queries, () => now), clock: () => now, logger: { info: () => undefined } };
  const at = '2026-11-01T00:00:00.000Z';
  let id = 0;
  const live = async (documentId: string, channel: string, payload: object) => {
    id += 1;
    await db.insertInto('renditions').values({
      id, document_id: documentId, channel, hash: `${documentId}-h`, status: 'live', progress: 100, payload: JSON.stringify(payload), artifacts: '[]', listings: '[]',
      error_code: null, error_message: null, attempts: 1, created_at: at, updated_at: at, live_at: at, render_ms: 1, job_id: null, generation: 0, latency_ms: null,
    }).execute();
    await db.insertInto('live').values({ channel, document_id: documentId, rendition_id: id, hash: `${documentId}-h`, title: documentId, published_at: at, updated_at: at }).execute();
  };
  await live('notice', 'web', { kind: 'policy-document', validFrom: '2023-07-01', validTo: '2026-12-31', supersedes: null, documentNumber: '粤税发〔2023〕52号' });
  await live('guide', 'web', { kind: 'interpretation', basis: [{ documentId: 'notice' }] });
  for (const channel of ['feeds', 'wechat', 'weibo']) await live('guide', channel, { title: '留抵退税指南' });
});

afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const rowsAfter = async (seq: number) => (await db.selectFrom('changes').selectAll().where('seq', '>', seq).orderBy('seq').execute())
  .map((r) => `${r.document_id}/${r.channel}/${r.kind}/${r.hash}`);
const lastSeq = async () => Number((await db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0);

it('announces a basis ending with the day on every channel of its interpretation, once', async () => {
  expect(await announceValidityChanges(services)).toBe(0); // first sight: what went live is what operators have
  expect(await rowsAfter(0)).toEqual([]);

  now = new Date('2026-12-31T16:30:00Z'); // 00:30 on 1 January in China
  const before = await lastSeq();
  expect(await announceValidityChanges(services)).toBe(2);
  expect((await rowsAfter(before)).sort()).toEqual([
    'guide/feeds/upsert/guide-h', 'guide/web/upsert/guide-h', 'guide/wechat/upsert/guide-h', 'guide/weibo/upsert/guide-h', 'notice/web/upsert/notice-h',
  ]);
  expect(await db.selectFrom('validity_marks').select(['document_id', 'status', 'ended_on']).orderBy('document_id').execute()).toEqual([
    { document_id: 'guide', status: '已失效', ended_on: '2026-12-31' },
    { document_id: 'notice', status: '已失效', ended_on: '2026-12-31' },
  ]);

  const after = await lastSeq();
  expect(await announceValidityChanges(services)).toBe(0); // the next sweep, or a second worker: nothing again
  expect(await rowsAfter(after)).toEqual([]);
});

it('a quiet minute reads no document: the sweep looks again only when the day or the change sequence moved', async () => {
  const consulted = jest.spyOn(services.validity, 'ofAll');
  await announceValidityChanges(services); // settles whatever the earlier sweeps left
  consulted.mockClear();
  expect(await announceValidityChanges(services)).toBe(0);
  expect(await announceValidityChanges(services)).toBe(0);
  expect(consulted).not.toHaveBeenCalled();
  // A publish (any change row) moves the sequence: the next sweep looks at every live document once.
  await db.insertInto('changes').values({ channel: 'web', document_id: 'guide', hash: 'guide-h', kind: 'upsert', at: new Date().toISOString() }).execute();
  await new Promise((r) => setTimeout(r, 30)); // past the 20 ms the store's sequence is remembered
  expect(await announceValidityChanges(services)).toBe(0);
  expect(consulted).toHaveBeenCalledTimes(1);
  // So does the day.
  now = new Date('2027-01-01T16:30:00Z');
  expect(await announceValidityChanges(services)).toBe(0);
  expect(consulted).toHaveBeenCalledTimes(2);
  consulted.mockRestore();
});

it('announces an end date lifted a moment after the last sweep, as the worker sees it (its board reads the latest sequence)', async () => {
  const worker = { ...services, validity: new ValidityBoard(new PublicationQueries(db), () => now, 'latest') };
  await announceValidityChanges(worker); // settled: the notice ended on 2026-12-31
  // A clerk lifts the end date: the notice's new rendition goes live with its change row, and the worker sweeps at once.
  const lifted = { kind: 'policy-document', validFrom: '2023-07-01', validTo: null, supersedes: null, documentNumber: '粤税发〔2023〕52号' };
  await db.updateTable('renditions').set({ payload: JSON.stringify(lifted) }).where('document_id', '=', 'notice').execute();
  await db.insertInto('changes').values({ channel: 'web', document_id: 'notice', hash: 'notice-h', kind: 'upsert', at: now.toISOString() }).execute();
  const before = await lastSeq();
  expect(await announceValidityChanges(worker)).toBe(2);
  expect((await rowsAfter(before)).sort()).toEqual([
    'guide/feeds/upsert/guide-h', 'guide/web/upsert/guide-h', 'guide/wechat/upsert/guide-h', 'guide/weibo/upsert/guide-h', 'notice/web/upsert/notice-h',
  ]);
});

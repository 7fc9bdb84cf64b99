import fc from 'fast-check';
import { migrate, type Db } from '../store/db';
import { PublicationQueries } from '../store/queries';
import { ValidityBoard } from './validity-board';
import { TEMPORARY_STORES, type TemporaryStore } from '../../../test/support/temporary-stores';

/**
 * The validity board follows the change stream by reading only the documents that changed (a go-live at 20,000
 * documents must not parse every live payload). Property: after any sequence of policy documents and
 * interpretations going live, changing their dates and bases, and being withdrawn, a board kept up to date
 * answers every document as a board built afresh does. Real SQLite store; seeded and shrinking.
 */
let temporary: TemporaryStore;
let db: Db;
let renditionId = 0;
const POLICIES = ['p0', 'p1', 'p2'];
const INTERPRETATIONS = ['i0', 'i1'];
const now = () => new Date('2026-12-05T04:00:00Z');

beforeAll(async () => {
  temporary = await TEMPORARY_STORES[0][1](); // SQLite
  db = temporary.db;
  await migrate(db);
});

afterAll(async () => {
  await temporary.done();
});

async function goLive(channel: string, documentId: string, payload: object) {
  renditionId += 1;
  const at = now().toISOString();
  await db.insertInto('renditions').values({
    id: renditionId, document_id: documentId, channel, hash: `h${renditionId}`, status: 'live', progress: 100, payload: JSON.stringify(payload), artifacts: '[]', listings: '[]',
    error_code: null, error_message: null, attempts: 1, created_at: at, updated_at: at, live_at: at, render_ms: 1, job_id: null, generation: 0, latency_ms: null,
  }).execute();
  await db.deleteFrom('live').where('channel', '=', channel).where('document_id', '=', documentId).execute();
  await db.insertInto('live').values({ channel, document_id: documentId, rendition_id: renditionId, hash: `h${renditionId}`, title: documentId, published_at: at, updated_at: at }).execute();
  await db.insertInto('changes').values({ channel, document_id: documentId, hash: `h${renditionId}`, kind: 'upsert', at }).execute();
}

async function withdraw(documentId: string) {
  for (const channel of ['policy-match', 'web']) {
    const gone = await db.deleteFrom('live').where('channel', '=', channel).where('document_id', '=', documentId).executeTakeFirst();
    if (Number(gone.numDeletedRows) > 0) await db.insertInto('changes').values({ channel, document_id: documentId, hash: null, kind: 'remove', at: now().toISOString() }).execute();
  }
}

const day = fc.constantFrom(null, '2025-12-31', '2026-12-04', '2026-12-05', '2027-06-30');
const operation = fc.oneof(
  fc.record({ op: fc.constant('policy' as const), id: fc.constantFrom(...POLICIES), validFrom: fc.constantFrom(null, '2023-01-01', '2026-12-06'), validTo: day,
    supersedes: fc.option(fc.constantFrom(...POLICIES), { nil: null }), channels: fc.constantFrom<string[]>(['policy-match'], ['web'], ['policy-match', 'web']) }),
  fc.record({ op: fc.constant('interpretation' as const), id: fc.constantFrom(...INTERPRETATIONS), basis: fc.subarray(POLICIES, { maxLength: 2 }) }),
  fc.record({ op: fc.constant('withdraw' as const), id: fc.constantFrom(...POLICIES, ...INTERPRETATIONS) }),
);

it('a board kept up to date answers every document as a fresh one does, whatever went live or left', async () => {
  await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
    await db.deleteFrom('live').execute();
    const kept = new ValidityBoard(new PublicationQueries(db), now, 'latest');
    await kept.of('p0'); // built once, then updated
    for (const o of operations) {
      if (o.op === 'policy') {
        for (const channel of o.channels) {
          await goLive(channel, o.id, { kind: 'policy-document', validFrom: o.validFrom, validTo: o.validTo, supersedes: o.supersedes === o.id ? null : o.supersedes, documentNumber: `${o.id}号` });
        }
      } else if (o.op === 'interpretation') {
        await goLive('web', o.id, { kind: 'interpretation', basis: o.basis.map((documentId) => ({ documentId })) });
      } else {
        await withdraw(o.id);
      }
      const fresh = new ValidityBoard(new PublicationQueries(db), now, 'latest');
      for (const id of [...POLICIES, ...INTERPRETATIONS]) expect([id, await kept.of(id)]).toEqual([id, await fresh.of(id)]);
    }
  }), { seed: 20261205, numRuns: 60 });
}, 60_000);

it('forgets an interpretation withdrawn while its basis had ended: it is no longer 已失效, it is not there', async () => {
  await db.deleteFrom('live').execute();
  const kept = new ValidityBoard(new PublicationQueries(db), now, 'latest');
  await goLive('policy-match', 'p0', { kind: 'policy-document', validFrom: '2023-01-01', validTo: '2025-12-31', supersedes: null, documentNumber: 'p0号' });
  await goLive('web', 'i0', { kind: 'interpretation', basis: [{ documentId: 'p0' }] });
  expect((await kept.of('i0')).status).toBe('已失效');
  await withdraw('i0');
  expect((await kept.of('i0')).status).toBe('现行有效'); // what a document the board does not know gets
});

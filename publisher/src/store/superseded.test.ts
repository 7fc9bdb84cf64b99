import { migrate, type Db } from './db';
import { PublicationQueries } from './queries';
import { TEMPORARY_STORES, type TemporaryStore } from '../../../test/support/temporary-stores';

/**
 * 已修订 on a policy document's page: whether a live policy document on the channel replaces it. The
 * database reads `supersedes` from the payloads (the page no longer parses every live payload), on
 * each engine the store runs on.
 */
describe.each(TEMPORARY_STORES)('isSuperseded on %s', (_engine, makeStore) => {
  let temporary: TemporaryStore;
  let db: Db;
  let id = 0;
  const at = '2026-12-05T04:00:00.000Z';

  beforeAll(async () => {
    temporary = await makeStore();
    db = temporary.db;
    await migrate(db);
  });
  afterAll(() => temporary.done());

  async function goLive(channel: string, documentId: string, kind: string, payload: object | null) {
    id += 1;
    await db.insertInto('documents').values({ document_id: documentId, kind, slug: null, title: documentId, latest_hash: `h${id}`, source_version: 'v', first_published_at: at, withdrawn_at: null, problem: null, problem_at: null, updated_at: at })
      .onConflict((c) => c.column('document_id').doNothing()).execute();
    await db.insertInto('renditions').values({
      id, document_id: documentId, channel, hash: `h${id}`, status: 'live', progress: 100, payload: payload === null ? null : JSON.stringify(payload), artifacts: '[]', listings: '[]',
      error_code: null, error_message: null, attempts: 1, created_at: at, updated_at: at, live_at: at, render_ms: 1, job_id: null, generation: 0, latency_ms: null,
    }).execute();
    await db.deleteFrom('live').where('channel', '=', channel).where('document_id', '=', documentId).execute();
    await db.insertInto('live').values({ channel, document_id: documentId, rendition_id: id, hash: `h${id}`, title: documentId, published_at: at, updated_at: at }).execute();
  }

  it('answers yes only for a document a live policy document on that channel supersedes', async () => {
    const queries = new PublicationQueries(db);
    await goLive('web', 'rent-2019', 'policy-document', { kind: 'policy-document', title: '2019 年租金标准', supersedes: null, fullText: '第一条'.repeat(1000) });
    await goLive('web', 'rent-2024', 'policy-document', { kind: 'policy-document', title: '2024 年租金标准', supersedes: 'rent-2019', fullText: '第一条' });
    expect(await queries.isSuperseded('web', 'rent-2019')).toBe(true);
    expect(await queries.isSuperseded('web', 'rent-2024')).toBe(false);
    // Only where the successor is live: on another channel, or not at all, the older one stands.
    expect(await queries.isSuperseded('policy-match', 'rent-2019')).toBe(false);
    expect(await queries.isSuperseded('web', 'unknown')).toBe(false);
    // An interpretation's payload naming the document does not supersede it, nor does a rendition without a payload.
    await goLive('web', 'explainer', 'interpretation', { kind: 'interpretation', supersedes: 'rent-2024' });
    await goLive('web', 'no-payload', 'policy-document', null);
    expect(await queries.isSuperseded('web', 'rent-2024')).toBe(false);
    // The successor taken down: the older one is current again.
    await db.deleteFrom('live').where('document_id', '=', 'rent-2024').execute();
    expect(await queries.isSuperseded('web', 'rent-2019')).toBe(false);
  });

  it('lists one kind of what is live on a channel when asked (the 政策清单 read only the policy documents)', async () => {
    const queries = new PublicationQueries(db);
    await goLive('portal-kinds', 'policy-a', 'policy-document', { kind: 'policy-document', lists: [] });
    await goLive('portal-kinds', 'reading-a', 'interpretation', { kind: 'interpretation' });
    await goLive('other-channel', 'policy-b', 'policy-document', { kind: 'policy-document' });
    expect((await queries.liveOn('portal-kinds', { kind: 'policy-document' })).map((i) => i.documentId)).toEqual(['policy-a']);
    expect((await queries.liveOn('portal-kinds')).map((i) => i.documentId).sort()).toEqual(['policy-a', 'reading-a']);
  });
});

import { migrate, type Db } from './db';
import { PublicationStore } from './publications';
import { TEMPORARY_STORES, type TemporaryStore } from '../../../test/support/temporary-stores';

/**
 * The reconciler requeues a rendition whose render job Redis lost only if it is still waiting as it was when the
 * reconciler looked: a render that finished in between (a republish's backlog keeps renditions queued for longer
 * than the 15 s the reconciler waits) is live, and must not be rendered — and published — a second time.
 * Real SQLite store.
 */
let temporary: TemporaryStore;
let db: Db;
let store: PublicationStore;
const LONG_AGO = '2026-12-05T00:00:00.000Z';
const LOOKED = '2026-12-05T00:00:15.000Z'; // the reconciler's "stale" mark: untouched since before it

beforeAll(async () => {
  temporary = await TEMPORARY_STORES[0][1](); // SQLite
  db = temporary.db;
  await migrate(db);
  store = new PublicationStore(db);
  await store.planRenditions('doc', 'h1', ['web', 'feeds', 'kiosk', 'wechat']);
  await db.updateTable('renditions').set({ updated_at: LONG_AGO }).execute();
});

afterAll(async () => {
  await temporary.done();
});

const rows = async () => Object.fromEntries((await db.selectFrom('renditions').select(['channel', 'status', 'generation']).execute()).map((r) => [r.channel, [r.status, r.generation]]));

it('requeues only renditions still waiting untouched since the reconciler looked', async () => {
  // Meanwhile: web's render finished (live), kiosk's started again just now (a worker took it), feeds and wechat still wait.
  await db.updateTable('renditions').set({ status: 'live', updated_at: '2026-12-05T00:00:20.000Z' }).where('channel', '=', 'web').execute();
  await db.updateTable('renditions').set({ status: 'rendering', updated_at: '2026-12-05T00:00:21.000Z' }).where('channel', '=', 'kiosk').execute();
  const requeued = await store.requeueLost('doc', 'h1', ['web', 'feeds', 'kiosk', 'wechat'], LOOKED);
  expect(requeued.sort()).toEqual(['feeds', 'wechat']);
  expect(await rows()).toEqual({ web: ['live', 0], kiosk: ['rendering', 0], feeds: ['queued', 1], wechat: ['queued', 1] });
});

it('requeues nothing when every render finished in between', async () => {
  await db.updateTable('renditions').set({ status: 'live', updated_at: '2026-12-05T00:00:30.000Z' }).execute();
  expect(await store.requeueLost('doc', 'h1', ['web', 'feeds', 'kiosk', 'wechat'], LOOKED)).toEqual([]);
});

import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createLogger } from '../../publisher/src/logger';
import { StrapiClient } from '../../publisher/src/ingest/strapi-client';
import { startCms, TEST_TOKEN, type Cms } from '../support/cms';

/**
 * The reconciler's question every few seconds — which documents were written or published since its
 * last look — read against the real CMS: answered from indexes, not by reading every row, and
 * complete whether it fits one page or needs several.
 */
let cms: Cms;
let client: StrapiClient;
const GENERATED = 150; // more than a page (100) changed since the CMS started

beforeAll(async () => {
  cms = await startCms({ env: { GENERATED_INTERPRETATIONS: String(GENERATED) } });
  client = new StrapiClient({ url: cms.url, token: TEST_TOKEN, logger: createLogger('silent', 'test') });
}, 300_000);

afterAll(async () => {
  await cms?.stop();
  if (cms) rmSync(cms.dataDir, { recursive: true, force: true }); // its own copy of the template, 150 documents more
});

const since = (ms: number) => new Date(Date.now() + ms).toISOString();

test('the reconciled types have indexes on updated_at and published_at, and the since-question uses them', () => {
  const db = new Database(path.join(cms.dataDir, 'cms.db'), { readonly: true });
  try {
    for (const table of ['interpretations', 'policy_documents', 'open_events']) {
      const names = (db.prepare("select name from sqlite_master where type = 'index' and tbl_name = ?").all(table) as Array<{ name: string }>).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining([`${table}_updated_at_idx`, `${table}_published_at_idx`]));
    }
    // The shape of Strapi's query for a filter on either column (published rows, no order): no walk over every row.
    const plan = db.prepare("explain query plan select t0.id, t0.document_id, t0.updated_at from interpretations as t0 where ((t0.updated_at > ? or t0.published_at > ?) and t0.published_at is not null) limit 100")
      .all('2026-01-01', '2026-01-01') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/^SCAN t0$/m);
  } finally {
    db.close();
  }
});

test('documents changed since a time: every one when there are more than a page, none when nothing changed, the same as the full listing', async () => {
  const all = await client.listPublished('interpretation');
  expect(all.length).toBeGreaterThan(GENERATED);
  // Paged by id: every published document once, as many as the CMS counts.
  expect(new Set(all.map((d) => d.documentId)).size).toBe(all.length);
  expect(all.length).toBe((await client.countPublished('interpretation')).total);
  const changed = await client.listPublished('interpretation', since(-24 * 3600_000));
  expect(changed.length).toBe(all.length);
  expect(new Set(changed.map((d) => d.documentId))).toEqual(new Set(all.map((d) => d.documentId)));
  expect(new Map(changed.map((d) => [d.documentId, d.updatedAt]))).toEqual(new Map(all.map((d) => [d.documentId, d.updatedAt])));
  expect(await client.listPublished('interpretation', since(60_000))).toEqual([]);
  // One page: the documents changed after the latest-but-three time, unsorted.
  const times = [...new Set(all.map((d) => d.updatedAt))].sort();
  const cut = times[times.length - 4];
  const recent = await client.listPublished('interpretation', cut);
  expect(recent.length).toBeGreaterThan(0);
  expect(recent.length).toBeLessThanOrEqual(100);
  // (published after the cut counts too: Strapi's published row may keep the draft's older updatedAt)
  const recentIds = new Set(recent.map((d) => d.documentId));
  for (const d of all.filter((a) => a.updatedAt > cut)) expect(recentIds.has(d.documentId)).toBe(true);
  expect(recent.length).toBeLessThan(all.length);
}, 60_000);

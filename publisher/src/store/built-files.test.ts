import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { registerFileRoutes } from '../api/routes/files';
import { ArtifactStore } from './artifacts';
import { BuiltFileStore } from './built-files';
import { createDb, migrate, type Db } from './db';
import { PublicationQueries } from './queries';
import { UsageCounter } from './usage';

/**
 * A file a channel's follow-up built (a print booklet) on the real SQLite store and file store: served
 * from /files while its row exists, each download counted for the annual report under its channel,
 * and gone once the follow-up removes it.
 */
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-built-files-'));
  db = createDb(path.join(dir, 'store.db'));
  await migrate(db);
});

afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('serves a booklet while it is current, counts its downloads for print, and drops it when removed', async () => {
  const artifacts = ArtifactStore.onDisk(path.join(dir, 'artifacts'));
  await artifacts.init();
  const built = new BuiltFileStore(db);
  const usage = new UsageCounter(db, { warn: () => undefined } as never);
  const app = Fastify();
  registerFileRoutes(app, { artifacts, queries: new PublicationQueries(db), usage, validity: { of: async () => { throw new Error('not a package'); } } as never });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${url}`, { headers });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  };

  const pdf = Buffer.from('%PDF-1.7\n% a booklet\n%%EOF\n');
  const file = { name: '政在开讲-政策解读小册子.pdf', mime: 'application/pdf', ...(await artifacts.put(pdf)) };
  const url = `/files/${file.sha256}/${encodeURIComponent(file.name)}`;
  expect((await get(url)).status).toBe(404); // stored, but no booklet points at it yet

  await built.save('print', { key: 'booklet:zai-kai-jiang', title: '政在开讲政策解读小册子', file, body: { pages: 54 }, builtAt: '2026-12-03T00:00:00.000Z' });
  expect((await built.list('print')).map((b) => [b.key, b.file.sha256, b.body])).toEqual([['booklet:zai-kai-jiang', file.sha256, { pages: 54 }]]);
  const whole = await get(url);
  expect([whole.status, whole.headers.get('content-type'), whole.body.equals(pdf)]).toEqual([200, 'application/pdf', true]);
  const resumed = await get(url, { range: 'bytes=5-' });
  expect([resumed.status, resumed.headers.get('content-range')]).toEqual([206, `bytes 5-${pdf.length - 1}/${pdf.length}`]);
  await usage.flush();
  const counted = (await usage.between('2000-01-01', '2999-12-31')).map((r) => [r.kind, r.channel, Number(r.count)]);
  expect(counted).toEqual([['download', 'print', 1]]); // the resumed piece is not a second download

  expect(await built.removeExcept('print', [])).toBe(1);
  expect((await get(url)).status).toBe(404);
  await app.close();
});

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDb } from './db';

/**
 * The API and the worker start together on a new SQLite database and both migrate it: each in its
 * own process, as `npm start` and a deployment run them, released at the same instant.
 */
const ROUNDS = 12;
const script = `
  const path = require('node:path');
  const { createDb, migrate } = require(${JSON.stringify(path.join(__dirname, 'db.ts'))});
  const [dir, startAt] = process.argv.slice(1);
  (async () => {
    // Several new databases, each released at its own instant, so the two processes meet inside a migration.
    for (let round = 0; round < ${ROUNDS}; round += 1) {
      const db = createDb(path.join(dir, 'publisher-' + round + '.db'));
      await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) + round * 250 - Date.now())));
      await migrate(db);
      await db.destroy();
    }
    console.log('migrated');
  })().catch((e) => { console.error(e.message); process.exit(1); });
`;

it('migrates a new SQLite database from two processes at once: both start, every migration applied once', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-migrate-'));
  const startAt = String(Date.now() + 4000); // both have loaded by then
  const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script, dir, startAt], { cwd: __dirname });
  const outcomes = await Promise.allSettled([run(), run()]);
  expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.stdout.trim() : String((o.reason as { stderr?: string }).stderr ?? o.reason)))).toEqual(['migrated', 'migrated']);
  for (let round = 0; round < ROUNDS; round += 1) {
    const db = createDb(path.join(dir, `publisher-${round}.db`));
    const applied = await db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    const names = applied.map((row) => (row as { name: string }).name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(10);
    await db.destroy();
  }
}, 60_000);

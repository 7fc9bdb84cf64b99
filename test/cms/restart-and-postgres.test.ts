import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { REPO, startCms, TEST_TOKEN } from '../support/cms';
import { contentApi } from '../support/strapi-api';

async function countPublished(url: string) {
  const api = contentApi(url, TEST_TOKEN);
  const count = async (path: string) => (await api.get(`${path}?status=published&pagination[pageSize]=1`)).body.meta.pagination.total;
  return {
    interpretations: await count('/interpretations'),
    policies: await count('/policy-documents'),
    tags: await count('/tags'),
    departments: await count('/departments'),
  };
}

const { copyCmsTemplate } = require('../support/cms-template') as { copyCmsTemplate(templateDir: string, dataDir: string): void };

/** Published rows as the demo loader left them in a CMS database, read from the file with the CMS stopped. */
function publishedRows(dataDir: string) {
  const db = new Database(path.join(dataDir, 'cms.db'), { fileMustExist: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE published_at IS NOT NULL`).get() as { n: number }).n;
    return { interpretations: count('interpretations'), policies: count('policy_documents'), tags: count('tags'), departments: count('departments') };
  } finally {
    db.close();
  }
}

describe('demo content loading is idempotent', () => {
  it('a restart does not duplicate, and `npm run seed` reloads in place', async () => {
    // Global setup loaded the demo into an empty database once (a new installation's first boot, test/support/cms-template.js):
    // a copy of it, booted, is that installation's first restart. (Loading on PostgreSQL, below, starts empty.)
    const template = process.env.TONGYUAN_CMS_TEMPLATE;
    if (!template) throw new Error('TONGYUAN_CMS_TEMPLATE is unset: run with the suite\'s global setup');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-cms-'));
    copyCmsTemplate(template, dataDir);
    const loaded = publishedRows(dataDir);
    expect(loaded.interpretations).toBeGreaterThanOrEqual(12);
    const first = await startCms({ dataDir });
    const before = await countPublished(first.url);
    expect(before).toEqual(loaded);
    await first.stop();

    const second = await startCms({ dataDir: first.dataDir });
    expect(await countPublished(second.url)).toEqual(before);
    await second.stop();

    execFileSync('npm', ['run', 'seed', '--silent'], {
      cwd: REPO,
      env: { ...process.env, DATABASE_FILENAME: path.join(first.dataDir, 'cms.db'), TONGYUAN_SKIP_COMPILE: '1', CMS_SERVE_ADMIN: 'false' },
      stdio: 'pipe',
    });
    const third = await startCms({ dataDir: first.dataDir });
    expect(await countPublished(third.url)).toEqual(before);
    await third.stop();
  }, 240_000);
});

describe('PostgreSQL', () => {
  const database = `tongyuan_cms_test_${process.pid}`;
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('runs the CMS with its demo content on PostgreSQL when DATABASE_URL says so', async () => {
    const cms = await startCms({ env: { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}` } });
    try {
      const counts = await countPublished(cms.url);
      expect(counts.interpretations).toBeGreaterThanOrEqual(12);
      const probe = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${database}` });
      await probe.connect();
      const { rows } = await probe.query("SELECT count(*)::int AS n FROM interpretations WHERE published_at IS NOT NULL");
      await probe.end();
      expect(rows[0].n).toBe(counts.interpretations); // the rows really live in PostgreSQL
    } finally {
      await cms.stop();
    }
  }, 240_000);
});

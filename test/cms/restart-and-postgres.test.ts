import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { REPO, startCms, TEST_TOKEN } from '../support/cms';
import { contentApi } from '../support/strapi-api';
import { temporaryFolder } from '../support/temporary-folders';

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
    const dataDir = temporaryFolder('tongyuan-cms-');
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

/** The survey migration's file (cms/database/migrations): Strapi runs it once per database. */
const SURVEY_EVENT_MIGRATION = '2026.12.04T00.00.00.survey-event-relation.js';
const DRAFT_ONLY_EVENT = 'legacydraftonlyevent0001';
interface OldSurvey { documentId: string; title: string; published: boolean; eventDocumentId: string }

/**
 * A copy of the template turned back into an installation from before 关联的开放活动: surveys held the
 * event's documentId as text (event_document_id, known to Strapi's stored schema), no join table, the
 * migration not yet run; plus an event that has only a draft.
 */
function asBeforeEventRelation(dataDir: string, surveysFor: (openDay: string) => OldSurvey[]) {
  const db = new Database(path.join(dataDir, 'cms.db'), { fileMustExist: true });
  try {
    const openDay = (db.prepare("SELECT document_id FROM open_events WHERE slug = 'jx-open-day-2027-01-healthcare'").get() as { document_id: string }).document_id;
    db.exec('DROP TABLE surveys_event_lnk; ALTER TABLE surveys ADD COLUMN event_document_id varchar(255) NULL');
    const stored = db.prepare('SELECT id, schema FROM strapi_database_schema').get() as { id: number; schema: string };
    const schema = JSON.parse(stored.schema);
    schema.tables = schema.tables.filter((t: any) => t.name !== 'surveys_event_lnk');
    schema.tables.find((t: any) => t.name === 'surveys').columns.push({ name: 'event_document_id', type: 'string', args: [], defaultTo: null, notNullable: false, unsigned: false });
    db.prepare('UPDATE strapi_database_schema SET schema = ?, hash = ? WHERE id = ?').run(JSON.stringify(schema), 'before-event-relation', stored.id);
    db.prepare('DELETE FROM strapi_migrations WHERE name = ?').run(SURVEY_EVENT_MIGRATION);
    const now = Date.now();
    db.prepare('INSERT INTO open_events (document_id, title, slug, starts_at, ends_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(DRAFT_ONLY_EVENT, '旧活动：尚未发布', 'legacy-draft-only-event', now, now, now, now);
    const insert = db.prepare('INSERT INTO surveys (document_id, title, created_at, updated_at, published_at, event_document_id) VALUES (?, ?, ?, ?, ?, ?)');
    for (const s of surveysFor(openDay)) insert.run(s.documentId, s.title, now, now, s.published ? now : null, s.eventDocumentId);
    return openDay;
  } finally {
    db.close();
  }
}

describe('upgrading a CMS whose surveys named their event by a typed documentId', () => {
  it('links each draft and published survey row to that event, then drops the old column', async () => {
    const template = process.env.TONGYUAN_CMS_TEMPLATE;
    if (!template) throw new Error('TONGYUAN_CMS_TEMPLATE is unset: run with the suite\'s global setup');
    const dataDir = temporaryFolder('tongyuan-cms-');
    copyCmsTemplate(template, dataDir);
    // The demo's Juxian open day (published); an event with a draft only; an id that names no event.
    const openDay = asBeforeEventRelation(dataDir, (day) => [
      { documentId: 'legacysurveylinked000001', title: '旧问卷：开放日', published: false, eventDocumentId: day },
      { documentId: 'legacysurveylinked000001', title: '旧问卷：开放日', published: true, eventDocumentId: day },
      { documentId: 'legacysurveydraftevent01', title: '旧问卷：未发布的活动', published: false, eventDocumentId: ` ${DRAFT_ONLY_EVENT} ` },
      { documentId: 'legacysurveydraftevent01', title: '旧问卷：未发布的活动', published: true, eventDocumentId: DRAFT_ONLY_EVENT },
      { documentId: 'legacysurveyunknown00001', title: '旧问卷：编号写错', published: false, eventDocumentId: 'no-such-event' },
    ]);
    const cms = await startCms({ dataDir });
    try {
      const api = contentApi(cms.url, TEST_TOKEN);
      const eventOf = async (documentId: string, status: string) =>
        (await api.get(`/surveys?filters[documentId][$eq]=${documentId}&status=${status}&populate[event][fields][0]=documentId`)).body.data[0]?.event?.documentId ?? null;
      expect(await eventOf('legacysurveylinked000001', 'draft')).toBe(openDay);
      expect(await eventOf('legacysurveylinked000001', 'published')).toBe(openDay);
      // The event has no published version: the published row stays unlinked, as Strapi publishes it (the publisher reads the draft's).
      expect(await eventOf('legacysurveydraftevent01', 'draft')).toBe(DRAFT_ONLY_EVENT);
      expect(await eventOf('legacysurveydraftevent01', 'published')).toBeNull();
      expect(await eventOf('legacysurveyunknown00001', 'draft')).toBeNull();
      expect(cms.process.output()).toContain('关联 3 条');
      expect(cms.process.output()).toContain('“旧问卷：编号写错”（no-such-event）');
    } finally {
      await cms.stop();
    }
    const db = new Database(path.join(dataDir, 'cms.db'), { fileMustExist: true });
    try {
      expect((db.prepare('PRAGMA table_info(surveys)').all() as Array<{ name: string }>).map((c) => c.name)).not.toContain('event_document_id');
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'tongyuan_survey_event_ids'").get()).toBeUndefined();
      // Draft to draft, published to published.
      const links = db.prepare(`SELECT s.published_at IS NOT NULL AS survey, e.published_at IS NOT NULL AS event FROM surveys_event_lnk l
        JOIN surveys s ON s.id = l.survey_id JOIN open_events e ON e.id = l.open_event_id WHERE s.document_id LIKE 'legacy%'
        ORDER BY s.document_id, s.published_at IS NOT NULL`).all();
      expect(links).toEqual([{ survey: 0, event: 0 }, { survey: 0, event: 0 }, { survey: 1, event: 1 }]);
    } finally {
      db.close();
    }
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

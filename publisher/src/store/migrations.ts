import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { registrations } from './migrations/registrations';
import { suggestionsSurveys } from './migrations/suggestions-surveys';
import { interviewTurns } from './migrations/interview-turns';
import { questionCmsUpdated } from './migrations/question-cms-updated';
import { funds } from './migrations/funds';
import { fundRosters } from './migrations/fund-rosters';
import { fundDisclosure } from './migrations/fund-disclosure';
import { cmsCopies } from './migrations/cms-copies';
import { fundWithdrawals } from './migrations/fund-withdrawals';
import { fundSignoff } from './migrations/fund-signoff';
import { fundReports } from './migrations/fund-reports';
import { fundProjectsLedgers } from './migrations/fund-projects-ledgers';
import { housing } from './migrations/housing';
import { renditionsUnsettled } from './migrations/renditions-unsettled';
import { onPostgres as isPostgres } from './dialect';

/** Migrations live in code so the compiled service carries them; each runs once, in order. */
const idColumn = (db: Kysely<any>) => (isPostgres(db) ? 'serial' : 'integer');

const initial: Migration = {
  async up(db) {
    await db.schema
      .createTable('documents')
      .addColumn('document_id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('slug', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('latest_hash', 'text')
      .addColumn('source_version', 'text')
      .addColumn('first_published_at', 'text')
      .addColumn('withdrawn_at', 'text')
      .addColumn('problem', 'text')
      .addColumn('problem_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('revisions')
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('source_version', 'text', (c) => c.notNull())
      .addColumn('published_by', 'text')
      .addColumn('go_live_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('revisions_pk', ['document_id', 'hash'])
      .execute();
    await db.schema
      .createTable('renditions')
      .addColumn('id', idColumn(db), (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('payload', 'text')
      .addColumn('artifacts', 'text')
      .addColumn('listings', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('live_at', 'text')
      .addColumn('render_ms', 'integer')
      .addColumn('job_id', 'text')
      .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('latency_ms', 'integer')
      .addUniqueConstraint('renditions_revision_channel', ['document_id', 'channel', 'hash'])
      .execute();
    await db.schema
      .createTable('live')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('rendition_id', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('live_pk', ['channel', 'document_id'])
      .execute();
    await db.schema
      .createTable('listings')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('site', 'text', (c) => c.notNull())
      .addColumn('site_name', 'text', (c) => c.notNull())
      .addColumn('col', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('sort_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('listings_pk', ['channel', 'site', 'col', 'document_id'])
      .execute();
    await db.schema.createIndex('listings_order').on('listings').columns(['channel', 'site', 'col', 'sort_at']).execute();
    await db.schema
      .createTable('changes')
      .addColumn('seq', idColumn(db), (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('hash', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('changes_channel_seq').on('changes').columns(['channel', 'seq']).execute();
    await db.schema
      .createTable('artifact_refs')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('rendition_id', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('artifact_refs_pk', ['sha256', 'rendition_id'])
      .execute();
    await db.schema
      .createTable('operator_tokens')
      .addColumn('id', idColumn(db), (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('channels', 'text', (c) => c.notNull())
      .addColumn('sites', 'text', (c) => c.notNull())
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
  },
};

/** Cinema reels: the current reel per screening region and date, and the segments it holds. */
const reels: Migration = {
  async up(db) {
    await db.schema
      .createTable('reels')
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('region_name', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('seconds', 'real', (c) => c.notNull())
      .addColumn('segments', 'text', (c) => c.notNull())
      .addColumn('built_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('reels_pk', ['region', 'date'])
      .execute();
  },
};

/** Kiosk terminals' last sync (heartbeat): stale terminals are flagged to operators. */
const kioskHeartbeats: Migration = {
  async up(db) {
    await db.schema
      .createTable('kiosk_heartbeats')
      .addColumn('terminal', 'text', (c) => c.primaryKey())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('items', 'integer', (c) => c.notNull())
      .addColumn('seen_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Policy push (政策推送): subscribers' profiles and deliveries, what each was told per item, and the events. */
const policyPush: Migration = {
  async up(db) {
    await db.schema
      .createTable('policy_subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('operator', 'text', (c) => c.notNull())
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('webhook_url', 'text')
      .addColumn('signing_key', 'text')
      .addColumn('feed_token_hash', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('policy_subscription_items')
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('item_key', 'text', (c) => c.notNull())
      .addColumn('item_hash', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('withdrawn', 'integer', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('policy_subscription_items_pk', ['subscription_id', 'item_key'])
      .execute();
    await db.schema
      .createTable('policy_push_events')
      .addColumn('id', idColumn(db), (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('item_key', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .addUniqueConstraint('policy_push_events_once', ['subscription_id', 'item_key', 'version'])
      .execute();
    await db.schema.createIndex('policy_push_events_status').on('policy_push_events').columns(['status', 'id']).execute();
  },
};

/**
 * The Q&A desk (questions kept until the CMS has them, then their state), usage counted per day
 * (feed pulls, downloads: the annual report), and the channel inspection's runs and findings.
 */
const questionsUsageInspection: Migration = {
  async up(db) {
    await db.schema
      .createTable('questions')
      .addColumn('receipt', 'text', (c) => c.primaryKey())
      .addColumn('site', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('terminal', 'text')
      .addColumn('about', 'text')
      .addColumn('department_choice', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('asker_name', 'text')
      .addColumn('asker_contact', 'text')
      .addColumn('client_key', 'text', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('cms_document_id', 'text')
      .addColumn('department_code', 'text')
      .addColumn('department_name', 'text')
      .addColumn('routed_by', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('questions_open').on('questions').columns(['status', 'due_at']).execute();
    await db.schema.createIndex('questions_client').on('questions').columns(['client_key', 'received_at']).execute();
    await db.schema
      .createTable('usage_daily')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('site', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('usage_daily_pk', ['day', 'kind', 'channel', 'site', 'document_id'])
      .execute();
    await db.schema
      .createTable('inspection_runs')
      .addColumn('id', idColumn(db), (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('accounts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('findings', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .execute();
    await db.schema
      .createTable('inspection_findings')
      .addColumn('run_id', 'integer', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('account_name', 'text', (c) => c.notNull())
      .addColumn('department', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .execute();
    await db.schema.createIndex('inspection_findings_run').on('inspection_findings').columns(['run_id']).execute();
  },
};

/** What a terminal reported it holds: files it cached, and the ones it could not with why (a terminal with failures is unhealthy). */
const kioskCache: Migration = {
  async up(db) {
    await db.schema.alterTable('kiosk_heartbeats').addColumn('cached_files', 'integer').execute();
    await db.schema.alterTable('kiosk_heartbeats').addColumn('failed_files', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('kiosk_heartbeats').addColumn('failures', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  },
};

/** The CMS's 节假日安排 as last read: the working-day calendar keeps it through a CMS outage. */
const holidayArrangements: Migration = {
  async up(db) {
    await db.schema
      .createTable('holiday_arrangements')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('notice', 'text')
      .addColumn('holidays', 'text', (c) => c.notNull())
      .addColumn('workdays', 'text', (c) => c.notNull())
      .addColumn('cms_updated_at', 'text', (c) => c.notNull())
      .addColumn('saved_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/** What validity each live document was last announced with (operators learn of a change through `changes`). */
const validityMarks: Migration = {
  async up(db) {
    await db.schema
      .createTable('validity_marks')
      .addColumn('document_id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('ended_on', 'text')
      .addColumn('marked_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Wrong forms found on live renditions (表述规范库) and which dictionary version scanned each rendition. */
const wordingFindings: Migration = {
  async up(db) {
    await db.schema
      .createTable('wording_findings')
      .addColumn('id', idColumn(db), (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('department', 'text')
      .addColumn('found', 'text', (c) => c.notNull())
      .addColumn('suggestion', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('places', 'text', (c) => c.notNull())
      .addColumn('occurrences', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('fixed_at', 'text')
      .addColumn('fixed_how', 'text')
      .execute();
    await db.schema.createIndex('wording_findings_open').on('wording_findings').columns(['fixed_at', 'channel', 'document_id']).execute();
    // One open finding per document, channel and wrong form, whichever worker's scan records it.
    await db.schema.createIndex('wording_findings_one_open').on('wording_findings').columns(['document_id', 'channel', 'found']).unique()
      .where(sql.ref('fixed_at'), 'is', null).execute();
    await db.schema
      .createTable('wording_scans')
      .addColumn('rendition_id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('findings', 'text', (c) => c.notNull())
      .addColumn('scanned_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Each inspection finding's county (区县 code), so /status, the exports and a county's staff see their own. */
const findingCounty: Migration = {
  async up(db) {
    await db.schema.alterTable('inspection_findings').addColumn('county', 'text').execute();
  },
};

/** Files channels' follow-ups build (the print channel's booklets): one row per channel and key, pointing at a stored file. */
const builtFiles: Migration = {
  async up(db) {
    await db.schema
      .createTable('built_files')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('built_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('built_files_pk', ['channel', 'key'])
      .execute();
    await db.schema.createIndex('built_files_sha256').on('built_files').column('sha256').execute();
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { '2026-11-001-initial': initial, '2026-11-002-reels': reels, '2026-11-003-kiosk': kioskHeartbeats, '2026-11-004-policy-push': policyPush,
      '2026-12-001-questions-usage-inspection': questionsUsageInspection, '2026-12-002-kiosk-cache': kioskCache,
      '2026-12-003-holiday-arrangements': holidayArrangements, '2026-12-004-validity-marks': validityMarks,
      '2026-12-005-wording-findings': wordingFindings, '2026-12-006-finding-county': findingCounty,
      '2026-12-007-built-files': builtFiles,
      '2026-12-201-registrations': registrations,
      '2026-12-301-suggestions-surveys': suggestionsSurveys,
      '2026-12-401-interview-turns': interviewTurns,
      '2026-12-402-question-cms-updated': questionCmsUpdated,
      '2026-12-501-funds': funds,
      '2026-12-502-fund-rosters': fundRosters,
      '2026-12-503-fund-disclosure': fundDisclosure,
      '2026-12-504-fund-reports': fundReports,
      '2026-12-505-cms-copies': cmsCopies,
      '2026-12-506-fund-withdrawals': fundWithdrawals,
      '2026-12-510-fund-projects-ledgers': fundProjectsLedgers,
      '2026-12-515-housing': housing,
      '2026-12-520-fund-signoff': fundSignoff,
      '2026-12-601-renditions-unsettled': renditionsUnsettled };
  },
};

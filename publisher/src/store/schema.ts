import type { Generated, Selectable } from 'kysely';

/**
 * The publisher's own record. Times are ISO-8601 text and JSON is text, identical on SQLite
 * and PostgreSQL, so one set of queries serves both.
 */
export interface DocumentsTable {
  document_id: string;
  kind: string;
  slug: string | null;
  title: string;
  latest_hash: string | null;
  source_version: string | null;
  first_published_at: string | null;
  withdrawn_at: string | null;
  /** Why the latest published state could not be ingested (shown to authors and on /status). */
  problem: string | null;
  problem_at: string | null;
  updated_at: string;
}

export interface RevisionsTable {
  document_id: string;
  hash: string;
  kind: string;
  body: string;
  source_version: string;
  published_by: string | null;
  go_live_at: string | null;
  created_at: string;
}

export type RenditionStatus = 'queued' | 'rendering' | 'ready' | 'live' | 'failed' | 'superseded' | 'withdrawn';

export interface RenditionsTable {
  id: Generated<number>;
  document_id: string;
  channel: string;
  hash: string;
  status: RenditionStatus;
  progress: number;
  payload: string | null;
  artifacts: string | null;
  listings: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  live_at: string | null;
  render_ms: number | null;
  job_id: string | null;
  /** Bumped each time the rendition is planned again (republish, re-publish after withdrawal), so its job id is new. */
  generation: number;
  /** From the CMS publish (source version) to this rendition going live. */
  latency_ms: number | null;
}

export interface LiveTable {
  channel: string;
  document_id: string;
  rendition_id: number;
  hash: string;
  title: string;
  published_at: string;
  updated_at: string;
}

export interface ListingsTable {
  channel: string;
  site: string;
  site_name: string;
  col: string;
  document_id: string;
  sort_at: string;
}

export interface ChangesTable {
  seq: Generated<number>;
  channel: string;
  document_id: string;
  hash: string | null;
  kind: 'upsert' | 'remove';
  at: string;
}

export interface ArtifactRefsTable {
  sha256: string;
  rendition_id: number;
}

export interface OperatorTokensTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  channels: string;
  sites: string;
  is_admin: number;
  created_at: string;
  revoked_at: string | null;
}

export interface ReelsTable {
  region: string;
  region_name: string;
  /** Screening date, YYYY-MM-DD (China time). */
  date: string;
  sha256: string;
  size: number;
  seconds: number;
  /** JSON: the segments in playing order (document, revision, title, seconds, file). */
  segments: string;
  built_at: string;
}

export interface KioskHeartbeatsTable {
  terminal: string;
  /** The manifest version the terminal last synced. */
  version: string;
  items: number;
  seen_at: string;
}

export interface Database {
  kiosk_heartbeats: KioskHeartbeatsTable;
  reels: ReelsTable;
  documents: DocumentsTable;
  revisions: RevisionsTable;
  renditions: RenditionsTable;
  live: LiveTable;
  listings: ListingsTable;
  changes: ChangesTable;
  artifact_refs: ArtifactRefsTable;
  operator_tokens: OperatorTokensTable;
}

export type RenditionRow = Selectable<RenditionsTable>;

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

/** A file a channel's follow-up built (a print booklet): `file` the stored file's JSON (name, mime, size, sha256), `body` the channel's record. */
export interface BuiltFilesTable {
  channel: string;
  key: string;
  title: string;
  sha256: string;
  file: string;
  body: string;
  built_at: string;
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

/** One year of the CMS's 节假日安排 (JSON arrays as text), as last read from the CMS. */
export interface HolidayArrangementsTable {
  year: number;
  notice: string | null;
  holidays: string;
  workdays: string;
  cms_updated_at: string;
  saved_at: string;
}

export interface KioskHeartbeatsTable {
  terminal: string;
  /** The manifest version the terminal last synced. */
  version: string;
  items: number;
  seen_at: string;
  /** Files the terminal holds for what it shows (null: an app from before it reported them). */
  cached_files: number | null;
  failed_files: Generated<number>;
  /** JSON: [{ name, reason }] of the files it could not cache, at most 20 (the app names the first 10). */
  failures: Generated<string>;
}

/** A subscriber to policy push (政策推送): its profile (kept because it asked to be told), and how it is told. */
export interface PolicySubscriptionsTable {
  /** Random (UUID): the id alone never opens the feed, which also needs its token. */
  id: string;
  name: string;
  /** The operator token (by name) that subscribed: only it, or an admin token, sees the subscription. */
  operator: string;
  /** JSON: tag ids ("dimension:code"). */
  profile: string;
  webhook_url: string | null;
  /**
   * The webhook's HMAC-SHA256 key, kept as is: the publisher must sign with it, so a hash would be
   * useless, and encrypting it would need a key held in the same environment as the database.
   * It signs this subscriber's events and nothing else.
   */
  signing_key: string | null;
  /** sha256 of the token in the feed URL (null: no feed). Only verified, so only its hash is kept. */
  feed_token_hash: string | null;
  created_at: string;
}

/** What a subscriber was last told about one item. */
export interface PolicySubscriptionItemsTable {
  subscription_id: string;
  item_key: string;
  item_hash: string;
  /** How many events this item had for this subscriber; the next event is number version + 1. */
  version: number;
  /** 1 when the last event was a withdrawal. */
  withdrawn: number;
  /** JSON: the item as last announced (a withdrawal repeats it). */
  item: string;
}

/** One announcement to one subscriber, recorded before delivery; (subscription, item, version) is unique. */
export interface PolicyPushEventsTable {
  id: Generated<number>;
  subscription_id: string;
  item_key: string;
  version: number;
  kind: 'item' | 'withdrawn';
  /** new / changed for an item; why it left (已撤回, 已失效, 不再符合画像) for a withdrawal. */
  note: string;
  item: string;
  /** feed: nothing to send (the subscriber reads its feed). */
  status: 'pending' | 'delivered' | 'failed' | 'feed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** A question from the public (宜企问), held here until the CMS has it; personal details are cleared once it does. */
export interface QuestionsTable {
  receipt: string;
  site: string | null;
  /** The channel it came through (a channel code), or 'api'. */
  source: string;
  terminal: string | null;
  /** The interpretation it was asked from (documentId). */
  about: string | null;
  department_choice: string | null;
  body: string;
  asker_name: string | null;
  asker_contact: string | null;
  /** sha256 of the client address with the hook secret: floods and repeats are recognised without keeping addresses. */
  client_key: string;
  body_hash: string;
  received_at: string;
  /** null when the working-day calendar does not cover the days ahead (the status page says so loudly). */
  due_at: string | null;
  delivered_at: string | null;
  cms_document_id: string | null;
  department_code: string | null;
  department_name: string | null;
  routed_by: string | null;
  status: 'pending' | 'answered' | 'declined';
  answered_at: string | null;
  attempts: number;
  last_error: string | null;
  updated_at: string;
  /** 咨询 ('question'), 建议 ('suggestion', 你建言我来办) or 监督 ('supervision', 民生资金我要监督). */
  kind: Generated<'question' | 'suggestion' | 'supervision'>;
  /** A report's place and fund (乡镇 村 · 资金项目); null for questions and suggestions. */
  subject: Generated<string | null>;
  /** A suggestion's outcome as the department recorded it in the CMS: adopted 已采纳, partly_adopted 部分采纳, not_adopted 暂不采纳. */
  outcome: string | null;
  /** The survey (问卷调查, CMS documentId) a suggestion came from: its free-text answers are recorded here as 建议. */
  source_survey: string | null;
  /** The CMS's updatedAt of the state copied last: the sweep's watermark (question-sync.ts). */
  cms_updated_at: Generated<string | null>;
}

/** One response to a survey (问卷调查); answers are the organizer's only, never a public output. */
export interface SurveyResponsesTable {
  receipt: string;
  survey_id: string;
  /** HMAC of the registration's receipt code (event surveys) or of this response's own receipt: unique per survey. */
  respondent_key: string;
  site: string | null;
  department_code: string | null;
  event_id: string | null;
  /** JSON: [{ question, kind, value }] in the survey's order. */
  answers: string;
  client_key: string;
  received_at: string;
}

/** Reads counted per day: feed pulls and file downloads by channel, site and document. */
export interface UsageDailyTable {
  day: string;
  kind: 'feed' | 'download';
  channel: string;
  site: string;
  document_id: string;
  count: number;
}

export interface InspectionRunsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  accounts: number;
  findings: number;
  error: string | null;
}

export type FindingKind = 'stale' | 'failed_render' | 'broken_link' | 'overdue_question' | 'unrouted_question' | 'wording' | 'repost_overdue';
export interface InspectionFindingsTable {
  run_id: number;
  account: string;
  account_name: string;
  department: string;
  kind: FindingKind;
  detail: string;
  url: string | null;
  /** The account's county (区县 code); null for an account filed in none. */
  county: string | null;
}

/** The validity each live document was last announced with: a change from it is a change row on every channel. */
export interface ValidityMarksTable {
  document_id: string;
  /** 现行有效, 已失效, 已修订 or 尚未生效. */
  status: string;
  ended_on: string | null;
  marked_at: string;
}

/**
 * A wrong form found on a live rendition (表述规范库): one row per document, channel and wrong form —
 * one 处 as the monitoring platforms count — open until the channel no longer shows it.
 */
export interface WordingFindingsTable {
  id: Generated<number>;
  document_id: string;
  channel: string;
  /** The document's department (code) when first found: whose county the finding counts for. */
  department: string | null;
  /** The dictionary's wrong form as found (folded: 扫黑险恶), the suggestion, and the message for staff. */
  found: string;
  suggestion: string | null;
  severity: 'serious' | 'general';
  message: string;
  /** Where on the rendition (payload field or file name) and how many times. */
  places: string;
  occurrences: number;
  title: string;
  /** The revision it was first found on. */
  hash: string;
  first_seen_at: string;
  last_seen_at: string;
  /** When the channel stopped showing it, and why: republished (已修改) or withdrawn (已撤下). */
  fixed_at: string | null;
  fixed_how: 'republished' | 'withdrawn' | null;
}

/** Which dictionary version each live rendition was last scanned with (a rendition never changes; a dictionary does). */
export interface WordingScansTable {
  rendition_id: number;
  version: string;
  /** The rendition's findings at that version (JSON), so a rescan of the unchanged costs nothing. */
  findings: string;
  scanned_at: string;
}

/** 在线访谈's live text: each turn the editor posts during the interview, in order. */
export interface InterviewTurnsTable {
  id: Generated<number>;
  document_id: string;
  speaker: string;
  text: string;
  /** 1: marked 精彩片段 as posted. */
  highlight: number;
  posted_at: string;
}

export interface Database {
  interview_turns: InterviewTurnsTable;
  wording_findings: WordingFindingsTable;
  wording_scans: WordingScansTable;
  validity_marks: ValidityMarksTable;
  questions: QuestionsTable;
  survey_responses: SurveyResponsesTable;
  usage_daily: UsageDailyTable;
  inspection_runs: InspectionRunsTable;
  inspection_findings: InspectionFindingsTable;
  policy_subscriptions: PolicySubscriptionsTable;
  policy_subscription_items: PolicySubscriptionItemsTable;
  policy_push_events: PolicyPushEventsTable;
  kiosk_heartbeats: KioskHeartbeatsTable;
  holiday_arrangements: HolidayArrangementsTable;
  reels: ReelsTable;
  built_files: BuiltFilesTable;
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

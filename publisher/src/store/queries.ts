import { sql } from 'kysely';
import { listCodeOf, type PolicyListRef } from '@tongyuan/channels';
import type { Db } from './db';
import { onPostgres } from './dialect';
import type { ArtifactRef } from './publications';

export interface LiveItem {
  documentId: string;
  channel: string;
  hash: string;
  title: string;
  publishedAt: string;
  updatedAt: string;
  payload: any;
  artifacts: ArtifactRef[];
}

const toItem = (row: any): LiveItem => ({
  documentId: row.document_id,
  channel: row.channel,
  hash: row.hash,
  title: row.title,
  publishedAt: row.published_at,
  updatedAt: row.updated_at,
  payload: row.payload ? JSON.parse(row.payload) : null,
  artifacts: row.artifacts ? JSON.parse(row.artifacts) : [],
});

/** Everything readers ask of the store; never touches Strapi. */
const SEQ_FRESH_MS = 20;

export class PublicationQueries {
  constructor(private readonly db: Db) {}

  private live() {
    return this.db.selectFrom('live').innerJoin('renditions', 'renditions.id', 'live.rendition_id')
      .select(['live.document_id', 'live.channel', 'live.hash', 'live.title', 'live.published_at', 'live.updated_at', 'renditions.payload', 'renditions.artifacts']);
  }

  async liveItem(channel: string, documentId: string): Promise<LiveItem | undefined> {
    const row = await this.live().where('live.channel', '=', channel).where('live.document_id', '=', documentId).executeTakeFirst();
    return row && toItem(row);
  }

  /**
   * Everything live on one channel (the cinema reels are built from all of it), or only one kind's: the 政策清单 read
   * the portal's policy documents, a few hundred among tens of thousands of interpretations.
   */
  async liveOn(channel: string, options: { kind?: string } = {}): Promise<LiveItem[]> {
    let query = this.live().where('live.channel', '=', channel);
    if (options.kind) {
      const kind = options.kind;
      query = query.where((eb) => eb.exists(eb.selectFrom('documents').select('documents.document_id')
        .whereRef('documents.document_id', '=', 'live.document_id').where('documents.kind', '=', kind)));
    }
    const rows = await query.orderBy('live.published_at', 'desc').orderBy('live.document_id').execute();
    return rows.map(toItem);
  }

  /**
   * Documents of a kind taken off a channel and not back on it, each with the rendition it last
   * showed there (`withdrawnAt`: when it left): the iCalendar file keeps announcing them as cancelled.
   */
  async withdrawnOn(channel: string, kind: string): Promise<Array<LiveItem & { withdrawnAt: string }>> {
    const rows = await this.db.selectFrom('renditions')
      .innerJoin('documents', 'documents.document_id', 'renditions.document_id')
      .select(['renditions.document_id', 'renditions.channel', 'renditions.hash', 'documents.title', 'documents.first_published_at as published_at',
        'renditions.live_at', 'renditions.created_at', 'renditions.updated_at', 'renditions.payload', 'renditions.artifacts'])
      .where('renditions.channel', '=', channel).where('renditions.status', '=', 'withdrawn').where('documents.kind', '=', kind)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('live').select('live.document_id')
        .where('live.channel', '=', channel).whereRef('live.document_id', '=', 'renditions.document_id'))))
      .orderBy('renditions.updated_at').execute();
    // A document withdrawn twice (republished changed in between): the last withdrawal is what it showed.
    const last = new Map(rows.map((r) => [r.document_id, r]));
    return [...last.values()].map((r) => ({ ...toItem({ ...r, updated_at: r.live_at ?? r.created_at }), withdrawnAt: r.updated_at }));
  }

  /** Newest first; the cursor is the last item's (published_at, document_id). */
  async feed(channel: string, options: { sites?: string[]; first: number; after?: { publishedAt: string; documentId: string } }) {
    let query = this.live().where('live.channel', '=', channel);
    if (options.sites) {
      const sites = options.sites;
      query = query.where('live.document_id', 'in', this.db.selectFrom('listings').select('document_id')
        .where('channel', '=', channel).where('site', 'in', sites.length ? sites : ['-']));
    }
    if (options.after) {
      const { publishedAt, documentId } = options.after;
      query = query.where((eb) => eb.or([
        eb('live.published_at', '<', publishedAt),
        eb.and([eb('live.published_at', '=', publishedAt), eb('live.document_id', '<', documentId)]),
      ]));
    }
    const rows = await query.orderBy('live.published_at', 'desc').orderBy('live.document_id', 'desc').limit(options.first + 1).execute();
    return { items: rows.slice(0, options.first).map(toItem), hasNextPage: rows.length > options.first };
  }

  /** One site's column page, newest first, with the total for pagination. */
  async listing(channel: string, site: string, column: string, limit: number, offset: number) {
    const base = this.db.selectFrom('listings').where('listings.channel', '=', channel).where('listings.site', '=', site).where('listings.col', '=', column);
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await base.innerJoin('live', (j) => j.onRef('live.channel', '=', 'listings.channel').onRef('live.document_id', '=', 'listings.document_id'))
      .innerJoin('renditions', 'renditions.id', 'live.rendition_id')
      .select(['live.document_id', 'live.channel', 'live.hash', 'live.title', 'live.published_at', 'live.updated_at', 'renditions.payload', 'renditions.artifacts'])
      .orderBy('listings.sort_at', 'desc').orderBy('listings.document_id', 'desc').limit(limit).offset(offset).execute();
    return { total: Number(total), items: rows.map(toItem) };
  }

  /** A 政策清单 (name, description) as its documents listed under `list-<code>` on a site carry it; null if none is. */
  async policyList(channel: string, site: string, column: string): Promise<PolicyListRef | null> {
    const code = listCodeOf(column);
    if (!code) return null;
    const { items } = await this.listing(channel, site, column, 1, 0);
    return (items[0]?.payload.lists as PolicyListRef[] | undefined)?.find((l) => l.code === code) ?? null;
  }

  /** Sites and columns that have live items on a channel, with the site's display name. */
  async sitesWithListings(channel: string): Promise<Array<{ site: string; siteName: string; column: string; count: number }>> {
    const rows = await this.db.selectFrom('listings')
      .select(['site', 'col', (eb) => eb.fn.max('site_name').as('site_name'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('channel', '=', channel).groupBy(['site', 'col']).orderBy('site').orderBy('col').execute();
    return rows.map((r) => ({ site: r.site, siteName: String(r.site_name), column: r.col, count: Number(r.n) }));
  }

  /** One site that has live items on a channel, with its display name (null: no such site there). */
  async siteOn(channel: string, code: string): Promise<{ code: string; name: string } | null> {
    const row = await this.db.selectFrom('listings').select('site_name').where('channel', '=', channel).where('site', '=', code).limit(1).executeTakeFirst();
    return row ? { code, name: row.site_name } : null;
  }

  async documentIdBySlug(slug: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('documents').select('document_id').where('slug', '=', slug).where('withdrawn_at', 'is', null).executeTakeFirst();
    return row?.document_id;
  }

  /** Is this document listed on this site on this channel (pages are only served where they are published)? */
  async isListedOn(channel: string, site: string, documentId: string): Promise<boolean> {
    const row = await this.db.selectFrom('listings').select('document_id')
      .where('channel', '=', channel).where('site', '=', site).where('document_id', '=', documentId).limit(1).executeTakeFirst();
    return Boolean(row);
  }

  /** What is live on a channel for these documents (the validity board's update after a change). */
  async liveOf(channel: string, documentIds: string[]): Promise<LiveItem[]> {
    if (documentIds.length === 0) return [];
    const rows = await this.live().where('live.channel', '=', channel).where('live.document_id', 'in', documentIds).orderBy('live.document_id').execute();
    return rows.map(toItem);
  }

  /** The change rows on these channels after `afterSeq`, up to `upToSeq`: which documents changed, by sequence. */
  async changedDocuments(afterSeq: number, upToSeq: number, channels: string[]): Promise<Array<{ seq: number; documentId: string }>> {
    const rows = await this.db.selectFrom('changes').select(['seq', 'document_id']).where('seq', '>', afterSeq).where('seq', '<=', upToSeq)
      .where('channel', 'in', channels).execute();
    return rows.map((r) => ({ seq: Number(r.seq), documentId: r.document_id }));
  }

  /**
   * Whether a live policy document on a channel replaces this one (for 已修订). The database reads `supersedes`
   * out of the policy documents' payloads: a page view parsed every live payload here before, thousands at scale.
   */
  async isSuperseded(channel: string, policyDocumentId: string): Promise<boolean> {
    const supersedes = onPostgres(this.db) ? sql<string>`(renditions.payload::json ->> 'supersedes')` : sql<string>`json_extract(renditions.payload, '$.supersedes')`;
    const row = await this.db.selectFrom('live').innerJoin('renditions', 'renditions.id', 'live.rendition_id')
      .innerJoin('documents', 'documents.document_id', 'live.document_id')
      .select('live.document_id').where('live.channel', '=', channel).where('documents.kind', '=', 'policy-document')
      .where(supersedes, '=', policyDocumentId).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async changesSince(since: number, channels: string[], limit: number) {
    const rows = await this.db.selectFrom('changes').selectAll().where('seq', '>', since)
      .where('channel', 'in', channels.length ? channels : ['-']).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), channel: r.channel, documentId: r.document_id, hash: r.hash, kind: r.kind, at: r.at }));
  }

  async latestChangeSeq(): Promise<number> {
    const row = await this.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  private recentSeq: { at: number; seq: Promise<number> } | null = null;

  /**
   * The same for what readers are served (cached pages, feeds, GraphQL answers, the policy index):
   * asked several times per request under load, so one answer serves everyone for a few
   * milliseconds — a publish shows that much later, far inside its one-second goal. Work that must
   * see its own changes (the reel builder) asks latestChangeSeq.
   */
  servingChangeSeq(): Promise<number> {
    const now = Date.now();
    if (this.recentSeq && now - this.recentSeq.at < SEQ_FRESH_MS) return this.recentSeq.seq;
    const seq = this.latestChangeSeq();
    this.recentSeq = { at: now, seq };
    seq.catch(() => (this.recentSeq = null)); // a failed read is not remembered
    return seq;
  }

  async document(documentId: string) {
    return this.db.selectFrom('documents').selectAll().where('document_id', '=', documentId).executeTakeFirst();
  }

  async renditionsOf(documentId: string, hash?: string) {
    let query = this.db.selectFrom('renditions').selectAll().where('document_id', '=', documentId);
    if (hash) query = query.where('hash', '=', hash);
    return query.orderBy('id').execute();
  }

  async revisionsOf(documentId: string) {
    return this.db.selectFrom('revisions').selectAll().where('document_id', '=', documentId).orderBy('created_at', 'desc').execute();
  }

  /** Who published a revision and when it goes live, without its body (the CMS panel asks every two seconds). */
  async revisionMeta(documentId: string, hash: string) {
    return this.db.selectFrom('revisions').select(['published_by', 'go_live_at', 'created_at'])
      .where('document_id', '=', documentId).where('hash', '=', hash).executeTakeFirst();
  }

  async revisionBody(documentId: string, hash: string): Promise<{ body: unknown; recordedAt: string } | undefined> {
    const row = await this.db.selectFrom('revisions').select(['body', 'created_at']).where('document_id', '=', documentId).where('hash', '=', hash).executeTakeFirst();
    return row ? { body: JSON.parse(row.body), recordedAt: row.created_at } : undefined;
  }

  /** A file may be served while some live rendition or current cinema reel uses it; which one (for the download counts). */
  async liveArtifactOwner(sha256: string): Promise<{ channel: string; documentId: string } | null> {
    const row = await this.db.selectFrom('artifact_refs').innerJoin('live', 'live.rendition_id', 'artifact_refs.rendition_id')
      .select(['live.channel', 'live.document_id']).where('artifact_refs.sha256', '=', sha256).limit(1).executeTakeFirst();
    if (row) return { channel: row.channel, documentId: row.document_id };
    const reel = await this.db.selectFrom('reels').select('segments').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    if (!reel) {
      // A file a channel's follow-up built (a print booklet) counts for that channel.
      const built = await this.db.selectFrom('built_files').select('channel').where('sha256', '=', sha256).limit(1).executeTakeFirst();
      return built ? { channel: built.channel, documentId: '' } : null;
    }
    // A reel counts for the channel whose renditions made its segments (the store names no channel).
    const segment = (JSON.parse(reel.segments) as Array<{ video: { sha256: string } }>)[0];
    const made = segment && await this.db.selectFrom('artifact_refs').innerJoin('renditions', 'renditions.id', 'artifact_refs.rendition_id')
      .select('renditions.channel').where('artifact_refs.sha256', '=', segment.video.sha256).limit(1).executeTakeFirst();
    return made ? { channel: made.channel, documentId: '' } : null;
  }

  /** Per channel: how many are live, waiting, rendering, failed — for /status and /metrics. */
  async statusByChannel() {
    const rows = await this.db.selectFrom('renditions')
      .innerJoin('documents', (j) => j.onRef('documents.document_id', '=', 'renditions.document_id'))
      .select(['renditions.channel', 'renditions.status', (eb) => eb.fn.countAll<number>().as('n')])
      .where((eb) => eb.or([eb('renditions.status', '=', 'live'), eb('renditions.hash', '=', eb.ref('documents.latest_hash'))]))
      .groupBy(['renditions.channel', 'renditions.status']).execute();
    return rows.map((r) => ({ channel: r.channel, status: r.status, count: Number(r.n) }));
  }

  /** How many renditions of a channel's latest revisions wait or render (documents not withdrawn): channels' built files (reels, playlists, packages, booklets) wait for them. */
  async inFlightOn(channel: string): Promise<number> {
    const row = await this.db.selectFrom('renditions')
      .innerJoin('documents', (j) => j.onRef('documents.document_id', '=', 'renditions.document_id').onRef('documents.latest_hash', '=', 'renditions.hash'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('renditions.channel', '=', channel).where('renditions.status', 'in', ['queued', 'rendering'])
      .where('documents.withdrawn_at', 'is', null).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Renders under way, with their progress (status page). */
  async rendering(limit: number) {
    return this.db.selectFrom('renditions')
      .innerJoin('documents', 'documents.document_id', 'renditions.document_id')
      .select(['renditions.document_id', 'renditions.channel', 'renditions.progress', 'renditions.attempts', 'renditions.updated_at', 'documents.title'])
      .where('renditions.status', '=', 'rendering').orderBy('renditions.updated_at', 'desc').limit(limit).execute();
  }

  async failures(limit: number) {
    return this.db.selectFrom('renditions')
      .innerJoin('documents', (j) => j.onRef('documents.document_id', '=', 'renditions.document_id').onRef('documents.latest_hash', '=', 'renditions.hash'))
      .select(['renditions.document_id', 'renditions.channel', 'renditions.hash', 'renditions.error_code', 'renditions.error_message', 'renditions.updated_at', 'documents.title'])
      .where('renditions.status', '=', 'failed').orderBy('renditions.updated_at', 'desc').limit(limit).execute();
  }

  /** Latest revisions whose renditions are not settled — what the reconciler re-plans after Redis lost its jobs. */
  async unsettled(olderThan: string) {
    return this.db.selectFrom('renditions')
      .innerJoin('documents', (j) => j.onRef('documents.document_id', '=', 'renditions.document_id').onRef('documents.latest_hash', '=', 'renditions.hash'))
      .select(['renditions.document_id', 'renditions.hash', 'renditions.channel', 'renditions.id', 'renditions.job_id'])
      .where('renditions.status', 'in', ['queued', 'rendering']).where('renditions.updated_at', '<', olderThan)
      .where('documents.withdrawn_at', 'is', null).execute();
  }

  async knownDocuments() {
    return this.db.selectFrom('documents').select(['document_id', 'kind', 'source_version', 'withdrawn_at', 'latest_hash']).execute();
  }

  /** `knownDocuments`, of these documents only (what the reconciler saw change), in batches the databases accept. */
  async knownDocumentsById(ids: string[]) {
    const rows: Awaited<ReturnType<PublicationQueries['knownDocuments']>> = [];
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(...await this.db.selectFrom('documents').select(['document_id', 'kind', 'source_version', 'withdrawn_at', 'latest_hash'])
        .where('document_id', 'in', ids.slice(i, i + 500)).execute());
    }
    return rows;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}

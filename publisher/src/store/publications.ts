import { sql } from 'kysely';
import type { Db } from './db';

export interface ArtifactRef { name: string; mime: string; size: number; sha256: string }
export interface Listing { site: string; siteName: string; column: string }
export interface RevisionInput {
  documentId: string;
  kind: string;
  slug: string | null;
  title: string;
  hash: string;
  body: unknown;
  sourceVersion: string;
  publishedBy: string | null;
  goLiveAt: string | null;
}

const now = () => new Date().toISOString();

/**
 * Writes to the publisher's record. Every switch that readers can see (a rendition going live,
 * a withdrawal) happens in one transaction together with its change-stream row.
 */
export class PublicationStore {
  constructor(readonly db: Db) {}

  /**
   * Records a revision unless the document already holds a newer source version (an older
   * webhook arriving late must not roll a publication back). Returns whether it became latest.
   */
  async recordRevision(input: RevisionInput): Promise<'new' | 'unchanged' | 'stale'> {
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('documents').selectAll().where('document_id', '=', input.documentId).executeTakeFirst();
      if (current && current.source_version && current.source_version > input.sourceVersion) return 'stale';
      if (current && current.latest_hash === input.hash && !current.withdrawn_at) {
        // Same content under a newer CMS version (re-published unchanged): remember the version, or
        // the reconciler would see it as missed at every run.
        await trx.updateTable('documents').set({ source_version: input.sourceVersion, problem: null, problem_at: null })
          .where('document_id', '=', input.documentId).execute();
        return 'unchanged';
      }
      await trx
        .insertInto('revisions')
        .values({
          document_id: input.documentId, hash: input.hash, kind: input.kind, body: JSON.stringify(input.body),
          source_version: input.sourceVersion, published_by: input.publishedBy, go_live_at: input.goLiveAt, created_at: now(),
        })
        .onConflict((oc) => oc.columns(['document_id', 'hash']).doNothing())
        .execute();
      const row = {
        kind: input.kind, slug: input.slug, title: input.title, latest_hash: input.hash,
        source_version: input.sourceVersion, withdrawn_at: null, problem: null, problem_at: null, updated_at: now(),
      };
      await trx
        .insertInto('documents')
        .values({ document_id: input.documentId, first_published_at: null, ...row })
        .onConflict((oc) => oc.column('document_id').doUpdateSet(row))
        .execute();
      return 'new';
    });
  }

  /** Remembers why the latest published state was refused; the live renditions stay as they were. */
  async recordProblem(documentId: string, kind: string, title: string, problem: string): Promise<void> {
    const at = now();
    await this.db.insertInto('documents')
      .values({ document_id: documentId, kind, slug: null, title, latest_hash: null, source_version: null, first_published_at: null,
        withdrawn_at: null, problem, problem_at: at, updated_at: at })
      .onConflict((oc) => oc.column('document_id').doUpdateSet({ problem, problem_at: at, updated_at: at }))
      .execute();
  }

  /**
   * One queued rendition per channel. A rendition of the same content that was withdrawn,
   * superseded (content reverted) or failed is queued again; live and in-flight ones are kept.
   */
  async planRenditions(documentId: string, hash: string, channels: string[]): Promise<void> {
    if (channels.length === 0) return;
    const at = now();
    await this.db
      .insertInto('renditions')
      .values(channels.map((channel) => ({
        document_id: documentId, channel, hash, status: 'queued' as const, progress: 0, attempts: 0, generation: 0, created_at: at, updated_at: at,
      })))
      .onConflict((oc) => oc.columns(['document_id', 'channel', 'hash'])
        .doUpdateSet({ status: 'queued', progress: 0, error_code: null, error_message: null, updated_at: at, generation: sql`renditions.generation + 1` })
        .where('renditions.status', 'in', ['withdrawn', 'superseded', 'failed']))
      .execute();
  }

  /** Remembers which render job works on each rendition, so the reconciler can tell a lost job from a slow one. */
  async attachJobs(documentId: string, hash: string, jobs: Record<string, string>): Promise<void> {
    for (const [channel, jobId] of Object.entries(jobs)) {
      await this.db.updateTable('renditions').set({ job_id: jobId })
        .where('document_id', '=', documentId).where('hash', '=', hash).where('channel', '=', channel).execute();
    }
  }

  /** Render these channels again: an administrator's republish, or jobs Redis lost. */
  async requeue(documentId: string, hash: string, channels: string[]): Promise<void> {
    if (channels.length === 0) return;
    await this.db.updateTable('renditions')
      .set({ status: 'queued', progress: 0, error_code: null, error_message: null, updated_at: now(), generation: sql`generation + 1` })
      .where('document_id', '=', documentId).where('hash', '=', hash).where('channel', 'in', channels).execute();
  }

  /**
   * The reconciler's requeue of renditions whose job Redis lost: only those still waiting as they were when it looked
   * (queued or rendering, untouched since `staleBefore`) — a job that finished between its look at the rendition
   * and its look at the job has made the rendition live, and rendering it again would publish it twice.
   * Returns the channels requeued.
   */
  async requeueLost(documentId: string, hash: string, channels: string[], staleBefore: string): Promise<string[]> {
    if (channels.length === 0) return [];
    const rows = await this.db.updateTable('renditions')
      .set({ status: 'queued', progress: 0, error_code: null, error_message: null, updated_at: now(), generation: sql`generation + 1` })
      .where('document_id', '=', documentId).where('hash', '=', hash).where('channel', 'in', channels)
      .where('status', 'in', ['queued', 'rendering']).where('updated_at', '<', staleBefore)
      .returning('channel').execute();
    return rows.map((r) => r.channel);
  }

  async markRendering(id: number, progress: number, attempt?: number): Promise<void> {
    await this.db.updateTable('renditions')
      .set({ status: 'rendering', progress, updated_at: now(), ...(attempt ? { attempts: attempt } : {}) })
      .where('id', '=', id).where('status', 'in', ['queued', 'rendering', 'failed'])
      .execute();
  }

  /** Back to queued with the reason (the disk is full, the object store away): the reconciler plans it again once it has waited a while. */
  async waitForStorage(id: number, code: 'STORAGE_FULL' | 'OBJECT_STORE_UNAVAILABLE', message: string): Promise<void> {
    await this.db.updateTable('renditions')
      .set({ status: 'queued', progress: 0, error_code: code, error_message: message, updated_at: now() })
      .where('id', '=', id).where('status', 'in', ['queued', 'rendering'])
      .execute();
  }

  async failRendition(id: number, code: string, message: string): Promise<void> {
    await this.db.updateTable('renditions')
      .set({ status: 'failed', error_code: code, error_message: message, updated_at: now() })
      .where('id', '=', id).where('status', 'in', ['queued', 'rendering'])
      .execute();
  }

  /** Stores a finished rendition; it goes live now unless the revision waits for its go-live time. */
  async completeRendition(
    id: number,
    result: { payload: unknown; artifacts: ArtifactRef[]; listings: Listing[]; renderMs: number },
    goLive: boolean,
  ): Promise<'live' | 'ready' | 'superseded'> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('renditions')
        .set({
          status: 'ready', progress: 100, payload: JSON.stringify(result.payload), artifacts: JSON.stringify(result.artifacts),
          listings: JSON.stringify(result.listings), error_code: null, error_message: null, render_ms: result.renderMs, updated_at: now(),
        })
        .where('id', '=', id).execute();
      for (const artifact of result.artifacts) {
        await trx.insertInto('artifact_refs').values({ sha256: artifact.sha256, rendition_id: id })
          .onConflict((oc) => oc.columns(['sha256', 'rendition_id']).doNothing()).execute();
      }
      if (!goLive) return 'ready';
      return (await switchLive(trx, id)) ? 'live' : 'superseded';
    });
  }

  /** Scheduled revisions whose time has come: every ready rendition goes live in one transaction. */
  async releaseDue(at: string): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const due = await trx.selectFrom('renditions')
        .innerJoin('documents', (j) => j.onRef('documents.document_id', '=', 'renditions.document_id').onRef('documents.latest_hash', '=', 'renditions.hash'))
        .innerJoin('revisions', (j) => j.onRef('revisions.document_id', '=', 'renditions.document_id').onRef('revisions.hash', '=', 'renditions.hash'))
        .select(['renditions.id', 'renditions.document_id'])
        .where('renditions.status', '=', 'ready').where('documents.withdrawn_at', 'is', null)
        .where('revisions.go_live_at', '<=', at)
        .execute();
      for (const row of due) await switchLive(trx, row.id);
      return [...new Set(due.map((r) => r.document_id))];
    });
  }

  /** Takes a document off every channel (or the given ones); operators see removals in `changes`. */
  async withdraw(documentId: string, channels?: string[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('live').selectAll().where('document_id', '=', documentId);
      if (channels) query = query.where('channel', 'in', channels.length ? channels : ['-']);
      const live = await query.execute();
      const at = now();
      for (const row of live) {
        await trx.deleteFrom('live').where('channel', '=', row.channel).where('document_id', '=', documentId).execute();
        await trx.deleteFrom('listings').where('channel', '=', row.channel).where('document_id', '=', documentId).execute();
        await trx.updateTable('renditions').set({ status: 'withdrawn', updated_at: at }).where('id', '=', row.rendition_id).execute();
        await trx.insertInto('changes').values({ channel: row.channel, document_id: documentId, hash: null, kind: 'remove', at }).execute();
      }
      if (!channels) {
        // Once: a second withdrawal (the reconciler after the webhook, a repeated webhook) keeps the first one's time,
        // which names the channels it took the document off (their renditions carry the same time).
        await trx.updateTable('documents').set({ withdrawn_at: at, latest_hash: null, updated_at: at })
          .where('document_id', '=', documentId).where('withdrawn_at', 'is', null).execute();
        await trx.updateTable('renditions').set({ status: 'superseded', updated_at: at })
          .where('document_id', '=', documentId).where('status', 'in', ['queued', 'rendering', 'ready']).execute();
      }
      return live.length;
    });
  }
}

/** Makes one rendition the live one for its channel, if its revision is still the latest. */
async function switchLive(trx: Db, renditionId: number): Promise<boolean> {
  const rendition = await trx.selectFrom('renditions').selectAll().where('id', '=', renditionId).executeTakeFirstOrThrow();
  const doc = await trx.selectFrom('documents').selectAll().where('document_id', '=', rendition.document_id).executeTakeFirst();
  if (!doc || doc.withdrawn_at || doc.latest_hash !== rendition.hash) {
    await trx.updateTable('renditions').set({ status: 'superseded', updated_at: now() }).where('id', '=', renditionId).execute();
    return false;
  }
  const at = now();
  const publishedAt = doc.first_published_at ?? at;
  if (!doc.first_published_at) {
    await trx.updateTable('documents').set({ first_published_at: at }).where('document_id', '=', doc.document_id).execute();
  }
  const previous = await trx.selectFrom('live').select('rendition_id')
    .where('channel', '=', rendition.channel).where('document_id', '=', rendition.document_id).executeTakeFirst();
  if (previous) {
    await trx.updateTable('renditions').set({ status: 'superseded', updated_at: at }).where('id', '=', previous.rendition_id).execute();
  }
  const liveRow = { rendition_id: renditionId, hash: rendition.hash, title: doc.title, updated_at: at };
  await trx.insertInto('live')
    .values({ channel: rendition.channel, document_id: rendition.document_id, published_at: publishedAt, ...liveRow })
    .onConflict((oc) => oc.columns(['channel', 'document_id']).doUpdateSet(liveRow))
    .execute();
  await trx.deleteFrom('listings').where('channel', '=', rendition.channel).where('document_id', '=', rendition.document_id).execute();
  const listings: Listing[] = rendition.listings ? JSON.parse(rendition.listings) : [];
  if (listings.length > 0) {
    await trx.insertInto('listings')
      .values(listings.map((l) => ({ channel: rendition.channel, site: l.site, site_name: l.siteName, col: l.column, document_id: rendition.document_id, sort_at: publishedAt })))
      .execute();
  }
  // Latency from the author's publish in the CMS (its updatedAt) to this channel being live.
  const latency = doc.source_version ? Math.max(0, Date.parse(at) - Date.parse(doc.source_version)) : null;
  await trx.updateTable('renditions').set({ status: 'live', live_at: at, latency_ms: latency, updated_at: at }).where('id', '=', renditionId).execute();
  await trx.insertInto('changes').values({ channel: rendition.channel, document_id: rendition.document_id, hash: rendition.hash, kind: 'upsert', at }).execute();
  return true;
}

import type { DocumentKind } from '../domain/document';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Queues } from '../pipeline/queues';
import { releaseDueRevisions } from '../pipeline/release';
import type { PublicationStore } from '../store/publications';
import type { PublicationQueries } from '../store/queries';
import { readPublished, type PublishedView, type Seen } from './published-view';
import type { ReconcileLease } from './reconcile-lease';
import type { StrapiClient } from './strapi-client';

export type ReconcilerDeps = Parameters<typeof releaseDueRevisions>[0] & {
  config: Pick<Config, 'RECONCILE_INTERVAL_MS' | 'RECONCILE_FULL_INTERVAL_MS' | 'RECONCILE_MARGIN_MS'>;
  logger: Logger; strapi: Pick<StrapiClient, 'countPublished' | 'listPublished'>; queries: PublicationQueries; queues: Queues; store: PublicationStore;
  reconcileLease: ReconcileLease;
};

type Known = Awaited<ReturnType<PublicationQueries['knownDocuments']>>[number];

/**
 * Compares what the CMS has published with the store, so a lost webhook, a publisher that was
 * down, or a Redis that lost its jobs costs seconds, not a publication. Every RECONCILE_INTERVAL_MS
 * a round reads only what changed since the last one (published-view.ts) and the documents still
 * on their way; at start, hourly (RECONCILE_FULL_INTERVAL_MS) and when a count disagrees it compares
 * everything. Only the holder of the lease reconciles; if the CMS is down it says so once and tries
 * again next time.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private cmsDown = false;
  private redisDown = false;
  private refetchAll = false;
  /** What the CMS had published at the last round; null until this process's term starts with a full comparison. */
  private view: PublishedView | null = null;
  private term = 0;
  private lastFull = 0;
  /** Documents seen changed that the store does not have as published yet: looked at each round until it does. */
  private pending = new Map<string, Seen & { kind: DocumentKind }>();

  constructor(private readonly services: ReconcilerDeps) {}

  start(): void {
    const tick = () => {
      const run = this.runOnce().catch((error) => this.services.logger.error({ err: (error as Error).message }, '对账失败'));
      this.running = run;
      void run.finally(() => {
        if (this.timer !== null) this.timer = setTimeout(tick, this.services.config.RECONCILE_INTERVAL_MS);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.services.reconcileLease.release()
      .catch((error) => this.services.logger.warn({ err: (error as Error).message }, '未能交还对账租约：其他进程在租约到期后接手'));
  }

  /** A department, site or tag changed: every document is re-read (unchanged hashes cost nothing), by whichever process reconciles. */
  requestRefetchAll(): void {
    this.services.reconcileLease.requestRefetchAll().catch((error) => {
      this.services.logger.warn({ err: (error as Error).message }, 'Redis 不可用：本进程对账时将重新读取全部文档');
      this.refetchAll = true;
    });
  }

  /** One round, if this process holds the lease (null: another process reconciles). */
  async runOnce(): Promise<{ enqueued: number; replanned: number; full: boolean } | null> {
    const { reconcileLease: lease, config, logger } = this.services;
    let holding: boolean;
    try {
      holding = await lease.hold();
      if (this.redisDown) logger.info('Redis 已恢复，继续对账');
      this.redisDown = false;
    } catch (error) { // nothing can be queued meanwhile either: said once, tried again next round
      if (!this.redisDown) logger.warn({ err: (error as Error).message }, 'Redis 暂时无法访问：对账暂停，恢复后继续');
      this.redisDown = true;
      holding = false;
    }
    if (!holding) {
      this.view = null; // if this process takes over later, it starts by comparing everything
      return null;
    }
    if (lease.term !== this.term) [this.term, this.view] = [lease.term, null];
    const refetch = this.refetchAll || (await lease.takeRefetchAll());
    this.refetchAll = false;
    const full = refetch || this.view === null || Date.now() - this.lastFull >= config.RECONCILE_FULL_INTERVAL_MS;
    const started = Date.now();
    let round: Awaited<ReturnType<typeof readPublished>>;
    try {
      round = await readPublished(this.services.strapi, full ? null : this.view, config.RECONCILE_MARGIN_MS);
      if (this.cmsDown) logger.info('CMS 已恢复，继续对账');
      this.cmsDown = false;
    } catch (error) {
      if (!this.cmsDown) logger.warn({ err: (error as Error).message }, 'CMS 暂时无法访问：已发布内容保持在线，恢复后自动补发');
      this.cmsDown = true;
      this.refetchAll ||= refetch;
      return { enqueued: 0, replanned: 0, full };
    }
    if (!lease.held) { // the CMS took longer than the lease: another process may be acting now
      this.view = null;
      return null;
    }
    const enqueued = await this.compare(round, refetch).catch((error: unknown) => {
      this.refetchAll ||= refetch; // asked once: kept for the next round
      throw error;
    });
    this.view = round.view;
    if (full) this.lastFull = started;
    const replanned = await this.replanLostJobs();
    await releaseDueRevisions(this.services);
    if (enqueued + replanned > 0) logger.info({ enqueued, replanned, full }, '对账：已补发遗漏的发布');
    return { enqueued, replanned, full };
  }

  /** Queues an ingest for what the store does not have as the CMS publishes it, and a withdrawal for what the CMS no longer has. */
  private async compare(round: Awaited<ReturnType<typeof readPublished>>, refetch: boolean): Promise<number> {
    const { queries, queues } = this.services;
    const listedKinds = round.kinds.filter((k) => k.complete).map((k) => k.kind);
    const seen = new Map<string, Seen & { kind: DocumentKind }>();
    for (const [documentId, entry] of this.pending) if (round.view.get(entry.kind)?.ids.has(documentId)) seen.set(documentId, entry);
    for (const { kind, documents } of round.kinds) for (const [documentId, updatedAt] of documents) seen.set(documentId, { kind, updatedAt });
    // Everything the store has when a kind was listed whole (to find what is gone); else only what was seen.
    const known = new Map((listedKinds.length ? await queries.knownDocuments() : await queries.knownDocumentsById([...seen.keys()])).map((d) => [d.document_id, d]));
    let enqueued = 0;
    const pending = new Map<string, Seen & { kind: DocumentKind }>();
    for (const [documentId, { kind, updatedAt }] of seen) {
      const current = isCurrent(known.get(documentId), updatedAt);
      if (!current) pending.set(documentId, { kind, updatedAt });
      if (current && !refetch) continue;
      // A document the store already has as published is only read again for a reference change: background work.
      await queues.enqueueIngest(kind, documentId, refetch ? `${updatedAt}.r${Date.now()}` : updatedAt, current ? 'refetch' : 'reconcile');
      enqueued += 1;
    }
    for (const record of known.values()) {
      const kind = record.kind as DocumentKind;
      if (record.withdrawn_at || !listedKinds.includes(kind) || round.view.get(kind)?.ids.has(record.document_id)) continue;
      await queues.enqueueIngest(kind, record.document_id, `gone.${record.source_version ?? ''}`, 'reconcile');
      enqueued += 1;
    }
    this.pending = pending;
    return enqueued;
  }

  /** Renditions waiting for a render job that Redis no longer has (flushed, restarted). */
  private async replanLostJobs(): Promise<number> {
    const { queries, queues } = this.services;
    const stale = new Date(Date.now() - 15_000).toISOString();
    const byRevision = new Map<string, { documentId: string; hash: string; channels: string[] }>();
    for (const row of await queries.unsettled(stale)) {
      const job = row.job_id ? await queues.renderJob(row.channel, row.job_id) : undefined;
      if (job && !(await job.isFailed()) && !(await job.isCompleted())) continue;
      const key = `${row.document_id}.${row.hash}`;
      const entry = byRevision.get(key) ?? { documentId: row.document_id, hash: row.hash, channels: [] };
      entry.channels.push(row.channel);
      byRevision.set(key, entry);
    }
    let replanned = 0;
    for (const { documentId, hash, channels } of byRevision.values()) {
      const requeued = await this.services.store.requeueLost(documentId, hash, channels, stale);
      if (requeued.length === 0) continue; // its job finished after all, in the moment between the two looks
      const renditions = (await queries.renditionsOf(documentId, hash)).filter((r) => requeued.includes(r.channel));
      const jobs = await queues.enqueueRevision(documentId, hash, renditions);
      await this.services.store.attachJobs(documentId, hash, jobs);
      replanned += 1;
    }
    return replanned;
  }
}

const isCurrent = (record: Known | undefined, updatedAt: string) => Boolean(record && !record.withdrawn_at && record.source_version === updatedAt);

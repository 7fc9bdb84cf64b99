import type { DocumentKind } from '../domain/document';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Queues } from '../pipeline/queues';
import { releaseDueRevisions } from '../pipeline/release';
import type { PublicationStore } from '../store/publications';
import type { PublicationQueries } from '../store/queries';
import type { StrapiClient } from './strapi-client';

export type ReconcilerDeps = Parameters<typeof releaseDueRevisions>[0] & {
  config: Pick<Config, 'RECONCILE_INTERVAL_MS'>; logger: Logger; strapi: StrapiClient; queries: PublicationQueries; queues: Queues; store: PublicationStore;
};

const KINDS: DocumentKind[] = ['policy-document', 'interpretation', 'event'];

/**
 * Compares what the CMS has published with the store, so a lost webhook, a publisher that was
 * down, or a Redis that lost its jobs costs seconds, not a publication. Runs at start and every
 * RECONCILE_INTERVAL_MS; if the CMS is down it says so once and tries again next time.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private cmsDown = false;
  private refetchAll = false;

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
  }

  /** A department, site or tag changed: every document is re-read (unchanged hashes cost nothing). */
  requestRefetchAll(): void {
    this.refetchAll = true;
  }

  async runOnce(): Promise<{ enqueued: number; replanned: number }> {
    const { strapi, queries, queues, logger } = this.services;
    let published: Map<string, { kind: DocumentKind; updatedAt: string }>;
    try {
      published = new Map();
      for (const kind of KINDS) {
        for (const d of await strapi.listPublished(kind)) published.set(d.documentId, { kind, updatedAt: d.updatedAt });
      }
      if (this.cmsDown) logger.info('CMS 已恢复，继续对账');
      this.cmsDown = false;
    } catch (error) {
      if (!this.cmsDown) logger.warn({ err: (error as Error).message }, 'CMS 暂时无法访问：已发布内容保持在线，恢复后自动补发');
      this.cmsDown = true;
      return { enqueued: 0, replanned: 0 };
    }
    const refetch = this.refetchAll;
    this.refetchAll = false;
    const known = new Map((await queries.knownDocuments()).map((d) => [d.document_id, d]));
    let enqueued = 0;
    for (const [documentId, { kind, updatedAt }] of published) {
      const record = known.get(documentId);
      const current = record && !record.withdrawn_at && record.source_version === updatedAt;
      if (current && !refetch) continue;
      await queues.enqueueIngest(kind, documentId, refetch ? `${updatedAt}.r${Date.now()}` : updatedAt, 'reconcile');
      enqueued += 1;
    }
    for (const [documentId, record] of known) {
      if (record.withdrawn_at || published.has(documentId)) continue;
      await queues.enqueueIngest(record.kind as DocumentKind, documentId, `gone.${record.source_version ?? ''}`, 'reconcile');
      enqueued += 1;
    }
    const replanned = await this.replanLostJobs();
    await releaseDueRevisions(this.services);
    if (enqueued + replanned > 0) logger.info({ enqueued, replanned }, '对账：已补发遗漏的发布');
    return { enqueued, replanned };
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
    for (const { documentId, hash, channels } of byRevision.values()) {
      await this.services.store.requeue(documentId, hash, channels);
      const renditions = (await queries.renditionsOf(documentId, hash)).filter((r) => channels.includes(r.channel));
      const jobs = await queues.enqueueRevision(documentId, hash, renditions);
      await this.services.store.attachJobs(documentId, hash, jobs);
    }
    return byRevision.size;
  }
}

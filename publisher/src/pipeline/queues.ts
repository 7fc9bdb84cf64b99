import { FlowProducer, Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { channelFor, SWEEP, type ChannelCode } from '@tongyuan/channels';
import type { Config } from '../config';
import type { DocumentKind } from '../domain/document';

/**
 * BullMQ queues: `ingest` (fetch a document from the CMS and plan it), `publish` (one parent per
 * revision) with `render` children (one per channel), `release` (delayed go-live) and `reels`
 * (rebuild the cinema reels after a cinema change, and every minute for the date), `policy-push`
 * (compare subscribers' matching items with what they were told), `policy-delivery` (one
 * webhook POST per event, retried) and `follow-up` (a channel's afterLive hook, one job name per channel). Redis holds
 * only this work list; the store can rebuild it.
 */
/** How long after a worker starts the first scheduled inspection runs (the status page's button runs one at once). */
export const INSPECTION_FIRST_RUN_MS = 5 * 60_000;
export const QUEUE_NAMES = { ingest: 'ingest', publish: 'publish', render: 'render', renderVideo: 'render-video', release: 'release', reels: 'reels', policyPush: 'policy-push', policyDelivery: 'policy-delivery', questions: 'questions', inspection: 'inspection', followUp: 'follow-up' } as const;

/** Video renders queue apart from the rest (see Channel.workload). */
export const renderQueueOf = (channel: string) => (channelFor(channel as ChannelCode)?.workload === 'video' ? QUEUE_NAMES.renderVideo : QUEUE_NAMES.render);

export interface IngestJob {
  kind: DocumentKind;
  documentId: string;
  /** `refetch` and `republish` are background work (BACKGROUND_PRIORITY), as are the renders they plan. */
  reason: string;
  /** An administrator's republish: render again even when nothing changed, only these channels, recorded as by whom. */
  republish?: { channels?: string[]; publishedBy: string };
}
export interface PublishJob { documentId: string; hash: string }

/**
 * Re-reading every document after a reference change (a tag or a department renamed) or an administrator's republish
 * queues an ingest per document: 40,000 at 20,000 interpretations, some 20 minutes of the CMS's reads. BullMQ takes
 * jobs without a priority before any with one, so these and the renders they plan wait behind a clerk's publish
 * instead of making it wait behind them.
 */
export const BACKGROUND_PRIORITY = 10;
export const isBackgroundIngest = (job: Pick<IngestJob, 'reason'>) => job.reason === 'refetch' || job.reason === 'republish';
export interface RenderJob { documentId: string; channel: string; hash: string }
export interface ReleaseJob { documentId: string; hash: string }
export interface PolicyDeliveryJob { eventId: number }
/** `deliver` hands one question to the CMS; `sweep` delivers what waits, copies answers back and flags overdue ones. */
export interface QuestionJob { receipt?: string }
/** A channel's follow-up (its afterLive hook) after what is live on it changed. */
export interface FollowUpJob { channel: string; reason: string }

// BullMQ job ids may not contain ':'; these name what a job is, so duplicates collapse.
const short = (hash: string) => hash.slice(0, 16);
export const jobIds = {
  ingest: (kind: string, documentId: string, version: string) => `ingest.${kind}.${documentId}.${version.replace(/[^0-9A-Za-z]/g, '')}`,
  publish: (documentId: string, hash: string) => `publish.${documentId}.${short(hash)}`,
  render: (documentId: string, channel: string, hash: string) => `render.${documentId}.${channel}.${short(hash)}`,
  release: (documentId: string, hash: string) => `release.${documentId}.${short(hash)}`,
};

export function redisConnection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password || undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    // BullMQ workers block on Redis; never give up on a command while Redis restarts.
    maxRetriesPerRequest: null,
  };
}

export class Queues {
  readonly ingest: Queue<IngestJob>;
  readonly publish: Queue<PublishJob>;
  readonly render: Queue<RenderJob>;
  readonly renderVideo: Queue<RenderJob>;
  readonly release: Queue<ReleaseJob>;
  readonly reels: Queue<{ reason: string }>;
  readonly policyPush: Queue<{ reason: string }>;
  readonly policyDelivery: Queue<PolicyDeliveryJob>;
  readonly questions: Queue<QuestionJob>;
  readonly inspection: Queue<{ reason: string }>;
  readonly followUp: Queue<FollowUpJob>;
  readonly flows: FlowProducer;

  constructor(readonly config: Config) {
    const connection = redisConnection(config.REDIS_URL);
    const opts = { connection, prefix: config.QUEUE_PREFIX };
    this.ingest = new Queue(QUEUE_NAMES.ingest, opts);
    this.publish = new Queue(QUEUE_NAMES.publish, opts);
    this.render = new Queue(QUEUE_NAMES.render, opts);
    this.renderVideo = new Queue(QUEUE_NAMES.renderVideo, opts);
    this.release = new Queue(QUEUE_NAMES.release, opts);
    this.reels = new Queue(QUEUE_NAMES.reels, opts);
    this.policyPush = new Queue(QUEUE_NAMES.policyPush, opts);
    this.policyDelivery = new Queue(QUEUE_NAMES.policyDelivery, opts);
    this.questions = new Queue(QUEUE_NAMES.questions, opts);
    this.inspection = new Queue(QUEUE_NAMES.inspection, opts);
    this.followUp = new Queue(QUEUE_NAMES.followUp, opts);
    this.flows = new FlowProducer(opts);
  }

  /** Every queue, in the order operators read them on the queue board. */
  all(): Queue[] {
    return [this.ingest, this.publish, this.render, this.renderVideo, this.release, this.followUp, this.reels, this.policyPush, this.policyDelivery, this.questions, this.inspection];
  }

  /** Retries with exponential backoff; finished jobs are kept a while so duplicate ids collapse. */
  retrying(): JobsOptions {
    return {
      attempts: this.config.JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.JOB_BACKOFF_MS },
      removeOnComplete: { age: 3600, count: 5000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /** A deduplicated request (reels, follow-ups, push): three tries, nothing kept once done — the next request is a new job. */
  private onceRetried(): JobsOptions {
    return { attempts: 3, backoff: { type: 'exponential', delay: this.config.JOB_BACKOFF_MS }, removeOnComplete: true, removeOnFail: true };
  }

  /** Same document and version, same job; a failed one (CMS down too long, worker crash loop) is retried, not ignored. */
  async enqueueIngest(kind: DocumentKind, documentId: string, version: string, reason: string): Promise<void> {
    const jobId = jobIds.ingest(kind, documentId, version);
    const existing = await this.ingest.getJob(jobId);
    if (existing && (await existing.isFailed())) {
      await existing.retry();
      return;
    }
    const background = isBackgroundIngest({ reason });
    await this.ingest.add('ingest', { kind, documentId, reason }, { ...this.retrying(), jobId, ...(background ? { priority: BACKGROUND_PRIORITY } : {}) });
  }

  /** Every document read again and rendered again (one ingest job each, in bulk; the batch makes the ids new). */
  async enqueueRepublish(documents: Array<{ kind: DocumentKind; documentId: string }>, batch: string, republish: NonNullable<IngestJob['republish']>): Promise<void> {
    for (let i = 0; i < documents.length; i += 500) {
      await this.ingest.addBulk(documents.slice(i, i + 500).map(({ kind, documentId }) => ({
        name: 'ingest',
        data: { kind, documentId, reason: 'republish', republish },
        opts: { ...this.retrying(), jobId: `republish.${batch}.${kind}.${documentId}`, priority: BACKGROUND_PRIORITY },
      })));
    }
  }

  /** One flow per revision: a parent and one render child per channel; a failing child never blocks the others. */
  async enqueueRevision(documentId: string, hash: string, renditions: Array<{ channel: string; generation: number }>, options: { background?: boolean } = {}): Promise<Record<string, string>> {
    if (renditions.length === 0) return {};
    // A rendition planned again needs new job ids: the finished jobs of its first render may still be stored.
    const id = (base: string, generation: number) => (generation > 0 ? `${base}.g${generation}` : base);
    const latest = Math.max(...renditions.map((r) => r.generation));
    await this.flows.add({
      name: 'publish',
      queueName: QUEUE_NAMES.publish,
      data: { documentId, hash },
      opts: { jobId: id(jobIds.publish(documentId, hash), latest), removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
      children: renditions.map(({ channel, generation }) => ({
        name: 'render',
        queueName: renderQueueOf(channel),
        data: { documentId, channel, hash },
        opts: { ...this.retrying(), jobId: id(jobIds.render(documentId, channel, hash), generation), ignoreDependencyOnFailure: true, ...(options.background ? { priority: BACKGROUND_PRIORITY } : {}) },
      })),
    });
    return Object.fromEntries(renditions.map(({ channel, generation }) => [channel, id(jobIds.render(documentId, channel, hash), generation)]));
  }

  /** A render job by id, in whichever render queue its channel uses. */
  async renderJob(channel: string, jobId: string) {
    return (renderQueueOf(channel) === QUEUE_NAMES.renderVideo ? this.renderVideo : this.render).getJob(jobId);
  }

  async scheduleRelease(documentId: string, hash: string, at: string): Promise<void> {
    const delay = Math.max(0, Date.parse(at) - Date.now());
    await this.release.add('release', { documentId, hash }, { ...this.retrying(), delay, jobId: jobIds.release(documentId, hash) });
  }

  /**
   * The reels' run (validity announcements, then every channel's follow-up): at most one waiting and one running
   * (BullMQ deduplication). A request made while one runs is kept and runs after it — with a fixed job id it was
   * dropped, so a clerk lifting an end date during a run was announced only by the next minute's sweep.
   */
  async requestReels(reason: string): Promise<void> {
    await this.reels.add('rebuild', { reason }, { deduplication: { id: 'reels-rebuild', keepLastIfActive: true }, ...this.onceRetried() });
  }

  /**
   * A channel's follow-up: at most one waiting and one running per channel (BullMQ deduplication). Requests collapse
   * while one waits; one made while it runs is kept and runs after it, so a change during a run is never lost.
   */
  async requestFollowUp(channel: string, reason: string): Promise<void> {
    await this.followUp.add(channel, { channel, reason }, {
      deduplication: { id: `follow-up.${channel}`, keepLastIfActive: true }, ...this.onceRetried(),
    });
  }

  /** The sweep: new day, expired basis documents, and any request lost in a race. */
  async scheduleReelSweep(): Promise<void> {
    await this.reels.upsertJobScheduler('reels-sweep', { every: 60_000 }, { name: 'sweep', data: { reason: SWEEP }, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  /** Like the reels: one push waiting and one running; a document unpublished during a run is pushed right after it. */
  async requestPolicyPush(reason: string): Promise<void> {
    await this.policyPush.add('push', { reason }, { deduplication: { id: 'policy-push', keepLastIfActive: true }, ...this.onceRetried() });
  }

  /** Validity ends with the day, not with a change: a sweep every ten minutes announces expiries (and retries a lost request). */
  async schedulePolicyPushSweep(): Promise<void> {
    await this.policyPush.upsertJobScheduler('policy-push-sweep', { every: 600_000 }, { name: 'sweep', data: { reason: 'sweep' }, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  /** One job per event (the id names it, so an event waiting or retrying is not queued twice). */
  async enqueuePolicyDeliveries(events: Array<{ id: number; subscriptionId: string }>): Promise<void> {
    if (events.length === 0) return;
    await this.policyDelivery.addBulk(events.map(({ id, subscriptionId }) => ({
      name: 'deliver', data: { eventId: id },
      opts: {
        jobId: `deliver.${subscriptionId}.${id}`, attempts: this.config.PUSH_ATTEMPTS, backoff: { type: 'exponential', delay: this.config.PUSH_BACKOFF_MS },
        removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 24 * 3600 },
      },
    })));
  }

  /** One job per question (the receipt names it); retried for about an hour, then the sweep keeps trying. */
  async enqueueQuestionDelivery(receipt: string): Promise<void> {
    await this.questions.add('deliver', { receipt }, {
      jobId: `question.${receipt}`, attempts: 8, backoff: { type: 'exponential', delay: Math.max(this.config.JOB_BACKOFF_MS, 1000) },
      removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /** A CMS change to a question (an answer) is copied back at once rather than at the next sweep. */
  async requestQuestionSweep(): Promise<void> {
    // One waiting and one running: an answer saved while a sweep runs is copied by the next, not at the next interval.
    await this.questions.add('sweep', {}, { deduplication: { id: 'questions-sweep-now', keepLastIfActive: true }, removeOnComplete: true, removeOnFail: true });
  }

  async scheduleQuestionSweep(): Promise<void> {
    await this.questions.upsertJobScheduler('questions-sweep', { every: this.config.QUESTION_SWEEP_MS }, { name: 'sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  async scheduleInspection(): Promise<void> {
    // The first run a few minutes after start (staff see findings the same morning), not at once:
    // a worker restarting in a loop must not crawl every site each time.
    const first = Math.min(INSPECTION_FIRST_RUN_MS, this.config.INSPECTION_INTERVAL_MS);
    await this.inspection.upsertJobScheduler('inspection', { every: this.config.INSPECTION_INTERVAL_MS, startDate: new Date(Date.now() + first) }, { name: 'inspect', data: { reason: 'schedule' }, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  /**
   * The live renditions checked against the norms dictionary: whenever what is live changes, on the
   * minute's sweep, and at once when the office changes the dictionary. Deduplicated so at most one
   * scan runs and one waits, whichever worker process asks (requests while one runs collapse into the next).
   */
  async requestWordingScan(reason: string): Promise<void> {
    // A dictionary change has its own: a waiting ordinary scan would swallow it, and only it reads the dictionary afresh.
    const id = reason === 'norms' ? 'wording-scan-norms' : 'wording-scan';
    await this.inspection.add('scan-wording', { reason }, { deduplication: { id, keepLastIfActive: true }, removeOnComplete: true, removeOnFail: 100 });
  }

  async requestInspection(reason: string): Promise<void> {
    await this.inspection.add('inspect', { reason }, { deduplication: { id: 'inspection-now', keepLastIfActive: true }, removeOnComplete: true, removeOnFail: true });
  }

  async close(): Promise<void> {
    await Promise.all([...this.all().map((q) => q.close()), this.flows.close()]);
  }
}

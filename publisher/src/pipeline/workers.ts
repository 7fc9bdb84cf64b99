import { SWEEP } from '@tongyuan/channels';
import { Worker, type Job } from 'bullmq';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { publishRevision } from './publish-revision';
import { deliverPolicyEvent } from './deliver-policy-event';
import { pushPolicies } from './push-policies';
import { requestFollowUps, runFollowUp } from './follow-up';
import { isBackgroundIngest, QUEUE_NAMES, redisConnection, type FollowUpJob, type IngestJob, type PolicyDeliveryJob, type PublishJob, type QuestionJob, type ReleaseJob, type RenderJob } from './queues';
import { announceValidityChanges } from '../policies/announce-validity';
import { renarrateSilentVideos } from './renarrate';
import { releaseDueRevisions } from './release';
import { renderRendition } from './render-rendition';
import { deliverQuestion, sweepQuestions } from '../questions/question-sync';
import { inspectChannels } from '../inspection/inspect-channels';
import { scanLiveWording } from '../norms/live-scan';

/** What the worker's jobs use: the union of what each operation declares. */
export type WorkerDeps = Parameters<typeof publishRevision>[0] & Parameters<typeof renderRendition>[0] & Parameters<typeof releaseDueRevisions>[0]
  & Parameters<typeof renarrateSilentVideos>[0] & Parameters<typeof announceValidityChanges>[0] & Parameters<typeof runFollowUp>[0]
  & Parameters<typeof pushPolicies>[0] & Parameters<typeof deliverPolicyEvent>[0] & Parameters<typeof deliverQuestion>[0]
  & Parameters<typeof sweepQuestions>[0] & Parameters<typeof inspectChannels>[0] & Parameters<typeof scanLiveWording>[0] & {
    config: Pick<Config, 'REDIS_URL' | 'QUEUE_PREFIX' | 'JOB_LOCK_MS' | 'WORKER_CONCURRENCY' | 'VIDEO_CONCURRENCY'>;
    logger: Logger;
  };

/**
 * Thin job processors: each calls one operation. Render jobs run `concurrency` at a time; a job
 * whose worker dies is picked up again after its lock expires (BullMQ's stalled-job check).
 */
export function startWorkers(services: WorkerDeps): Worker[] {
  const { config, logger } = services;
  // A dead worker's jobs are taken over once their lock expires (checked every lock period).
  const common = {
    connection: redisConnection(config.REDIS_URL), prefix: config.QUEUE_PREFIX,
    lockDuration: config.JOB_LOCK_MS, stalledInterval: config.JOB_LOCK_MS, maxStalledCount: 2,
  };
  const render = async (job: Job<RenderJob>) =>
    renderRendition(services, job.data.documentId, job.data.channel, job.data.hash, {
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      updateProgress: (p) => job.updateProgress(p),
    });
  const workers = [
    new Worker<IngestJob>(QUEUE_NAMES.ingest, async (job) => ingest(services, job), { ...common, concurrency: 4 }),
    new Worker<RenderJob>(QUEUE_NAMES.render, render, { ...common, concurrency: config.WORKER_CONCURRENCY }),
    new Worker<RenderJob>(QUEUE_NAMES.renderVideo, render, { ...common, concurrency: config.VIDEO_CONCURRENCY }),
    // The parent of a revision's flow finishes when every channel has; it reports the outcome.
    new Worker<PublishJob>(QUEUE_NAMES.publish, async (job) => {
      const results = await job.getChildrenValues();
      return { documentId: job.data.documentId, channels: Object.values(results) };
    }, common),
    new Worker<ReleaseJob>(QUEUE_NAMES.release, async () => releaseDueRevisions(services), common),
    new Worker<{ reason: string }>(QUEUE_NAMES.reels, async (job) => {
      // The minute's sweep also heals silent videos once a speech engine works again.
      if (job.data.reason === SWEEP) await renarrateSilentVideos(services);
      // Validity follows the day and policy documents' dates, as the reels do: a change is a change row on every channel.
      await announceValidityChanges(services);
      // Then every channel's follow-up (the cinema's reels for the date and any ended basis document).
      await requestFollowUps(services, job.data.reason);
      return 'swept';
    }, { ...common, concurrency: 1 }),
    // Channels' afterLive hooks (the cinema's reels, subscribers' pushes), one at a time.
    new Worker<FollowUpJob>(QUEUE_NAMES.followUp, async (job) => runFollowUp(services, job.data.channel, job.data.reason), { ...common, concurrency: 1 }),
    new Worker<{ reason: string }>(QUEUE_NAMES.policyPush, async () => pushPolicies(services), { ...common, concurrency: 1 }),
    new Worker<PolicyDeliveryJob>(QUEUE_NAMES.policyDelivery, async (job) => deliverPolicyEvent(services, job.data.eventId, {
      attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1,
    }), { ...common, concurrency: 4 }),
    new Worker<QuestionJob>(QUEUE_NAMES.questions, async (job) => (job.name === 'deliver' && job.data.receipt
      ? deliverQuestion(services, job.data.receipt)
      : sweepQuestions(services)), { ...common, concurrency: 2 }),
    // One job at a time on this queue: the wording scan (live renditions against the norms dictionary), and the
    // inspection, which scans what is new first so its 严重表述错误 are what the channels show now.
    new Worker<{ reason: string }>(QUEUE_NAMES.inspection, async (job) => {
      // A scan after a change reads what changed; the minute's sweep and a dictionary change compare everything.
      if (job.name === 'scan-wording') return scanLiveWording(services, { fresh: job.data.reason === 'norms', full: job.data.reason === SWEEP || job.data.reason === 'norms' });
      await scanLiveWording(services, { fresh: true, full: true });
      return inspectChannels(services);
    }, { ...common, concurrency: 1, lockDuration: Math.max(config.JOB_LOCK_MS, 120_000) }),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, err) => logger.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, '任务失败'));
    worker.on('error', (err) => logger.error({ queue: worker.name, err: err.message }, '队列连接出错'));
  }
  return workers;
}

async function ingest(services: Parameters<typeof publishRevision>[0], job: Job<IngestJob>) {
  const { republish } = job.data;
  return publishRevision(services, job.data.kind, job.data.documentId, {
    background: isBackgroundIngest(job.data), ...(republish ? { force: true, onlyChannels: republish.channels, publishedBy: republish.publishedBy } : {}),
  });
}

import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { channelFor, chinaDayOf, findSpeech, RenditionRefused, validUntil, type AnyChannel, type MediaContext, type PublishedDocument, type RenderCache, type RenderContext } from '@tongyuan/channels';
import { UnrecoverableError } from 'bullmq';
import type { Config } from '../config';
import { PublisherError } from '../errors';
import type { StrapiClient } from '../ingest/strapi-client';
import type { Logger } from '../logger';
import { markValidityAtLive } from '../policies/announce-validity';
import type { ArtifactStore } from '../store/artifacts';
import type { PublicationStore } from '../store/publications';
import type { PublicationQueries } from '../store/queries';
import { requestFollowUps } from './follow-up';
import type { Queues } from './queues';

export interface RenderJobControl {
  attempt: number;
  maxAttempts: number;
  updateProgress(percent: number): Promise<void>;
}

/** What rendering uses: the revision and its rendition in the store, the file store, the media tools' settings, the channels. */
export type RenderDeps = Parameters<typeof markValidityAtLive>[0] & {
  store: Pick<PublicationStore, 'failRendition' | 'markRendering' | 'completeRendition' | 'waitForStorage'>;
  queries: Pick<PublicationQueries, 'renditionsOf' | 'revisionBody'>;
  artifacts: Pick<ArtifactStore, 'put' | 'putFile'>;
  queues: Pick<Queues, 'scheduleRelease' | 'requestReels' | 'requestFollowUp' | 'requestWordingScan'>;
  config: Pick<Config, 'PUBLIC_URL' | 'MEDIA_CACHE_DIR' | 'SPEECH_ENGINE' | 'FFMPEG_TIMEOUT_MS'>;
  logger: Logger;
  renderCache: RenderCache;
  strapi: Pick<StrapiClient, 'fetchMedia'>;
  channels: AnyChannel[];
};

/**
 * Renders one channel of one revision and stores it; it goes live at once unless the revision
 * has a go-live time in the future. Content a channel cannot render fails without retries
 * (UnrecoverableError) and with a reason an author can act on.
 */
export async function renderRendition(deps: RenderDeps, documentId: string, channelCode: string, hash: string, job: RenderJobControl) {
  const { store, queries, artifacts, queues, config, logger } = deps;
  const rendition = await queries.renditionsOf(documentId, hash).then((rows) => rows.find((r) => r.channel === channelCode));
  if (!rendition || ['live', 'ready', 'superseded', 'withdrawn'].includes(rendition.status)) return rendition?.status ?? 'missing';
  // A channel this worker was not configured for still renders what was planned (CHANNELS may differ between processes).
  const channel = deps.channels.find((c) => c.code === channelCode) ?? channelFor(channelCode);
  const revision = await queries.revisionBody(documentId, hash);
  const body = revision?.body as PublishedDocument | undefined;
  if (!channel || !body || !revision) {
    const reason = !channel ? `渠道“${channelCode}”尚未上线` : '找不到该版本的内容';
    await store.failRendition(rendition.id, 'CHANNEL_UNAVAILABLE', reason);
    throw new UnrecoverableError(reason);
  }
  await store.markRendering(rendition.id, 0, job.attempt);
  const started = Date.now();
  let workDir: string | null = null;
  const ctx: RenderContext = {
    publicUrl: config.PUBLIC_URL,
    revisedOn: chinaDayOf(new Date(revision.recordedAt)),
    async writeArtifact(name, mime, data) {
      const stored = await artifacts.put(data);
      return { name, mime, ...stored };
    },
    async writeArtifactFile(name, mime, file) {
      const stored = await artifacts.putFile(file);
      return { name, mime, ...stored };
    },
    async reportProgress(percent) {
      const clamped = Math.max(0, Math.min(99, Math.round(percent)));
      await Promise.all([job.updateProgress(clamped), store.markRendering(rendition.id, clamped)]);
    },
    cache: deps.renderCache,
    readMedia: (media, maxBytes) => deps.strapi.fetchMedia(media.url, maxBytes),
    async media(): Promise<MediaContext> {
      workDir ??= path.join(config.MEDIA_CACHE_DIR, 'work', `${channelCode}-${randomUUID()}`);
      await mkdir(workDir, { recursive: true });
      return { workDir, cacheDir: config.MEDIA_CACHE_DIR, speech: await findSpeech(config.SPEECH_ENGINE), timeoutMs: config.FFMPEG_TIMEOUT_MS, reportProgress: ctx.reportProgress };
    },
  };
  try {
    const result = await channel.render(body, ctx);
    const goLiveAt = body.kind === 'interpretation' ? body.goLiveAt : null;
    const scheduled = goLiveAt !== null && Date.parse(goLiveAt) > Date.now();
    const outcome = await store.completeRendition(rendition.id, { ...result, renderMs: Date.now() - started }, !scheduled);
    if (outcome === 'ready' && goLiveAt) await queues.scheduleRelease(documentId, hash, goLiveAt);
    // The channel's own follow-up (the cinema's reels, subscribers' pushes), asked of its afterLive hook.
    if (outcome === 'live') await requestFollowUps(deps, `${documentId} 已在${channel.name}上线`, [channel.code]);
    // Scheduled for later (or replaced meanwhile), it is no longer in flight: a built file that waited for it is made now (follow-up-settling.ts).
    else if (channel.afterLive) await queues.requestFollowUp(channel.code, `${documentId} 在${channel.name}已渲染，未上线`);
    // A policy document's new validity may end segments that rest on it: the reels follow at once, not at the next sweep.
    // …and operators hear of every document whose validity it changed (announceValidityChanges runs with the reels).
    if (outcome === 'live' && body.kind === 'policy-document') await queues.requestReels(`${documentId} 政策文件有效期可能变化`);
    if (outcome === 'live') {
      // The validity it went out with, from which a later change is announced; the sweep marks it otherwise.
      await markValidityAtLive(deps, documentId, body.kind === 'interpretation' ? validUntil(body) : body.kind === 'policy-document' ? body.validTo : null)
        .catch((error: unknown) => logger.warn({ documentId, err: (error as Error).message }, '记录有效性失败，下次巡检补记'));
    }
    logger.info({ documentId, channel: channelCode, revision: hash.slice(0, 12), outcome, ms: Date.now() - started }, '渲染完成');
    return outcome;
  } catch (error) {
    const refused = error instanceof RenditionRefused || (error instanceof PublisherError && error.code === 'DOCUMENT_INVALID');
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PublisherError && (error.code === 'STORAGE_FULL' || error.code === 'OBJECT_STORE_UNAVAILABLE')) {
      // Not the document's fault and not for good: it waits (queued, saying why) and the reconciler plans it again.
      if (job.attempt >= job.maxAttempts) await store.waitForStorage(rendition.id, error.code, message);
    } else if (refused || job.attempt >= job.maxAttempts) {
      await store.failRendition(rendition.id, refused ? 'DOCUMENT_INVALID' : 'RENDER_FAILED', refused ? message : `渲染失败（已重试 ${job.attempt} 次）：${message}`);
      // The channel's follow-up may have waited for this render (its built files wait for renders in flight: follow-up-settling.ts).
      if (channel.afterLive) await queues.requestFollowUp(channel.code, `${documentId} 在${channel.name}渲染失败`);
    }
    logger.error({ documentId, channel: channelCode, revision: hash.slice(0, 12), attempt: job.attempt, err: message }, '渲染失败');
    if (refused) throw new UnrecoverableError(message);
    throw error;
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}

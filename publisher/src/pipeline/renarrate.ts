import { findSpeech } from '@tongyuan/channels';
import type { Config } from '../config';
import type { DocumentKind } from '../domain/document';
import type { Logger } from '../logger';
import type { PublicationQueries } from '../store/queries';
import { silentVideos } from './narration-notes';
import type { Queues } from './queues';

export type RenarrateDeps = Parameters<typeof silentVideos>[0] & {
  config: Pick<Config, 'SPEECH_ENGINE'>;
  queries: Pick<PublicationQueries, 'liveOn' | 'document'>;
  queues: Pick<Queues, 'enqueueRepublish'>;
  logger: Logger;
};

/**
 * Live videos made without speech are rendered again once a speech engine works (an engine
 * installed or repaired later, or SPEECH_ENGINE changed): run by the reel sweep every minute, so
 * the silent reel a village would have seen heals without anyone republishing by hand.
 * Returns how many videos were newly queued.
 */
const requested = new Set<string>(); // this process's requests, to log each once

export async function renarrateSilentVideos(services: RenarrateDeps): Promise<number> {
  const silent = await silentVideos(services);
  if (silent.length === 0) return 0;
  const speech = await findSpeech(services.config.SPEECH_ENGINE);
  if (!speech.engine) return 0;
  let queued = 0;
  for (const channel of new Set(silent.map((v) => v.channel))) {
    for (const video of silent.filter((v) => v.channel === channel)) {
      const doc = await services.queries.document(video.documentId);
      if (!doc || doc.withdrawn_at) continue;
      // One request per silent revision (the job id repeats), so a render under way is not asked for again.
      const batch = `renarrate-${channel}-${video.hash.slice(0, 16)}`;
      await services.queues.enqueueRepublish([{ kind: doc.kind as DocumentKind, documentId: video.documentId }], batch, {
        channels: [channel], publishedBy: '配音恢复（自动重新渲染无配音的视频）',
      });
      if (!requested.has(`${batch}.${video.documentId}`)) queued += 1;
      requested.add(`${batch}.${video.documentId}`);
    }
  }
  if (queued > 0) services.logger.info({ queued, engine: speech.engine.version }, '语音引擎可用：无配音的视频重新渲染');
  return queued;
}

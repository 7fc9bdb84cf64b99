import { silentReasonOf, type AnyChannel } from '@tongyuan/channels';
import type { PublicationQueries } from '../store/queries';

/**
 * Videos made without speech, told where people look: the CMS panel (authors), /status
 * (operators) and /cinema (projectionists, who would otherwise play a silent reel to a village).
 * The video channels (workload 'video') write `narration: { engine, present, reason }` into their
 * payload; channels' silentReasonOf reads it (reels record it per segment).
 */
export { silentReasonOf } from '@tongyuan/channels';

/** What an author reads on the panel for a silent video: what happened and what gets it fixed. */
export const silentNotice = (reason: string) => `此视频没有配音（只有字幕）：${reason}。语音引擎恢复后会自动重新生成有配音的版本；长时间未恢复请联系管理员。`;

export interface SilentVideo { documentId: string; hash: string; title: string; channel: string; reason: string; publishedAt: string }

/** Live videos without speech, newest first, for /status. */
export async function silentVideos(deps: { channels: AnyChannel[]; queries: Pick<PublicationQueries, 'liveOn'> }): Promise<SilentVideo[]> {
  const video = deps.channels.filter((c) => c.workload === 'video');
  const lists = await Promise.all(video.map((c) => deps.queries.liveOn(c.code)));
  return lists.flat().flatMap((item) => {
    const reason = silentReasonOf(item.payload);
    return reason ? [{ documentId: item.documentId, hash: item.hash, title: item.title, channel: item.channel, reason, publishedAt: item.publishedAt }] : [];
  }).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}

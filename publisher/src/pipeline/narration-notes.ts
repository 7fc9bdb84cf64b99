import type { Services } from '../services';

/**
 * Videos made without speech, told where people look: the CMS panel (authors), /status
 * (operators) and /cinema (projectionists, who would otherwise play a silent reel to a village).
 * The video channels write `narration: { engine, present, reason }` into their payload.
 */
const VIDEO_CHANNELS = ['cinema', 'short-video'];

/** The reason a rendition's video is silent, or null when it speaks (or is not a video). */
export function silentReasonOf(payload: unknown): string | null {
  const narration = (payload as { narration?: { present?: boolean; reason?: string } } | null)?.narration;
  return narration?.present === false ? narration.reason || '没有可用的语音引擎' : null;
}

/** What an author reads on the panel for a silent video: what happened and what gets it fixed. */
export const silentNotice = (reason: string) => `此视频没有配音（只有字幕）：${reason}。语音引擎恢复后会自动重新生成有配音的版本；长时间未恢复请联系管理员。`;

export interface SilentVideo { documentId: string; hash: string; title: string; channel: string; reason: string; publishedAt: string }

/** Live videos without speech, newest first, for /status. */
export async function silentVideos(services: Services): Promise<SilentVideo[]> {
  const lists = await Promise.all(VIDEO_CHANNELS.filter((c) => services.channels.some((ch) => ch.code === c)).map((c) => services.queries.liveOn(c)));
  return lists.flat().flatMap((item) => {
    const reason = silentReasonOf(item.payload);
    return reason ? [{ documentId: item.documentId, hash: item.hash, title: item.title, channel: item.channel, reason, publishedAt: item.publishedAt }] : [];
  }).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}

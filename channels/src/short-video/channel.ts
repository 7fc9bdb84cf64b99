import type { Channel } from '../channel';
import { markedTitle, markPackage } from '../validity-marking';
import { PORTRAIT } from '../video/frames';
import type { VideoPayload } from '../video/interpretation-channel';
import { interpretationVideoChannel } from '../video/interpretation-channel';

/**
 * Vertical short videos (9:16, 1080×1920, 15–60 s) for the government short-video accounts, as
 * Yichun turns frequent questions into short videos: title, key points, basis and end card.
 * The first frame is the title card, so platforms pick it as the cover.
 */
const videos = interpretationVideoChannel({
  code: 'short-video',
  name: '短视频',
  layout: PORTRAIT,
  minSeconds: 15,
  maxSeconds: 60,
  cover: true,
  basisRequired: false,
  includeQa: false,
  accepts: () => true,
  // 开放活动 too: a vertical clip announcing the event (theme, time, place, how to register).
  events: { payload: (_doc, video) => ({ leftOut: video.leftOut }) },
  payload: (_doc, video) => ({ leftOut: video.leftOut }),
});

export const shortVideoChannel: Channel<VideoPayload & { leftOut: number }> = {
  ...videos,
  markValidity: (payload, validity) => markPackage(payload, validity, (out, marker) => markedTitle(out, marker)),
  accounts: { platform: 'short_video', kind: 'account' },
};

import type { Channel } from '../channel';
import { validUntil } from '../document/types';
import { markedTitle, markPackage } from '../validity-marking';
import { LANDSCAPE } from '../video/frames';
import { interpretationVideoChannel, type VideoPayload } from '../video/interpretation-channel';
import { buildReels } from './reels';
import { cinemaRoutes } from './routes';

/** A segment's payload: the screening regions it targets and the last day it may be shown. */
export interface CinemaPayload extends VideoPayload {
  regions: Array<{ code: string; name: string }>;
  validTo: string | null;
  leftOut: number;
}

/**
 * Pre-film segments for rural screenings (送电影下乡): 30–90 s, 1920×1080, for the screening
 * regions an interpretation targets. Reels per region and date are assembled from these segments
 * after each change (afterLive: reels.ts; the publisher's minute sweep asks again for the date), and
 * projectionists download them from /cinema (routes).
 */
/** The segment's plan: its layout, length and what it shows (the TV channel's clips show the same pictures). */
export const CINEMA_SEGMENT = { channel: 'cinema', layout: LANDSCAPE, minSeconds: 30, maxSeconds: 90, basisRequired: true, includeQa: true } as const;

const segments = interpretationVideoChannel({
  ...CINEMA_SEGMENT,
  code: CINEMA_SEGMENT.channel,
  name: '映前片',
  cover: true, // the title card: the poster of a 视频解读 page that plays this segment
  accepts: (doc) => doc.screeningRegions.length > 0,
  payload: (doc, video) => ({
    regions: doc.screeningRegions.map((r) => ({ code: r.code, name: r.name })),
    // Leaves every reel once any basis document has expired (validity is checked per screening date).
    validTo: validUntil(doc),
    leftOut: video.leftOut,
  }),
});

export const cinemaChannel: Channel<CinemaPayload> = {
  ...segments,
  afterLive: (deps) => buildReels(deps),
  routes: cinemaRoutes,
  markValidity: (payload, validity) => markPackage(payload, validity, (out, marker) => markedTitle(out, marker)),
  validToOf: (payload) => payload.validTo,
};

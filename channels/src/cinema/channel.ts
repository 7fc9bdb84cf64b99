import { validUntil } from '../document/types';
import { LANDSCAPE } from '../video/frames';
import { interpretationVideoChannel } from '../video/interpretation-channel';

/**
 * Pre-film segments for rural screenings (送电影下乡): 30–90 s, 1920×1080, for the screening
 * regions an interpretation targets. Reels per region and date are assembled by the publisher
 * from these segments (publisher/src/pipeline/build-reels.ts).
 */
export const cinemaChannel = interpretationVideoChannel({
  code: 'cinema',
  name: '映前片',
  layout: LANDSCAPE,
  minSeconds: 30,
  maxSeconds: 90,
  cover: true, // the title card: the poster of a 视频解读 page that plays this segment
  basisRequired: true,
  includeQa: true,
  accepts: (doc) => doc.screeningRegions.length > 0,
  payload: (doc, video) => ({
    regions: doc.screeningRegions.map((r) => ({ code: r.code, name: r.name })),
    // Leaves every reel once any basis document has expired (validity is checked per screening date).
    validTo: validUntil(doc),
    leftOut: video.leftOut,
  }),
});

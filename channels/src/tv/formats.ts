import { LOUDNESS_TARGETS } from '../audio/loudness';
import { INTERLACED_TFF, type VideoEncoding } from '../media/encode';

/**
 * What a TV station asks its senders for (its 电视台 record in the CMS says which): the container,
 * codec, size, frame rate and scan of the clip, and the loudness of its sound (GY/T 282: −24 LKFS).
 * Both are 1920×1080 at 25 frames a second, H.264 High in MP4 with AAC 48 kHz stereo; 1080i25 is
 * interlaced top field first (50 fields a second), 1080p25 progressive.
 */
export type TvFormatCode = 'h264-1080i25-tff' | 'h264-1080p25';

export interface TvFormat {
  code: TvFormatCode;
  /** What the station's staff read on their page. */
  label: string;
  /** The same, short enough for the slate's line. */
  short: string;
  width: number;
  height: number;
  fps: number;
  scan: 'interlaced-tff' | 'progressive';
  encoding: VideoEncoding;
}

/** GY/T 282-2014: programme loudness −24 LKFS (±2 LU tolerated; the clip aims at the target), true peak ≤ −2 dBTP (audio/loudness.ts). */
export const TV_LOUDNESS = LOUDNESS_TARGETS.tv.integrated;
/** Sample peaks a dB under the true-peak limit: room for inter-sample peaks and AAC's overshoot. */
const TV_CEILING_DB = LOUDNESS_TARGETS.tv.truePeakMax - 1;

/** Square pixels written into the stream (VUI), so a station's ingest reads 16:9 without guessing. */
const SQUARE_PIXELS = ['-vf', 'setsar=1'];

export const TV_FORMATS: Record<TvFormatCode, TvFormat> = {
  'h264-1080i25-tff': {
    code: 'h264-1080i25-tff', label: 'MP4 H.264 1080i25 上场优先，AAC 48 kHz，−24 LKFS', short: 'H.264 1080i25 上场优先 −24 LKFS', width: 1920, height: 1080, fps: 25, scan: 'interlaced-tff',
    encoding: { name: 'i25tff', x264: [...SQUARE_PIXELS, ...INTERLACED_TFF], loudness: TV_LOUDNESS, ceilingDb: TV_CEILING_DB },
  },
  'h264-1080p25': {
    code: 'h264-1080p25', label: 'MP4 H.264 1080p25 逐行，AAC 48 kHz，−24 LKFS', short: 'H.264 1080p25 逐行 −24 LKFS', width: 1920, height: 1080, fps: 25, scan: 'progressive',
    encoding: { name: 'p25sar', x264: SQUARE_PIXELS, loudness: TV_LOUDNESS, ceilingDb: TV_CEILING_DB },
  },
};

/** A station's format, the interlaced one when the record names none this version knows. */
export const tvFormatOf = (code: string | null | undefined): TvFormat => TV_FORMATS[code as TvFormatCode] ?? TV_FORMATS['h264-1080i25-tff'];

export interface Box { left: number; top: number; right: number; bottom: number }

/** EBU R95 safe areas of a 16:9 picture: action-safe 93 % and title-safe 90 % of width and height, centred. */
export function safeArea(format: Pick<TvFormat, 'width' | 'height'>, share: number): Box {
  const x = Math.ceil((format.width * (1 - share)) / 2);
  const y = Math.ceil((format.height * (1 - share)) / 2);
  return { left: x, top: y, right: format.width - x, bottom: format.height - y };
}
export const ACTION_SAFE = 0.93;
export const TITLE_SAFE = 0.9;

export const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left && inner.top >= outer.top && inner.right <= outer.right && inner.bottom <= outer.bottom;

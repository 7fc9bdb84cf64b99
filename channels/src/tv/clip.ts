import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { svgToRgba } from '../media/draw';
import { assembleVideo, encodeStills, stillKey, VIDEO_FORMAT, type Narration, type StillRun } from '../media/encode';
import { narrationTrack } from '../media/speech';
import type { MediaContext } from '../video/render';
import type { Timeline } from '../video/timeline';
import type { TvFormat } from './formats';
import { SLATE_SECONDS, slateSvg, type SlateContent } from './slate';

/**
 * A TV clip: the slate with its countdown (SLATE_SECONDS, one still a second), then the cinema
 * segment's pictures — the same timeline, stills and narration — coded as the station's format
 * asks (interlaced top field first or progressive) and levelled to its loudness. Like the cinema
 * segment, each distinct still is encoded once (cached by content and coding) and the rest is
 * stream copy, so a clip costs its new stills and its sound, not a full encode.
 */
export interface TvClip { file: string; seconds: number; programSeconds: number }

/** What identifies the programme's cut: its pictures, their timing and what is said, whatever the coding. */
export function programVersion(timeline: Timeline): string {
  const hash = createHash('sha256');
  for (const s of timeline.stretches) hash.update(JSON.stringify([stillKey(s.svg), s.units, s.cue?.text ?? null]));
  return hash.digest('hex').slice(0, 8);
}

export async function renderClip(timeline: Timeline, format: TvFormat, slate: Omit<SlateContent, 'seconds'>, media: MediaContext): Promise<TvClip> {
  const size = { width: format.width, height: format.height };
  const { encoding } = format;
  const slates = Array.from({ length: SLATE_SECONDS }, (_, i) => slateSvg(format, { ...slate, seconds: timeline.seconds }, SLATE_SECONDS - i));
  const stills = [
    ...slates.map((svg) => ({ svg, run: { key: stillKey(svg, encoding), frames: VIDEO_FORMAT.fps } as StillRun })),
    ...timeline.stretches.map((s) => ({ svg: s.svg, run: { key: stillKey(s.svg, encoding), units: s.units } as StillRun })),
  ];
  await encodeStills(stills.map((s) => ({ key: s.run.key, draw: () => svgToRgba(s.svg) })), size, media.cacheDir, media.timeoutMs, encoding);
  const seconds = SLATE_SECONDS + timeline.seconds;
  const speech = timeline.cues.filter((c) => c.cue.speech).map((c) => ({ at: SLATE_SECONDS + c.start, speech: c.cue.speech! }));
  let track: Narration | null = null;
  if (speech.length > 0) {
    const pcm = narrationTrack(speech, seconds);
    track = { pcm: path.join(media.workDir, `tv-${format.code}.pcm`), sampleRate: pcm.sampleRate };
    await writeFile(track.pcm, pcm.pcm);
  }
  const file = path.join(media.workDir, `tv-${format.code}.mp4`);
  await assembleVideo(stills.map((s) => s.run), size, media.cacheDir, track, file, media.timeoutMs, encoding);
  return { file, seconds, programSeconds: timeline.seconds };
}

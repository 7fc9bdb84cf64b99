import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringifySync } from 'subtitle';
import { svgToRgba } from '../media/draw';
import { assembleVideo, ENCODER_VERSION, encodeStills, stillKey } from '../media/encode';
import { narrationTrack, type SpeechEngine } from '../media/speech';
import { buildTimeline, type Timeline, type VideoPlan } from './timeline';

/** What a video renderer gets from its channel's render context. */
export interface MediaContext {
  /** A fresh directory of this render's own, removed afterwards. */
  workDir: string;
  /** Shared across renders and workers: encoded units, speech, finished videos, by content hash. */
  cacheDir: string;
  speech: SpeechEngine | null;
  /** Upper bound for one ffmpeg run. */
  timeoutMs: number;
  reportProgress(percent: number): Promise<void>;
}

export interface VideoFiles { video: string; srt: string; vtt: string; seconds: number; leftOut: number; cached: boolean }

/**
 * Renders a plan to an MP4 with sidecar SRT and WebVTT. A video whose stills, timing and speech
 * are all unchanged is taken from the cache whole; otherwise only stills never seen before are
 * drawn and encoded, and everything else is stream copy.
 */
export async function renderVideo(plan: VideoPlan, media: MediaContext): Promise<VideoFiles> {
  const size = { width: plan.layout.width, height: plan.layout.height };
  const timeline = await buildTimeline(plan, media.speech, media.cacheDir);
  await media.reportProgress(15);
  const stills = timeline.stretches.map((s) => ({ key: stillKey(s.svg), units: s.units, svg: s.svg }));
  const videoKey = createHash('sha256').update(JSON.stringify([
    ENCODER_VERSION, media.speech, stills.map((s) => [s.key, s.units]), timeline.cues.map((c) => [c.start, c.end, c.cue.text]),
  ])).digest('hex');
  const cached = path.join(media.cacheDir, 'videos', videoKey);
  const files = { video: path.join(media.workDir, 'video.mp4'), srt: path.join(media.workDir, 'video.srt'), vtt: path.join(media.workDir, 'video.vtt') };
  if (!existsSync(path.join(cached, 'video.mp4'))) {
    await encodeStills(stills.map((s) => ({ key: s.key, draw: () => svgToRgba(s.svg) })), size, media.cacheDir, media.timeoutMs);
    await media.reportProgress(80);
    const speech = timeline.cues.filter((c) => c.cue.speech).map((c) => ({ at: c.start, speech: c.cue.speech! }));
    let wav: string | null = null;
    if (speech.length > 0) {
      wav = path.join(media.workDir, 'narration.wav');
      await writeFile(wav, narrationTrack(speech, timeline.seconds));
    }
    await assembleVideo(stills.map((s) => ({ key: s.key, units: s.units })), media.cacheDir, wav, files.video);
    await writeSubtitles(timeline, files);
    await mkdir(path.dirname(cached), { recursive: true });
    const staging = `${cached}.${process.pid}.${Date.now()}`;
    await mkdir(staging, { recursive: true });
    for (const name of ['video.mp4', 'video.srt', 'video.vtt']) await copyFile(path.join(media.workDir, name), path.join(staging, name));
    // Into the cache in one rename; a second render racing to the same key simply loses.
    await rename(staging, cached).catch(() => rm(staging, { recursive: true, force: true }));
    await media.reportProgress(95);
    return { ...files, seconds: timeline.seconds, leftOut: timeline.leftOut, cached: false };
  }
  for (const name of ['video.mp4', 'video.srt', 'video.vtt']) await copyFile(path.join(cached, name), path.join(media.workDir, name));
  return { ...files, seconds: timeline.seconds, leftOut: timeline.leftOut, cached: true };
}

async function writeSubtitles(timeline: Timeline, files: { srt: string; vtt: string }) {
  const nodes = timeline.cues.map(({ start, end, cue }) => ({
    type: 'cue' as const, data: { start: Math.round(start * 1000), end: Math.round(end * 1000), text: cue.lines.join('\n') },
  }));
  await writeFile(files.srt, stringifySync(nodes, { format: 'SRT' }));
  // WebVTT cue text is markup: & < > must be escaped, and "-->" can't appear.
  const escaped = nodes.map((n) => ({ ...n, data: { ...n.data, text: n.data.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') } }));
  await writeFile(files.vtt, stringifySync(escaped, { format: 'WebVTT' }));
}

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { svgToRgba } from '../media/draw';
import { loadSubtitle } from '../media/libraries';
import { assembleVideo, ENCODER_VERSION, encodeStills, stillKey, type Narration } from '../media/encode';
import { narrationTrack, speechLabel, type SpeechFound } from '../media/speech';
import { cueText } from '../text/contract';
import type { RecordedVoice } from './recorded-voice';
import { buildTimeline, type Timeline, type VideoPlan } from './timeline';

/** What a video renderer gets from its channel's render context. */
export interface MediaContext {
  /** A fresh directory of this render's own, removed afterwards. */
  workDir: string;
  /** Shared across renders and workers: encoded units, speech, finished videos, by content hash. */
  cacheDir: string;
  /** This job's speech engine, or why there is none (the video then says so). */
  speech: SpeechFound;
  /** Upper bound for one ffmpeg run. */
  timeoutMs: number;
  reportProgress(percent: number): Promise<void>;
}

/** Whether a video is narrated, for its rendition's payload: a silent one carries the reason to authors and projectionists. */
export interface NarrationNote { engine: string | null; present: boolean; reason?: string }
export interface VideoFiles { video: string; srt: string; vtt: string; seconds: number; leftOut: number; cached: boolean; narration: NarrationNote }

/**
 * Renders a plan to an MP4 with sidecar SRT and WebVTT. A video whose stills, timing and speech
 * are all unchanged is taken from the cache whole; otherwise only stills never seen before are
 * drawn and encoded, and everything else is stream copy.
 */
export async function renderVideo(plan: VideoPlan, media: MediaContext, recorded: RecordedVoice | null = null): Promise<VideoFiles> {
  const size = { width: plan.layout.width, height: plan.layout.height };
  const cached = path.join(media.cacheDir, 'videos', planKey(plan, media, recorded));
  const files = { video: path.join(media.workDir, 'video.mp4'), srt: path.join(media.workDir, 'video.srt'), vtt: path.join(media.workDir, 'video.vtt') };
  const { engine, reason } = media.speech;
  const narration: NarrationNote = recorded ? { engine: '人声配音', present: true } : engine ? { engine: speechLabel(engine), present: true } : { engine: null, present: false, reason };
  if (existsSync(path.join(cached, 'meta.json'))) {
    for (const name of ['video.mp4', 'video.srt', 'video.vtt']) await copyFile(path.join(cached, name), path.join(media.workDir, name));
    const meta = JSON.parse(await readFile(path.join(cached, 'meta.json'), 'utf8')) as { seconds: number; leftOut: number };
    return { ...files, ...meta, cached: true, narration };
  }
  const timeline = await buildTimeline(plan, engine, media.cacheDir, recorded);
  await media.reportProgress(15);
  const stills = timeline.stretches.map((s) => ({ key: stillKey(s.svg), units: s.units, svg: s.svg }));
  await encodeStills(stills.map((s) => ({ key: s.key, draw: () => svgToRgba(s.svg) })), size, media.cacheDir, media.timeoutMs);
  await media.reportProgress(75);
  const speech = timeline.cues.filter((c) => c.cue.speech).map((c) => ({ at: c.start, speech: c.cue.speech! }));
  let track: Narration | null = null;
  if (speech.length > 0) {
    const pcm = narrationTrack(speech, timeline.seconds);
    track = { pcm: path.join(media.workDir, 'narration.pcm'), sampleRate: pcm.sampleRate };
    await writeFile(track.pcm, pcm.pcm);
  }
  await assembleVideo(stills.map((s) => ({ key: s.key, units: s.units })), size, media.cacheDir, track, files.video, media.timeoutMs);
  await writeSubtitles(timeline, files);
  const meta = { seconds: timeline.seconds, leftOut: timeline.leftOut };
  await writeFile(path.join(media.workDir, 'meta.json'), JSON.stringify(meta));
  await mkdir(path.dirname(cached), { recursive: true });
  const staging = `${cached}.${process.pid}.${Date.now()}`;
  await mkdir(staging, { recursive: true });
  for (const name of ['video.mp4', 'video.srt', 'video.vtt', 'meta.json']) await copyFile(path.join(media.workDir, name), path.join(staging, name));
  // Into the cache in one rename; a second render racing to the same key simply loses.
  await rename(staging, cached).catch(() => rm(staging, { recursive: true, force: true }));
  await media.reportProgress(95);
  return { ...files, ...meta, cached: false, narration };
}

/**
 * Everything a video depends on, known before any speech or encoding: the encoder, the voice, the
 * layout, each page's text and plain frame, both end cards, the length limits and what the plan left out.
 */
function planKey(plan: VideoPlan, media: MediaContext, recorded: RecordedVoice | null): string {
  const hash = createHash('sha256').update(JSON.stringify([ENCODER_VERSION, recorded ? `recording:${recorded.key}` : media.speech.engine, plan.layout, plan.minSeconds, plan.maxSeconds, plan.leftOut]));
  for (const page of [...plan.pages, plan.endCard(false), plan.endCard(true)]) {
    hash.update(JSON.stringify([page.say, page.burnIn, page.optional])).update(page.frame(null));
  }
  return hash.digest('hex');
}

async function writeSubtitles(timeline: Timeline, files: { srt: string; vtt: string }) {
  const nodes = timeline.cues.map(({ start, end, cue }) => ({
    type: 'cue' as const, data: { start: Math.round(start * 1000), end: Math.round(end * 1000), text: cue.lines.join('\n') },
  }));
  // Cue text as the text contract says: SRT plain, WebVTT escaped (its cue text is markup).
  const cues = (format: 'srt' | 'vtt') => nodes.map((n) => ({ ...n, data: { ...n.data, text: cueText(format, n.data.text) } }));
  const { stringifySync } = loadSubtitle();
  await writeFile(files.srt, stringifySync(cues('srt'), { format: 'SRT' }));
  await writeFile(files.vtt, stringifySync(cues('vtt'), { format: 'WebVTT' }));
}

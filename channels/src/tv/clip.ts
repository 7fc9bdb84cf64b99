import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { svgToRgba } from '../media/draw';
import { assembleVideo, encodeStills, stillKey, VIDEO_FORMAT, type Narration, type StillRun } from '../media/encode';
import { narrationTrack } from '../media/speech';
import { recordingPreflight } from '../audio/recorded';
import { planProgramme } from '../audio/programme';
import type { PreflightContext, RenderContext } from '../channel';
import type { Interpretation } from '../document/types';
import { speechLabel } from '../media/speech';
import { RECORDING_FIELD, recordedVoice, unreadTexts } from '../video/recorded-voice';
import type { MediaContext, NarrationNote } from '../video/render';
import { buildTimeline, type Timeline, type VideoPlan } from '../video/timeline';
import type { Preparation } from '../preparation';
import type { TvFormat } from './formats';
import { SLATE_SECONDS, slateSvg, type SlateContent } from './slate';

/**
 * A TV clip: the slate with its countdown (SLATE_SECONDS, one still a second), then the cinema
 * segment's pictures — the same timeline, stills and narration (人声配音 where there is one) —
 * coded as the station's format asks (interlaced top field first or progressive) and levelled to
 * its loudness and under its true-peak limit (GY/T 282-2014: −24 LKFS, ≤ −2 dBTP). Like the cinema
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

/**
 * The clip's timeline and voice: the interpretation's 人声配音 where it has one (as the cinema
 * segment it shows: cues the reader read are said in the recording, the rest shown), else the
 * speech engine. The sound is levelled to the station's loudness in assembleVideo (formats.ts).
 */
export async function clipTimeline(doc: Interpretation, plan: VideoPlan, ctx: RenderContext, media: MediaContext): Promise<{ timeline: Timeline; narration: NarrationNote }> {
  const recorded = await recordedVoice(doc, ctx, media.cacheDir, media.timeoutMs);
  const timeline = await buildTimeline(plan, media.speech.engine, media.cacheDir, recorded);
  const spoken = timeline.cues.some((c) => c.cue.speech);
  const { engine, reason } = media.speech;
  const narration: NarrationNote = spoken && recorded ? { engine: '人声配音', present: true }
    : spoken && engine ? { engine: speechLabel(engine), present: true } : { engine: null, present: false, reason: reason ?? '没有可朗读的文字' };
  return { timeline, narration };
}

/** Preflight of the clip's 人声配音: refused as the audio programme refuses it; what the reader did not read is said, not voiced. */
export async function clipVoiceFindings(doc: Interpretation, plan: VideoPlan | undefined, ctx: PreflightContext, preparation: Preparation): Promise<void> {
  for (const f of await recordingPreflight(doc, planProgramme(doc).plan, ctx.readMedia)) preparation.refuse(f.field, f.message);
  const unread = doc.narrationRecording && plan ? unreadTexts(doc, plan) : [];
  if (unread.length) preparation.warn(RECORDING_FIELD, `电视台送播片中这些文字不在人声配音的配音稿里，只显示字幕、不配音：${unread.slice(0, 3).map((t) => `“${t.slice(0, 20)}”`).join('、')}${unread.length > 3 ? ` 等 ${unread.length} 处` : ''}`);
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

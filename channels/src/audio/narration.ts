import pLimit from 'p-limit';
import { speak, type Speech, type SpeechEngine } from '../media/speech';
import type { ProgrammePlan } from './programme';

/**
 * The spoken part of a programme as one mono 16-bit track at the voice's own rate: every sentence
 * spoken by the job's engine through the shared speech cache (the videos' sentences and these are
 * one cache), placed one after another with a short pause, a longer one between sections. Where
 * each sentence starts and ends is known exactly, which the transcript's cues are.
 */
export const SENTENCE_PAUSE = 0.25;
export const SECTION_PAUSE = 0.7;
/** Silence before the first word and after the last, between the idents and the voice. */
export const EDGE_PAUSE = 0.4;

export interface SpokenCue { section: string; text: string; start: number; end: number }
export interface NarrationTrack {
  pcm: Buffer;
  sampleRate: number;
  seconds: number;
  cues: SpokenCue[];
  /** About how loud it is (LUFS) where that is known before it is measured: a recording levelled on upload. */
  roughLufs?: number;
}

const speaking = pLimit(4);

export async function narrationOf(plan: ProgrammePlan, engine: SpeechEngine, cacheDir: string): Promise<NarrationTrack> {
  const spoken: Speech[][] = await Promise.all(plan.sections.map((section) =>
    Promise.all(section.sentences.map((text) => speaking(() => speak(engine, text, cacheDir))))));
  const sampleRate = spoken.flat()[0]?.sampleRate ?? 22_050;
  const samplesOf = (seconds: number) => Math.round(seconds * sampleRate);
  let length = samplesOf(EDGE_PAUSE);
  spoken.forEach((section, s) => {
    if (s > 0) length += samplesOf(SECTION_PAUSE);
    section.forEach((speech, i) => {
      if (speech.sampleRate !== sampleRate) throw new Error('语音片段采样率不一致');
      length += (i > 0 ? samplesOf(SENTENCE_PAUSE) : 0) + speech.samples.length;
    });
  });
  length += samplesOf(EDGE_PAUSE);

  const track = new Int16Array(length);
  const cues: SpokenCue[] = [];
  let at = samplesOf(EDGE_PAUSE);
  spoken.forEach((section, s) => {
    if (s > 0) at += samplesOf(SECTION_PAUSE);
    section.forEach((speech, i) => {
      if (i > 0) at += samplesOf(SENTENCE_PAUSE);
      track.set(speech.samples, at);
      cues.push({ section: plan.sections[s].label, text: plan.sections[s].sentences[i], start: at / sampleRate, end: (at + speech.samples.length) / sampleRate });
      at += speech.samples.length;
    });
  });
  return { pcm: Buffer.from(track.buffer, track.byteOffset, track.byteLength), sampleRate, seconds: length / sampleRate, cues };
}

/** Without a voice, the transcript's cues at reading pace (the programme is then not made: see channel.ts). */
export function readingCues(plan: ProgrammePlan, charactersPerSecond: number): SpokenCue[] {
  const cues: SpokenCue[] = [];
  let at = EDGE_PAUSE;
  plan.sections.forEach((section, s) => {
    if (s > 0) at += SECTION_PAUSE;
    section.sentences.forEach((text, i) => {
      if (i > 0) at += SENTENCE_PAUSE;
      const seconds = [...text].length / charactersPerSecond;
      cues.push({ section: section.label, text, start: at, end: at + seconds });
      at += seconds;
    });
  });
  return cues;
}

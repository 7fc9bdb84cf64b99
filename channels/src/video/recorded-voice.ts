import { createHash } from 'node:crypto';
import { RECORDING_FIELD, recordedNarration } from '../audio/recorded';
import { planProgramme } from '../audio/programme';
import type { RenderContext } from '../channel';
import type { Interpretation } from '../document/types';
import { MAX_RECORDING_BYTES } from '../media/recording';
import type { Speech } from '../media/speech';
import { cuesOf, type VideoPlan } from './timeline';

/**
 * 人声配音 in the videos: one recording serves the audio programme and the videos, so it follows
 * the programme's script (audio/programme.ts). A video's cue is said in the reader's voice where
 * its text is in that script — found by its letters and digits, in order, in the recording's
 * sentences as they were timed (media/recording-cues.ts), each sentence's characters spread over
 * its span — and the cue's speech is that stretch of the recording. A cue whose text the reader
 * did not read (the basis page, a cut block's 详见门户网站) is not spoken: its subtitle stays up
 * as long as it takes to read, and preflight says which (no second, synthetic voice in one video).
 */
export interface RecordedVoice {
  /** The recording's content and its sentences' times (part of a video's cache key). */
  key: string;
  /** The reader saying `text`, or null when the script does not have it. */
  speechFor(text: string): Speech | null;
}

const letters = (text: string) => [...text].filter((c) => /[\p{L}\p{N}]/u.test(c));

export async function recordedVoice(doc: Interpretation, ctx: RenderContext, cacheDir: string, timeoutMs: number): Promise<RecordedVoice | null> {
  if (!doc.narrationRecording) return null;
  const bytes = await ctx.readMedia(doc.narrationRecording, MAX_RECORDING_BYTES);
  const track = await recordedNarration(doc, planProgramme(doc).plan, bytes, cacheDir, timeoutMs);
  const samples = new Int16Array(track.pcm.buffer.slice(track.pcm.byteOffset, track.pcm.byteOffset + track.pcm.byteLength));
  // The script as one run of letters, each with the time it starts and ends in the recording.
  const chars: string[] = [];
  const times: Array<[number, number]> = [];
  for (const cue of track.cues) {
    const own = letters(cue.text);
    const step = (cue.end - cue.start) / Math.max(1, own.length);
    own.forEach((c, i) => {
      chars.push(c);
      times.push([cue.start + i * step, cue.start + (i + 1) * step]);
    });
  }
  const script = chars.join('');
  let cursor = 0;
  return {
    // The recording and where its sentences are (a changed script moves them): a video's cache key.
    key: createHash('sha256').update(bytes).update(JSON.stringify(track.cues)).digest('hex'),
    speechFor(text) {
      const wanted = letters(text).join('');
      if (!wanted) return null;
      // In order where it can be (a video says the script's parts in its order), else anywhere.
      let at = script.indexOf(wanted, cursor);
      if (at < 0) at = script.indexOf(wanted);
      if (at < 0) return null;
      cursor = at + wanted.length;
      const from = Math.round(times[at][0] * track.sampleRate);
      const to = Math.round(times[at + wanted.length - 1][1] * track.sampleRate);
      const slice = samples.slice(from, to);
      return { samples: slice, sampleRate: track.sampleRate, seconds: slice.length / track.sampleRate };
    },
  };
}

/** The video's spoken texts the programme's script does not have (they get no voice), for preflight's warning. */
export function unreadTexts(doc: Interpretation, plan: VideoPlan): string[] {
  const script = letters(planProgramme(doc).plan.sections.flatMap((s) => s.sentences).join('')).join('');
  const said = [...plan.pages, plan.endCard(false)].flatMap((page) => cuesOf(plan.layout, page.say).map((cue) => cue.text));
  return said.filter((text) => letters(text).length > 0 && !script.includes(letters(text).join('')));
}

export { RECORDING_FIELD };

import { RenditionRefused, type Finding, type RenderContext } from '../channel';
import type { Interpretation } from '../document/types';
import { analyseRecording, MAX_RECORDING_BYTES, RECORDING_LUFS, recordingProblems, recordingTrack } from '../media/recording';
import { alignSentences } from '../media/recording-cues';
import type { NarrationTrack } from './narration';
import { estimatedSeconds, MAX_PROGRAMME_SECONDS, type ProgrammePlan } from './programme';

/**
 * The audio programme read by a person (人声配音) instead of the speech engine: the reader reads
 * the programme's script (the plan's sentences, as the preview lists them) in order; the
 * recording is levelled like synthetic speech and each transcript cue is the sentence's place in
 * the recording (media/recording-cues.ts). A recording the programme can't use is refused with
 * what to fix, in preflight and render alike.
 */
export const RECORDING_FIELD = 'narrationRecording';

/** The problems of the upload for the audio programme, as findings (none: it can be used). */
export async function recordingFindings(doc: Interpretation, plan: ProgrammePlan, bytes: Buffer, timeoutMs: number): Promise<Finding[]> {
  const mime = doc.narrationRecording?.mime ?? 'application/octet-stream';
  const found = mime.startsWith('audio/') ? await analyseRecording(bytes, timeoutMs, MAX_PROGRAMME_SECONDS) : null;
  const problems = recordingProblems(mime, found, { maxSeconds: MAX_PROGRAMME_SECONDS, scriptSeconds: estimatedSeconds(plan), channel: '音频节目' });
  return problems.map((message) => ({ level: 'error' as const, field: RECORDING_FIELD, message }));
}

/** Preflight: a file that is no audio by its type at once; the recording itself where the caller can read uploads. */
export async function recordingPreflight(doc: Interpretation, plan: ProgrammePlan, readMedia?: RenderContext['readMedia']): Promise<Finding[]> {
  const file = doc.narrationRecording;
  if (!file) return [];
  if (!file.mime.startsWith('audio/')) return recordingFindings(doc, plan, Buffer.alloc(0), 0);
  if (!readMedia) return [];
  try {
    return await recordingFindings(doc, plan, await readMedia(file, MAX_RECORDING_BYTES), 60_000);
  } catch (error) {
    // Gone from the media library, or too large to read: said as render would say it.
    if (error instanceof RenditionRefused) return [{ level: 'error', field: RECORDING_FIELD, message: error.message }];
    throw error;
  }
}

/** The recording as the programme's narration track, its cues the script's sentences where the reader said them. */
export async function recordedNarration(doc: Interpretation, plan: ProgrammePlan, bytes: Buffer, cacheDir: string, timeoutMs: number): Promise<NarrationTrack> {
  const refused = await recordingFindings(doc, plan, bytes, timeoutMs);
  if (refused.length > 0) throw new RenditionRefused(refused[0].message, refused);
  const track = await recordingTrack(bytes, cacheDir, timeoutMs);
  const script = plan.sections.flatMap((section) => section.sentences.map((text) => ({ section: section.label, text })));
  const timed = alignSentences(script.map((s) => s.text), track.spans);
  return {
    pcm: track.pcm,
    sampleRate: track.sampleRate,
    seconds: track.seconds,
    roughLufs: RECORDING_LUFS,
    cues: timed.map((cue, i) => ({ section: script[i].section, text: cue.text, start: cue.start, end: cue.end })),
  };
}

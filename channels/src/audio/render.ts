import type { RenderContext } from '../channel';
import type { Interpretation, Media } from '../document/types';
import { speechLabel } from '../media/speech';
import type { NarrationNote } from '../video/render';
import { identPiece, MAX_IDENT_BYTES } from './idents';
import type { Loudness } from './loudness';
import { LOUDNESS_TARGETS } from './loudness';
import { masterProgramme } from './master';
import { narrationOf, type SpokenCue } from './narration';
import { recordedNarration } from './recorded';
import { MAX_RECORDING_BYTES } from '../media/recording';
import type { ProgrammePlan } from './programme';

/** One output as measured: its loudness target and limit beside what the meter read off the file. */
export interface MeasuredOutput extends Loudness { file: string; target: number; truePeakMax: number }

/** What the rendition says about the programme: its parts in order, each output measured, the transcript with times. */
export interface ProgrammeFiles {
  mp3: string;
  wav: string;
  /** Seconds of each part in order: 片头, 配音, 片尾 (their sum is the programme's length). */
  parts: Array<{ label: string; seconds: number }>;
  outputs: { mp3: MeasuredOutput; wav: MeasuredOutput };
  /** Every spoken sentence with its time in the finished programme (after the opening ident). */
  transcript: SpokenCue[];
  narration: NarrationNote;
}

/**
 * Makes the programme: idents and speech from the shared media cache (each made once per
 * content), joined and levelled in one ffmpeg run into MP3 and broadcast WAV, each then measured.
 * Without a voice there is no programme: the render fails with the reason and is retried.
 */
export async function renderProgramme(doc: Interpretation, plan: ProgrammePlan, ctx: RenderContext): Promise<ProgrammeFiles> {
  const media = await ctx.media();
  const { engine, reason } = media.speech;
  // 人声配音: an uploaded recording is the narration; without one the speech engine reads the script.
  const recording = doc.narrationRecording ? await ctx.readMedia(doc.narrationRecording, MAX_RECORDING_BYTES) : null;
  if (!engine && !recording) throw new Error(`没有可用的语音引擎，音频节目无法制作：${reason}`);
  // The brand column's uploaded idents, read through the render context like any upload (a deleted one is refused, named).
  const upload = async (file: Media | undefined) => (file ? ctx.readMedia(file, MAX_IDENT_BYTES) : null);
  const [openingUpload, closingUpload] = await Promise.all([upload(doc.brandColumn?.openingIdent), upload(doc.brandColumn?.closingIdent)]);
  const [opening, closing, narration] = await Promise.all([
    identPiece('opening', openingUpload, media.cacheDir, media.timeoutMs),
    identPiece('closing', closingUpload, media.cacheDir, media.timeoutMs),
    recording ? recordedNarration(doc, plan, recording, media.cacheDir, media.timeoutMs) : narrationOf(plan, engine!, media.cacheDir),
  ]);
  await media.reportProgress(50);
  const description = doc.slug.replace(/[^\x20-\x7e]/g, '').slice(0, 200);
  const mastered = await masterProgramme({ opening, narration, closing }, media.workDir, media.timeoutMs, { description });
  await media.reportProgress(90);
  const output = (kind: 'mp3' | 'wav') => ({ ...mastered[kind].loudness, file: mastered[kind].file, target: LOUDNESS_TARGETS[kind].integrated, truePeakMax: LOUDNESS_TARGETS[kind].truePeakMax });
  return {
    mp3: mastered.mp3.file,
    wav: mastered.wav.file,
    parts: [{ label: '片头', seconds: opening.seconds }, { label: '配音', seconds: narration.seconds }, { label: '片尾', seconds: closing.seconds }],
    outputs: { mp3: output('mp3'), wav: output('wav') },
    transcript: narration.cues.map((cue) => ({ ...cue, start: round(cue.start + opening.seconds), end: round(cue.end + opening.seconds) })),
    narration: { engine: recording ? '人声配音' : speechLabel(engine!), present: true },
  };
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { runFfmpeg } from '../media/ffmpeg';
import { PIECE_RATE, REFERENCE_LUFS, type Piece } from './idents';
import { LOUDNESS_TARGETS, measureGraph, measureLoudness, meter, summaries, type Loudness } from './loudness';
import type { NarrationTrack } from './narration';

/**
 * The finished programme in its two forms (targets and their reasons: loudness.ts):
 * - MP3 (phones, podcasts, IP loudspeakers): 44.1 kHz mono 64 kbit/s CBR;
 * - broadcast WAV (radio): 48 kHz stereo 24-bit PCM with a bext chunk.
 * How it is fast (bench: audio-render.ts). The idents are levelled once when made (idents.ts); the
 * narration is measured here (one meter pass at the voice's own rate, no true peak) and brought to
 * the same reference, so the joined programme sits at the reference: each output is one linear
 * gain from there and a limiter under its true-peak limit (no loudnorm: its dynamic mode changes
 * speech's level and resamples to 192 kHz; its two passes double the work). Then two lanes, one a
 * core: the WAV's ffmpeg levels, writes and meters the PCM it writes in one run; the MP3's encodes
 * (LAME, the slowest step) while a second ffmpeg decodes the MP3 frames as they are written and
 * meters them — what is measured is the MP3 as a player decodes it, not the PCM before the codec.
 */
export interface MasteredFile { file: string; loudness: Loudness }
export interface Mastered { mp3: MasteredFile; wav: MasteredFile }

/** Dual mono measures 3.01 dB louder than the mono it is made from (BS.1770 sums the channels' power). */
const STEREO_DB = 10 * Math.log10(2);
/** Sample-peak ceilings under each true-peak limit, with room for the MP3 encoder's overshoot and inter-sample peaks. */
const CEILING_DB = { mp3: -1.6, wav: -3 } as const;
/** What espeak-ng's Mandarin measures as it comes (−19 to −20 LUFS): the gain at which the limiter's toll is measured. */
const TYPICAL_VOICE_LUFS = -19.5;
/**
 * What LAME at 64 kbit/s mono takes off speech's loudness (0.4–0.5 LU measured on espeak-ng's voice:
 * the same with the voice low-passed at 7 kHz before it, so it is the coder's quantizing, not its
 * bandwidth). Aimed for, never assumed: the figure stored is the decoded MP3's.
 */
const MP3_CODING_LOSS = 0.4;
/** Further from the MP3's target than this (LU), it is made again at the corrected gain. */
const MP3_TOLERANCE = 0.5;
export const MP3_RATE = 44_100;
/** LAME at 64 kbit/s, quality 7 ("fast"): for mono speech no different to hear, at less than half the time of its default. */
const MP3_CODING = ['-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '7', '-ar', String(MP3_RATE), '-ac', '1'];

const limiter = (ceilingDb: number) => `alimiter=limit=${(10 ** (ceilingDb / 20)).toFixed(4)}:level=false:attack=1:release=50`;

export async function masterProgramme(parts: { opening: Piece; narration: NarrationTrack; closing: Piece }, workDir: string, timeoutMs: number, bext: { description: string }): Promise<Mastered> {
  const { opening, narration, closing } = parts;
  const voice = path.join(workDir, 'narration.pcm');
  await writeFile(voice, narration.pcm);
  const voiceInput = ['-f', 's16le', '-ar', String(narration.sampleRate), '-ac', '1', '-i', voice];
  // One pass over the voice: its own loudness, and how much the MP3's limiter takes off it at
  // about the MP3's gain (speech's peaks stand ~19 dB over its loudness: at −19 LUFS the limiter
  // trims them and takes some tenths of a LU, which the MP3's gain then makes up).
  const probeGain = LOUDNESS_TARGETS.mp3.integrated + MP3_CODING_LOSS - (narration.roughLufs ?? TYPICAL_VOICE_LUFS);
  const pass = await measureGraph([...voiceInput, '-filter_complex',
    `[0:a]aresample=${PIECE_RATE},asplit[a][b];[a]${meter('raw', false)},anullsink;[b]volume=${probeGain.toFixed(2)}dB,${limiter(CEILING_DB.mp3)},${meter('limited', false)},anullsink`], timeoutMs);
  const voiceLufs = pass.raw?.integrated ?? null;
  if (voiceLufs === null) throw new Error('配音是静音：语音引擎没有发出声音');
  const limiterLoss = Math.max(0, voiceLufs + probeGain - (pass.limited?.integrated ?? voiceLufs + probeGain));
  const piece = (file: string) => ['-f', 's16le', '-ar', String(PIECE_RATE), '-ac', '1', '-i', file];
  const inputs = ['-protocol_whitelist', 'file,pipe', ...piece(opening.file), ...voiceInput, ...piece(closing.file)];
  // The three pieces at the reference, joined at the output's rate; then the output's own gain (and for the WAV, the 3 dB its second channel adds).
  const joined = (rate: number, gainDb: number) => `[0:a]aresample=${rate}[open];[2:a]aresample=${rate}[close];`
    + `[1:a]aresample=${rate},volume=${(REFERENCE_LUFS - voiceLufs).toFixed(2)}dB[voice];[open][voice][close]concat=n=3:v=0:a=1,volume=${gainDb.toFixed(2)}dB`;
  const mp3Gain = LOUDNESS_TARGETS.mp3.integrated - REFERENCE_LUFS + limiterLoss + MP3_CODING_LOSS;
  const wavGain = LOUDNESS_TARGETS.wav.integrated - STEREO_DB - REFERENCE_LUFS;
  const mp3 = path.join(workDir, 'programme.mp3');
  const wav = path.join(workDir, 'programme.wav');
  const mp3Graph = (gainDb: number) => `${joined(MP3_RATE, gainDb)},${limiter(CEILING_DB.mp3)}[mp3]`;
  const [first, wavLoudness] = await Promise.all([
    encodeMp3(inputs, mp3Graph(mp3Gain), mp3, timeoutMs),
    encodeWav(inputs, `${joined(PIECE_RATE, wavGain)},${limiter(CEILING_DB.wav)}`, wav, bext, timeoutMs),
  ]);
  // A voice unlike the usual (the limiter or the coder took more than aimed for): once more with the gain corrected by what was measured.
  const miss = LOUDNESS_TARGETS.mp3.integrated - (first.integrated ?? LOUDNESS_TARGETS.mp3.integrated);
  const mp3Loudness = Math.abs(miss) > MP3_TOLERANCE ? await encodeMp3(inputs, mp3Graph(mp3Gain + miss), mp3, timeoutMs) : first;
  return { mp3: { file: mp3, loudness: mp3Loudness }, wav: { file: wav, loudness: wavLoudness } };
}

/**
 * The WAV and its measurement in one run: the meter reads the very samples the file holds — after
 * the limiter and the conversion to 32-bit integers, of which pcm_s24le keeps the upper 24 (what
 * that drops is 144 dB down) — true peak 4× oversampled. Both channels are those samples (dual
 * mono), so the meter reads one and the programme's loudness is its reading + 3.01 dB: BS.1770
 * sums the channels' power, and two equal channels have twice one's (the test meters the file's
 * two channels against it). The description is the document's slug (ASCII): no Chinese in bext.
 */
async function encodeWav(inputs: string[], graph: string, file: string, bext: { description: string }, timeoutMs: number): Promise<Loudness> {
  let seconds = 0;
  const stderr = await runFfmpeg([...inputs, '-filter_complex', `${graph},aformat=sample_fmts=s32,asplit[w][m];[w]pan=stereo|c0=c0|c1=c0[wav];[m]${meter('wav', true)},anullsink`,
    '-map', '[wav]', '-c:a', 'pcm_s24le', '-ar', String(PIECE_RATE), '-ac', '2', '-write_bext', '1',
    '-metadata', `description=${bext.description}`, '-metadata', 'originator=Tongyuan', file], { timeoutMs, onProgress: (at) => (seconds = Math.max(seconds, at)) });
  const { integrated, truePeak } = summaries(stderr).wav;
  return { integrated: integrated === null ? null : Math.round((integrated + STEREO_DB) * 10) / 10, truePeak, seconds };
}

/**
 * The MP3, written to its file and, frame by frame as LAME makes them, to a second ffmpeg that
 * decodes and meters them (ffmpeg's tee muxer: the file gets its Xing/LAME header with the encoder
 * delay when done, the pipe the same frames, in 32 KB writes: `flush_packets=0`, or every 209-byte frame is a
 * write of its own for this process to pass on). Both run at once, on the two cores.
 */
async function encodeMp3(inputs: string[], graph: string, file: string, timeoutMs: number): Promise<Loudness> {
  let metered: Promise<Loudness> | undefined;
  const slaves = `[f=mp3:id3v2_version=3:write_xing=1]${file}|[f=mp3:id3v2_version=0:write_xing=0:flush_packets=0]pipe\\:3`;
  await runFfmpeg([...inputs, '-filter_complex', graph, '-map', '[mp3]', ...MP3_CODING, '-f', 'tee', slaves], {
    timeoutMs,
    output: (frames) => {
      metered = measureLoudness(['-f', 'mp3', '-i', 'pipe:0'], { truePeak: true, timeoutMs, feed: (stdin) => pipeline(frames, stdin) });
      metered.catch(() => undefined); // awaited below, once the encoder is done
    },
  });
  return metered!;
}

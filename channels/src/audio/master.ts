import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from '../media/ffmpeg';
import { PIECE_RATE, REFERENCE_LUFS, type Piece } from './idents';
import { LOUDNESS_TARGETS, measureGraph, measureLoudness, meter, type Loudness } from './loudness';
import type { NarrationTrack } from './narration';

/**
 * The finished programme in its two forms, from levelled pieces in one ffmpeg run:
 * - MP3 (phones, IP loudspeakers, podcasts): 44.1 kHz mono 64 kbit/s CBR (speech; LAME is the slowest step,
 *   and mono halves it), −16 LUFS, true peak ≤ −1 dBTP;
 * - broadcast WAV (radio, GY/T 282-2014): 48 kHz stereo 24-bit PCM with a bext chunk, −24 LKFS, true peak ≤ −2 dBTP.
 * The idents are levelled once when made (idents.ts); the narration is measured here (0.1 s for
 * minutes of speech at its own rate) and brought to the same reference, so the joined programme
 * sits at the reference with no pass over the whole: each output is a fixed gain from there, and a
 * limiter catches the few peaks the gain would push over. Each output is then measured as a file.
 */
export interface MasteredFile { file: string; loudness: Loudness }
export interface Mastered { mp3: MasteredFile; wav: MasteredFile }

/** Dual mono measures 3.01 dB louder than the mono it is made from (BS.1770 sums the channels' power). */
const STEREO_DB = 10 * Math.log10(2);
/** Sample-peak ceilings under each true-peak limit, with room for the MP3 encoder's overshoot and inter-sample peaks. */
const CEILING_DB = { mp3: -2, wav: -3 } as const;
const STEP = 2;
export const MP3_RATE = 44_100;

export async function masterProgramme(parts: { opening: Piece; narration: NarrationTrack; closing: Piece }, workDir: string, timeoutMs: number, bext: { description: string }): Promise<Mastered> {
  const { opening, narration, closing } = parts;
  const voice = path.join(workDir, 'narration.pcm');
  await writeFile(voice, narration.pcm);
  const voiceInput = ['-f', 's16le', '-ar', String(narration.sampleRate), '-ac', '1', '-i', voice];
  const measured = await measureLoudness(voiceInput, { truePeak: false, timeoutMs });
  if (measured.integrated === null) throw new Error('配音是静音：语音引擎没有发出声音');
  const voiceGain = REFERENCE_LUFS - measured.integrated;
  const piece = (file: string) => ['-f', 's16le', '-ar', String(PIECE_RATE), '-ac', '1', '-i', file];
  const inputs = [...piece(opening.file), ...voiceInput, ...piece(closing.file)];
  const gainFor = (target: number, stereo: boolean) => target - (REFERENCE_LUFS + (stereo ? STEREO_DB : 0));
  const limiter = (ceilingDb: number) => `alimiter=limit=${(10 ** (ceilingDb / 20)).toFixed(4)}:level=false:attack=1:release=50`;
  const mp3Chain = (gain: number, tag: string) => `[m${tag}]volume=${gain.toFixed(2)}dB,aresample=${MP3_RATE},${limiter(CEILING_DB.mp3)}[mp3${tag}]`;
  const joined = (outputs: string[]) => [
    `[1:a]aresample=${PIECE_RATE},volume=${voiceGain.toFixed(2)}dB[voice]`,
    `[0:a][voice][2:a]concat=n=3:v=0:a=1${outputs.length > 1 ? `,asplit=${outputs.length}` : ''}${outputs.map((o) => `[${o}]`).join('')}`,
  ];
  // The limiter takes loudness off speech's peaks, the more the louder it is pushed: the MP3's chain
  // is measured at two gains STEP dB apart and its gain found between them. At −24 LKFS the WAV's
  // peaks stay well under its ceiling: its gain is the reference's, its limiter a safety net.
  const first = gainFor(LOUDNESS_TARGETS.mp3.integrated, false);
  const trial = [...joined(['m0', 'm1']), mp3Chain(first, '0'), mp3Chain(first + STEP, '1'), `[mp30]${meter('at', false)}[o0]`, `[mp31]${meter('above', false)}[o1]`].join(';');
  const read = await measureGraph([...inputs, '-filter_complex', trial, '-map', '[o0]', '-map', '[o1]'], timeoutMs);
  const [at, above] = [read.at?.integrated, read.above?.integrated];
  const mp3Gain = at == null || above == null ? first : first + (LOUDNESS_TARGETS.mp3.integrated - at) / Math.max(0.2, (above - at) / STEP);
  const wavGain = gainFor(LOUDNESS_TARGETS.wav.integrated, true);
  const mp3 = path.join(workDir, 'programme.mp3');
  const wav = path.join(workDir, 'programme.wav');
  // Two lanes, two cores: each output encoded by its own ffmpeg (LAME is the slowest step), then measured as a file.
  const lane = async (file: string, graph: string, output: string[]) => {
    await runFfmpeg(['-protocol_whitelist', 'file', ...inputs, '-filter_complex', graph, ...output, file], { timeoutMs });
    return measureLoudness(['-i', file], { truePeak: true, timeoutMs });
  };
  const [mp3Loudness, wavLoudness] = await Promise.all([
    // LAME's quality 7 ("fast"): at 64 kbit/s mono speech no different to hear, at less than half the time of its default.
    lane(mp3, [...joined(['m0']), mp3Chain(mp3Gain, '0')].join(';'),
      ['-map', '[mp30]', '-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '7', '-ar', String(MP3_RATE), '-ac', '1', '-id3v2_version', '3', '-write_xing', '1']),
    // The description is the document's slug (ASCII): the bext chunk holds no Chinese.
    lane(wav, [...joined(['w']), `[w]pan=stereo|c0=c0|c1=c0,volume=${wavGain.toFixed(2)}dB,${limiter(CEILING_DB.wav)}[wav]`].join(';'),
      ['-map', '[wav]', '-c:a', 'pcm_s24le', '-ar', String(PIECE_RATE), '-ac', '2', '-write_bext', '1', '-metadata', `description=${bext.description}`, '-metadata', 'originator=Tongyuan']),
  ]);
  return { mp3: { file: mp3, loudness: mp3Loudness }, wav: { file: wav, loudness: wavLoudness } };
}

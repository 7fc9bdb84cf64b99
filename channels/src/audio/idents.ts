import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from '../media/ffmpeg';
import { meter, summaries } from './loudness';

/**
 * The brand column's opening and closing idents (片头、片尾) as pieces of a programme: mono 48 kHz
 * 16-bit PCM at the programme's reference loudness, made once per content and kept in the media
 * cache. An uploaded file is decoded and levelled; without one, a short generated chime (rising
 * for the opening, falling for the close) stands in. Numbers only ever reach a filter string.
 */
export const PIECE_RATE = 48_000;
/** Every piece is levelled to this before joining, so the join needs no second look at the whole. */
export const REFERENCE_LUFS = -23;
/** An ident longer than this is cut (a station's ident runs a few seconds). */
export const MAX_IDENT_SECONDS = 15;
/** An uploaded ident larger than this is refused (15 s of WAV at 48 kHz stereo 24-bit is 4.3 MB). */
export const MAX_IDENT_BYTES = 10 * 1024 * 1024;
const IDENT_VERSION = 2;

export interface Piece { file: string; seconds: number }
export type IdentKind = 'opening' | 'closing';

const CHIME: Record<IdentKind, number[]> = { opening: [523.25, 659.25, 783.99], closing: [783.99, 659.25, 523.25] };
const NOTE_SECONDS = 0.32;

/** The ident as a levelled PCM piece: from the upload's bytes when there is one, else the generated chime. */
export async function identPiece(kind: IdentKind, upload: Buffer | null, cacheDir: string, timeoutMs: number): Promise<Piece> {
  const key = createHash('sha256').update(JSON.stringify([IDENT_VERSION, kind, PIECE_RATE, REFERENCE_LUFS, MAX_IDENT_SECONDS]));
  if (upload) key.update(upload);
  const file = path.join(cacheDir, 'audio-idents', `${key.digest('hex')}.pcm`);
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomUUID()}`;
    const source = upload ? `${temp}.upload` : null;
    try {
      if (source) await writeFile(source, upload!);
      const { inputs, graph } = source ? { inputs: ['-i', source], graph: `[0:a]atrim=end=${MAX_IDENT_SECONDS}` } : chime(kind);
      // Decoded to float and measured in one run (the meter on a branch of the same samples), then levelled by the measured gain.
      const decode = `${graph},aresample=${PIECE_RATE},aformat=channel_layouts=mono,asplit[out][m];[m]${meter('ident', false)},anullsink`;
      const { integrated } = summaries(await runFfmpeg(['-protocol_whitelist', 'file,lavfi', ...inputs, '-filter_complex', decode, '-map', '[out]', '-f', 'f32le', temp], { timeoutMs })).ident;
      const raw = ['-f', 'f32le', '-ar', String(PIECE_RATE), '-ac', '1', '-i', temp];
      const gain = integrated === null ? 0 : REFERENCE_LUFS - integrated;
      await runFfmpeg(['-protocol_whitelist', 'file', ...raw, '-af', `volume=${gain.toFixed(2)}dB,alimiter=limit=0.5:level=false:attack=1`, '-f', 's16le', '-c:a', 'pcm_s16le', `${temp}.pcm`], { timeoutMs });
      await rename(`${temp}.pcm`, file);
    } finally {
      await Promise.all([temp, `${temp}.pcm`, `${temp}.upload`].map((f) => rm(f, { force: true })));
    }
  }
  return { file, seconds: (await stat(file)).size / 2 / PIECE_RATE };
}

/** Three soft notes (a major triad), each fading out: numbers only. The graph's output is its last filter's. */
function chime(kind: IdentKind): { inputs: string[]; graph: string } {
  const notes = CHIME[kind];
  const inputs = notes.flatMap((f) => ['-f', 'lavfi', '-i', `sine=frequency=${f}:sample_rate=${PIECE_RATE}:duration=${NOTE_SECONDS * 1.5}`]);
  const faded = notes.map((_, i) => `[${i}:a]afade=t=in:d=0.01,afade=t=out:st=0.05:d=${(NOTE_SECONDS * 1.45).toFixed(3)}[n${i}]`);
  // Each note starts NOTE_SECONDS after the last and rings on under the next.
  const delayed = notes.map((_, i) => `[n${i}]adelay=${Math.round(i * NOTE_SECONDS * 1000)}[d${i}]`);
  return { inputs, graph: [...faded, ...delayed, `${notes.map((_, i) => `[d${i}]`).join('')}amix=inputs=${notes.length}:duration=longest,apad=pad_len=${Math.round(0.3 * PIECE_RATE)}`].join(';') };
}

import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { runFfmpeg } from './ffmpeg';

/**
 * How videos are made fast. x264 spends about 14 ms of CPU on every 1080p frame, even one that
 * repeats the last, so holding a slide for 6 s costs 2 s. But a frame that repeats its
 * predecessor encodes, whatever the picture, to the same tiny P-frame of skipped macroblocks.
 * So each distinct still is encoded once, as a single keyframe (IDR with its SPS/PPS, raw H.264),
 * kept in a cache under its content hash; the repeat frames are encoded once per frame size
 * ("holds") and reused after every keyframe. A video is keyframe + holds, still after still,
 * streamed into ffmpeg, which stamps 25 fps timestamps and muxes an MP4 without decoding a frame.
 * Decoding gives exactly the still on every held frame (test/channels/cinema.test.ts checks it).
 * H.264 High yuv420p, constant 25 fps, a keyframe at least every 5 s; no B-frames (so decode
 * order is display order and splicing is safe). No user text reaches an ffmpeg argument.
 */
export const VIDEO_FORMAT = { fps: 25, sampleRate: 48_000 } as const;
/**
 * Timing quantum, 0.32 s: whole video frames and exactly 15 AAC frames at 48 kHz, so segments
 * (whose lengths are whole quanta) join into reels without audio gaps.
 */
export const UNIT_FRAMES = 8;
export const UNIT_SECONDS = UNIT_FRAMES / VIDEO_FORMAT.fps;
export const toUnits = (seconds: number) => Math.max(1, Math.ceil(seconds / UNIT_SECONDS - 1e-6));
const GOP_FRAMES = 125; // a keyframe at least every 5 s: players can seek, and fewer repeat frames to prepare

/** Encoder settings are part of every cache key: changing them re-encodes instead of mixing formats. */
const X264 = ['-c:v', 'libx264', '-profile:v', 'high', '-preset', 'veryfast', '-tune', 'stillimage', '-crf', '23', '-bf', '0',
  '-g', String(GOP_FRAMES), '-keyint_min', String(GOP_FRAMES), '-sc_threshold', '0', '-pix_fmt', 'yuv420p'];
export const ENCODER_VERSION = createHash('sha256').update(JSON.stringify({ X264, v: 5 })).digest('hex').slice(0, 12);

/**
 * How a video's picture is coded and its sound levelled: progressive at −23 LUFS (EBU R128) for
 * cinema and phones, or what a TV station asks for (interlaced, top field first, at −24 LKFS).
 * Its `name` is part of every cache key, so stills coded one way never land in a video of the other.
 */
export interface VideoEncoding {
  name: string;
  x264: string[];
  loudness: number;
  /** The limiter's sample-peak ceiling in dBFS, under the output's true-peak limit with room for AAC's overshoot (default −2: ≤ −1 dBTP). */
  ceilingDb?: number;
}
export const PROGRESSIVE: VideoEncoding = { name: '', x264: [], loudness: -23 };
/** MBAFF interlaced coding, top field first (both fields of a still are the same picture). */
export const INTERLACED_TFF = ['-flags', '+ildct+ilme', '-x264-params', 'interlaced=1:tff=1'];

const encoderArgs = (encoding: VideoEncoding) => [...X264, ...encoding.x264];
const versionOf = (encoding: VideoEncoding) => (encoding.name ? `${ENCODER_VERSION}-${encoding.name}` : ENCODER_VERSION);

export interface Still { key: string; draw(): { rgba: Buffer; width: number; height: number } }
export const stillKey = (svg: string, encoding: VideoEncoding = PROGRESSIVE) => createHash('sha256').update(versionOf(encoding)).update(svg).digest('hex');

const keyframePath = (cacheDir: string, key: string) => path.join(cacheDir, 'keyframes', `${key}.h264`);
type Size = { width: number; height: number };

/** Runs x264 on raw RGBA frames from stdin, writing each encoded frame to its own file (image2 muxer). */
async function encodeFrames(frames: number, size: Size, input: string[], extra: string[], feed: ((stdin: NodeJS.WritableStream) => Promise<void>) | undefined, dir: string, timeoutMs: number, encoding: VideoEncoding) {
  await runFfmpeg([
    '-protocol_whitelist', 'file,pipe,lavfi', ...input, '-frames:v', String(frames), '-an', ...encoderArgs(encoding), ...extra,
    '-f', 'image2', '-start_number', '0', path.join(dir, 'f%05d.h264'),
  ], { timeoutMs, feed });
  const made = (await readdir(dir)).filter((f) => f.endsWith('.h264')).sort();
  if (made.length !== frames) throw new Error(`编码结果不完整：应有 ${frames} 帧，得到 ${made.length} 帧`);
  return made.map((f) => path.join(dir, f));
}

/** Encodes the stills not yet in the cache, in one ffmpeg run, one keyframe each. Returns how many it encoded. */
export async function encodeStills(stills: Still[], size: Size, cacheDir: string, timeoutMs: number, encoding: VideoEncoding = PROGRESSIVE): Promise<number> {
  const pending = [...new Map(stills.filter((s) => !existsSync(keyframePath(cacheDir, s.key))).map((s) => [s.key, s])).values()];
  if (pending.length === 0) return 0;
  const work = path.join(cacheDir, 'tmp', randomUUID());
  await mkdir(work, { recursive: true });
  await mkdir(path.join(cacheDir, 'keyframes'), { recursive: true });
  try {
    const input = ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${size.width}x${size.height}`, '-framerate', String(VIDEO_FORMAT.fps), '-i', 'pipe:0'];
    const files = await encodeFrames(pending.length, size, input, ['-force_key_frames', 'expr:1'], async (stdin) => {
      for (const still of pending) {
        const frame = still.draw();
        if (frame.width !== size.width || frame.height !== size.height) throw new Error(`画面尺寸 ${frame.width}×${frame.height} 与视频 ${size.width}×${size.height} 不符`);
        if (!stdin.write(frame.rgba)) await once(stdin, 'drain');
      }
    }, work, timeoutMs, encoding);
    // Renamed into the cache only when whole: a killed encode leaves nothing half-written there.
    for (const [i, file] of files.entries()) await rename(file, keyframePath(cacheDir, pending[i].key));
    return pending.length;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const holdsInMemory = new Map<string, Promise<Buffer[]>>();

/** The GOP_FRAMES − 1 repeat frames that may follow any keyframe of this size, encoded once (and once at a time). */
function holdFrames(size: Size, cacheDir: string, timeoutMs: number, encoding: VideoEncoding): Promise<Buffer[]> {
  const name = `${versionOf(encoding)}-${size.width}x${size.height}`;
  let holds = holdsInMemory.get(name);
  if (!holds) {
    holds = loadHoldFrames(name, size, cacheDir, timeoutMs, encoding);
    holdsInMemory.set(name, holds);
    holds.catch(() => holdsInMemory.delete(name));
  }
  return holds;
}

async function loadHoldFrames(name: string, size: Size, cacheDir: string, timeoutMs: number, encoding: VideoEncoding): Promise<Buffer[]> {
  const file = path.join(cacheDir, 'holds', `${name}.json`);
  if (!existsSync(file)) {
    const work = path.join(cacheDir, 'tmp', randomUUID());
    await mkdir(work, { recursive: true });
    try {
      // Any picture will do: a repeat frame does not depend on it. Numbers only in the source spec.
      const input = ['-f', 'lavfi', '-i', `color=c=black:s=${size.width}x${size.height}:r=${VIDEO_FORMAT.fps}`];
      const files = await encodeFrames(GOP_FRAMES, size, input, [], undefined, work, timeoutMs, encoding);
      const holds = await Promise.all(files.slice(1).map(async (f) => (await readFile(f)).toString('base64')));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(holds));
      await rename(`${file}.tmp`, file);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  return (JSON.parse(await readFile(file, 'utf8')) as string[]).map((b) => Buffer.from(b, 'base64'));
}

/**
 * The finished video: each still's keyframe followed by repeat frames for as long as it is held
 * (a new keyframe every GOP_FRAMES), and the sound track encoded once for the whole length —
 * narration (raw PCM) brought to the encoding's loudness (EBU R128 −23 LUFS; a TV station's −24 LKFS) by a measured linear gain (ffmpeg's loudnorm
 * resamples to 192 kHz and took 4.6 s for 108 s of speech; measuring takes 0.13 s), a limiter
 * keeping peaks under the encoding's ceiling (2 dB under full scale: true peak under −1 dBTP; a TV
 * station's 3 dB: under its −2 dBTP); or silence.
 * AAC-LC 48 kHz stereo, faststart MP4. `runs` hold each still for a number of timing units.
 */
export interface Narration { pcm: string; sampleRate: number }

/** A still held for whole timing units, or for a number of frames (a TV slate's countdown second is 25). */
export type StillRun = { key: string; units: number } | { key: string; frames: number };
const framesOf = (run: StillRun) => ('frames' in run ? run.frames : run.units * UNIT_FRAMES);

export async function assembleVideo(runs: StillRun[], size: Size, cacheDir: string, narration: Narration | null, out: string, timeoutMs = 120_000, encoding: VideoEncoding = PROGRESSIVE): Promise<number> {
  const frames = runs.reduce((sum, run) => sum + framesOf(run), 0);
  const seconds = frames / VIDEO_FORMAT.fps;
  let audioInput = ['-f', 'lavfi', '-i', `anullsrc=r=${VIDEO_FORMAT.sampleRate}:cl=stereo`];
  let filter = 'apad';
  if (narration) {
    const pcmInput = ['-f', 's16le', '-ar', String(narration.sampleRate), '-ac', '1', '-i', narration.pcm];
    const measured = await integratedLoudness(pcmInput);
    const gain = measured === null ? 0 : encoding.loudness - measured;
    audioInput = pcmInput;
    filter = `aresample=${VIDEO_FORMAT.sampleRate},volume=${gain.toFixed(2)}dB,alimiter=limit=${(10 ** ((encoding.ceilingDb ?? -2.05) / 20)).toFixed(4)}:level=false:attack=1:release=50,apad`;
  }
  // AAC opens with one frame of encoder priming, which MP4 players skip (edit list) but a join by
  // stream copy keeps. One frame less of sound makes each segment's audio packets exactly as long
  // as its picture, so a reel of joined segments never drifts out of sync.
  filter += `,atrim=end_sample=${Math.round(seconds * VIDEO_FORMAT.sampleRate) - AAC_FRAME_SAMPLES}`;
  const holds = await holdFrames(size, cacheDir, timeoutMs, encoding);
  const keyframes = new Map<string, Buffer>();
  for (const run of runs) if (!keyframes.has(run.key)) keyframes.set(run.key, await readFile(keyframePath(cacheDir, run.key)));
  await runFfmpeg([
    '-protocol_whitelist', 'file,pipe,lavfi',
    '-f', 'h264', '-framerate', String(VIDEO_FORMAT.fps), '-i', 'pipe:0', ...audioInput,
    '-map', '0:v:0', '-map', '1:a:0', '-c:v', 'copy', '-af', filter,
    '-c:a', 'aac', '-b:a', '96k', '-ar', String(VIDEO_FORMAT.sampleRate), '-ac', '2',
    '-t', seconds.toFixed(3), '-movflags', '+faststart', out,
  ], {
    timeoutMs,
    async feed(stdin) {
      const write = async (bytes: Buffer) => {
        if (!stdin.write(bytes)) await once(stdin, 'drain');
      };
      for (const run of runs) {
        for (let left = framesOf(run); left > 0; left -= GOP_FRAMES) {
          await write(keyframes.get(run.key)!);
          for (const hold of holds.slice(0, Math.min(left, GOP_FRAMES) - 1)) await write(hold);
        }
      }
    },
  });
  return seconds;
}

const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Joins files of identical format by stream copy (concat demuxer in safe mode: the list holds
 * only plain names of files in `dir`) into a faststart MP4.
 */
export async function concatFiles(dir: string, names: string[], out: string): Promise<void> {
  for (const name of names) if (!SAFE_NAME.test(name)) throw new Error(`内部错误：拼接清单只接受字母数字文件名（${name}）`);
  const list = path.join(dir, `concat-${randomUUID()}.txt`);
  await writeFile(list, `${names.map((n) => `file '${n}'`).join('\n')}\n`);
  try {
    await runFfmpeg(['-protocol_whitelist', 'file', '-f', 'concat', '-safe', '1', '-i', list, '-c', 'copy', '-movflags', '+faststart', out], {
      timeoutMs: 120_000,
    });
  } finally {
    await rm(list, { force: true });
  }
}

export const LOUDNESS_TARGET = PROGRESSIVE.loudness;
const AAC_FRAME_SAMPLES = 1024;

/** Integrated loudness (LUFS) by ffmpeg's EBU R128 meter, or null for silence. */
export async function integratedLoudness(input: string[]): Promise<number | null> {
  const stderr = await runFfmpeg(['-protocol_whitelist', 'file', ...input, '-af', 'ebur128', '-f', 'null', '-'], { timeoutMs: 60_000 });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const match = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary);
  if (!match) throw new Error('无法测量响度：ffmpeg 没有给出 EBU R128 结果');
  return match[1] === '-inf' || Number(match[1]) < -69 ? null : Number(match[1]);
}

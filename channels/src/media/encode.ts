import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { runFfmpeg, runFfmpegCapture } from './ffmpeg';

/**
 * How videos are made fast. x264 spends about 6.5 ms on every 1080p frame, even a repeated one,
 * so a still held for 6 s costs 1 s to encode. Instead each distinct still is encoded once into a
 * short unit (UNIT_FRAMES frames of raw H.264, opening with a keyframe and its SPS/PPS, no
 * B-frames) kept in a cache under its content hash. A video is its units' bytes one after another,
 * streamed into ffmpeg, which stamps 25 fps timestamps and muxes an MP4 without decoding a frame
 * (joining MP4 units with the concat demuxer instead cost 8 ms per unit to probe).
 * Video is H.264 High yuv420p at a constant 25 fps; no user text reaches an ffmpeg argument.
 */
export const VIDEO_FORMAT = { fps: 25, sampleRate: 48_000 } as const;
export const UNIT_FRAMES = 16;
/** 0.64 s: whole video frames, and exactly 30 AAC frames at 48 kHz, so segments join without audio gaps. */
export const UNIT_SECONDS = UNIT_FRAMES / VIDEO_FORMAT.fps;
export const toUnits = (seconds: number) => Math.max(1, Math.ceil(seconds / UNIT_SECONDS - 1e-6));

/** Encoder settings are part of every cache key: changing them re-encodes instead of mixing formats. */
const X264 = ['-c:v', 'libx264', '-profile:v', 'high', '-preset', 'veryfast', '-tune', 'stillimage', '-crf', '23', '-bf', '0',
  '-g', String(UNIT_FRAMES), '-keyint_min', String(UNIT_FRAMES), '-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-bsf:v', 'dump_extra'];
export const ENCODER_VERSION = createHash('sha256').update(JSON.stringify({ X264, UNIT_FRAMES, v: 2 })).digest('hex').slice(0, 12);

export interface Still { key: string; draw(): { rgba: Buffer; width: number; height: number } }
export const stillKey = (svg: string) => createHash('sha256').update(ENCODER_VERSION).update(svg).digest('hex');

const unitPath = (cacheDir: string, key: string) => path.join(cacheDir, 'units', `${key}.h264`);

/**
 * Encodes the stills not yet in the cache, all in one ffmpeg run: raw RGBA frames go in through
 * stdin at one frame per unit, ffmpeg repeats each to UNIT_FRAMES frames, forces a keyframe at
 * every unit and the segment muxer writes each unit to its own file. Returns how many it encoded.
 */
export async function encodeStills(stills: Still[], size: { width: number; height: number }, cacheDir: string, timeoutMs: number): Promise<number> {
  const pending = [...new Map(stills.filter((s) => !existsSync(unitPath(cacheDir, s.key))).map((s) => [s.key, s])).values()];
  if (pending.length === 0) return 0;
  const work = path.join(cacheDir, 'tmp', randomUUID());
  await mkdir(work, { recursive: true });
  await mkdir(path.join(cacheDir, 'units'), { recursive: true });
  try {
    const boundaries = pending.slice(1).map((_, i) => (i + 1) * UNIT_FRAMES).join(',');
    await runFfmpeg([
      '-protocol_whitelist', 'file,pipe',
      '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${size.width}x${size.height}`, '-framerate', `${VIDEO_FORMAT.fps}/${UNIT_FRAMES}`, '-i', 'pipe:0',
      '-vf', `format=yuv420p,fps=${VIDEO_FORMAT.fps}`, '-frames:v', String(pending.length * UNIT_FRAMES), '-an', ...X264,
      '-force_key_frames', `expr:eq(mod(n,${UNIT_FRAMES}),0)`,
      '-f', 'segment', ...(boundaries ? ['-segment_frames', boundaries] : ['-segment_time', '100000']),
      '-segment_format', 'h264', path.join(work, 'u%05d.h264'),
    ], {
      timeoutMs,
      async feed(stdin) {
        // The last frame goes in twice: the fps filter only fills up to the last frame it has seen.
        for (const still of [...pending, pending[pending.length - 1]]) {
          const frame = still.draw();
          if (frame.width !== size.width || frame.height !== size.height) throw new Error(`画面尺寸 ${frame.width}×${frame.height} 与视频 ${size.width}×${size.height} 不符`);
          if (!stdin.write(frame.rgba)) await once(stdin, 'drain');
        }
      },
    });
    const made = (await readdir(work)).filter((f) => f.endsWith('.h264')).sort();
    if (made.length !== pending.length) throw new Error(`编码结果不完整：应有 ${pending.length} 段，得到 ${made.length} 段`);
    // Renamed into the cache only when whole: a killed encode leaves nothing half-written there.
    for (const [i, file] of made.entries()) await rename(path.join(work, file), unitPath(cacheDir, pending[i].key));
    return pending.length;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The finished video: cached units in order (each still held for its number of units) as the
 * picture, and the sound track encoded once for the whole length — narration (a WAV) brought to
 * EBU R128 −23 LUFS by a measured linear gain (ffmpeg's loudnorm resamples to 192 kHz and took
 * 4.6 s for 108 s of speech; measuring takes 0.13 s), a limiter keeping peaks 2 dB under full
 * scale so the true peak stays under −1 dBTP; or silence. AAC-LC 48 kHz stereo, faststart MP4.
 */
export async function assembleVideo(runs: Array<{ key: string; units: number }>, cacheDir: string, wav: string | null, out: string): Promise<number> {
  const frames = runs.reduce((sum, run) => sum + run.units, 0) * UNIT_FRAMES;
  const seconds = frames / VIDEO_FORMAT.fps;
  let audioInput = ['-f', 'lavfi', '-i', `anullsrc=r=${VIDEO_FORMAT.sampleRate}:cl=stereo`];
  let filter = 'apad';
  if (wav) {
    const measured = await integratedLoudness(wav);
    const gain = measured === null ? 0 : LOUDNESS_TARGET - measured;
    audioInput = ['-i', wav];
    filter = `aresample=${VIDEO_FORMAT.sampleRate},volume=${gain.toFixed(2)}dB,alimiter=limit=0.79:level=false:attack=1:release=50,apad`;
  }
  // AAC opens with one frame of encoder priming, which MP4 players skip (edit list) but a join by
  // stream copy keeps. One frame less of sound makes each segment's audio packets exactly as long
  // as its picture, so a reel of joined segments never drifts out of sync.
  filter += `,atrim=end_sample=${Math.round(seconds * VIDEO_FORMAT.sampleRate) - AAC_FRAME_SAMPLES}`;
  const units = new Map<string, Buffer>();
  for (const run of runs) if (!units.has(run.key)) units.set(run.key, await readFile(unitPath(cacheDir, run.key)));
  await runFfmpeg([
    '-protocol_whitelist', 'file,pipe,lavfi',
    '-f', 'h264', '-framerate', String(VIDEO_FORMAT.fps), '-i', 'pipe:0', ...audioInput,
    '-map', '0:v:0', '-map', '1:a:0', '-c:v', 'copy', '-af', filter,
    '-c:a', 'aac', '-b:a', '128k', '-ar', String(VIDEO_FORMAT.sampleRate), '-ac', '2',
    '-t', seconds.toFixed(3), '-movflags', '+faststart', out,
  ], {
    timeoutMs: 120_000,
    async feed(stdin) {
      for (const run of runs) {
        for (let i = 0; i < run.units; i += 1) if (!stdin.write(units.get(run.key)!)) await once(stdin, 'drain');
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

export const LOUDNESS_TARGET = -23;
const AAC_FRAME_SAMPLES = 1024;

/** Integrated loudness (LUFS) by ffmpeg's EBU R128 meter, or null for silence. */
export async function integratedLoudness(file: string): Promise<number | null> {
  const { stderr } = await runFfmpegCapture(['-protocol_whitelist', 'file', '-nostats', '-i', file, '-af', 'ebur128', '-f', 'null', '-']);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const match = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary);
  if (!match) throw new Error('无法测量响度：ffmpeg 没有给出 EBU R128 结果');
  return match[1] === '-inf' || Number(match[1]) < -69 ? null : Number(match[1]);
}

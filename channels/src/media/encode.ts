import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveFfmpeg, runFfmpeg } from './ffmpeg';

/**
 * How a reel is made. A still slide is encoded once into a short video-only clip (H.264 High,
 * yuv420p, 25 fps constant); clips are joined by stream copy (no re-encode); the sound track
 * (narration or silence) is encoded once for the whole result, AAC-LC 48 kHz stereo, and muxed
 * with the video copied. Per-clip audio would leave AAC padding gaps at every join and break the
 * constant frame rate. No user text ever reaches an ffmpeg argument or filter.
 */
export const VIDEO_FORMAT = { fps: 25, sampleRate: 48_000 } as const;

/**
 * Clip lengths are whole multiples of 0.32 s: 8 video frames at 25 fps and exactly 15 AAC frames
 * (1024 samples) at 48 kHz. A segment (clips + its own sound track) then ends on an audio frame
 * boundary too, so segments can later be joined into a reel by stream copy without gaps.
 */
export const CLIP_QUANTUM_SECONDS = 0.32;
export const quantizeSeconds = (seconds: number) =>
  Math.max(1, Math.round(seconds / CLIP_QUANTUM_SECONDS)) * CLIP_QUANTUM_SECONDS;

/**
 * A still held on screen is encoded once as two short units (1.28 s and 0.32 s); any duration is
 * then a run of those units in the concat list, joined by stream copy. Encoding a 6 s slide costs
 * 1.6 s of frames instead of 6.
 */
export interface StillUnits { long: string; short: string }
const LONG_UNIT = 4; // quanta in the long unit

export async function encodeStillUnits(png: string, outPrefix: string, size: { width: number; height: number }): Promise<StillUnits> {
  const units = { long: `${outPrefix}-l.mp4`, short: `${outPrefix}-s.mp4` };
  await encodeStill(png, LONG_UNIT * CLIP_QUANTUM_SECONDS, units.long, size);
  await encodeStill(png, CLIP_QUANTUM_SECONDS, units.short, size);
  return units;
}

/** The units that make up `seconds` (rounded to the quantum), for the concat list. */
export function unitsFor(units: StillUnits, seconds: number): string[] {
  const quanta = Math.round(quantizeSeconds(seconds) / CLIP_QUANTUM_SECONDS);
  return [...Array(Math.floor(quanta / LONG_UNIT)).fill(units.long), ...Array(quanta % LONG_UNIT).fill(units.short)];
}

export async function encodeStill(png: string, wantedSeconds: number, out: string, size: { width: number; height: number }): Promise<number> {
  const seconds = quantizeSeconds(wantedSeconds);
  await runFfmpeg([
    '-protocol_whitelist', 'file',
    '-loop', '1', '-framerate', String(VIDEO_FORMAT.fps), '-t', seconds.toFixed(3), '-i', png,
    '-vf', `scale=${size.width}:${size.height},format=yuv420p`,
    '-c:v', 'libx264', '-profile:v', 'high', '-preset', 'veryfast', '-tune', 'stillimage', '-r', String(VIDEO_FORMAT.fps),
    '-g', String(VIDEO_FORMAT.fps * 2), '-an', '-movflags', '+faststart', out,
  ], { timeoutMs: Math.max(60_000, seconds * 10_000) });
  return seconds;
}

/** Joins clips of identical format by stream copy (concat demuxer, safe mode) into a faststart MP4. */
export async function concatClips(clips: string[], out: string): Promise<void> {
  const list = `${out}.txt`;
  // Safe mode accepts only plain relative names: clips sit beside the list under names we chose.
  const names = clips.map((clip) => {
    if (path.dirname(clip) !== path.dirname(out) || !/^[A-Za-z0-9._-]+$/.test(path.basename(clip))) {
      throw new Error(`内部错误：片段 ${clip} 必须与输出文件同目录且只用字母数字命名`);
    }
    return `file '${path.basename(clip)}'`;
  });
  await writeFile(list, `${names.join('\n')}\n`);
  await runFfmpeg(['-protocol_whitelist', 'file', '-f', 'concat', '-safe', '1', '-i', list, '-c', 'copy', '-movflags', '+faststart', out], {
    timeoutMs: 120_000,
  });
}

/** The sound track, encoded once for the whole video: a WAV (narration) or silence; the video is copied. */
export async function addSoundTrack(video: string, wav: string | null, out: string): Promise<void> {
  const audioInput = wav ? ['-i', wav] : ['-f', 'lavfi', '-i', `anullsrc=r=${VIDEO_FORMAT.sampleRate}:cl=stereo`];
  await runFfmpeg([
    '-protocol_whitelist', 'file,lavfi', '-i', video, ...audioInput,
    '-map', '0:v:0', '-map', '1:a:0', '-c:v', 'copy',
    '-c:a', 'aac', '-b:a', '128k', '-ar', String(VIDEO_FORMAT.sampleRate), '-ac', '2',
    '-shortest', '-movflags', '+faststart', out,
  ], { timeoutMs: 120_000 });
}

export interface MediaDescription {
  durationSeconds: number;
  video: { codec: string; profile: string; pixelFormat: string; width: number; height: number; fps: number } | null;
  audio: { codec: string; profile: string; sampleRate: number; channels: string } | null;
}

/** What ffmpeg reports about a file (the bundled build has no ffprobe). */
export function describeMedia(file: string): MediaDescription {
  const { stderr } = spawnSync(resolveFfmpeg().path, ['-hide_banner', '-i', file], { encoding: 'utf8', timeout: 30_000 });
  const duration = /Duration: (\d+):(\d+):(\d+\.\d+)/.exec(stderr);
  const video = /Video: (\w+) \(([^)]+)\)[^,]*, (\w+)[^,]*(?:\([^)]*\))?, (\d+)x(\d+)[^\n]*?, (\d+(?:\.\d+)?) fps/.exec(stderr);
  const audio = /Audio: (\w+) \((\w+)\)[^,]*, (\d+) Hz, (\w+)/.exec(stderr);
  return {
    durationSeconds: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : 0,
    video: video ? { codec: video[1], profile: video[2], pixelFormat: video[3], width: Number(video[4]), height: Number(video[5]), fps: Number(video[6]) } : null,
    audio: audio ? { codec: audio[1], profile: audio[2], sampleRate: Number(audio[3]), channels: audio[4] } : null,
  };
}

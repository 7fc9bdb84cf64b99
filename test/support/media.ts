import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { resolveFfmpeg } from '@tongyuan/channels';
import sharp from 'sharp';

/** What ffprobe (a separate, newer build than the encoder) says about a file: the tests' independent eye. */
export function probe(file: string) {
  const ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
  const out = execFileSync(ffprobe, ['-v', 'error', '-show_format', '-show_streams', '-count_packets', '-of', 'json', file], { encoding: 'utf8' });
  const json = JSON.parse(out) as { format: Record<string, string>; streams: Array<Record<string, string | number>> };
  return {
    duration: Number(json.format.duration),
    video: json.streams.find((s) => s.codec_type === 'video'),
    audio: json.streams.find((s) => s.codec_type === 'audio'),
  };
}

/** Packet timestamps of the video stream: constant frame rate means every step is 1/25 s. */
export function videoPacketTimes(file: string): number[] {
  const ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
  const out = execFileSync(ffprobe, ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.trim().split('\n').map(Number).sort((a, b) => a - b);
}

/** A frame at `seconds` as raw RGB pixels (and the PNG path, kept in the temp dir to look at). */
export async function grabFrame(file: string, seconds: number, label = 'frame') {
  const png = path.join(os.tmpdir(), `tongyuan-${label}-${randomUUID().slice(0, 8)}.png`);
  execFileSync(resolveFfmpeg().path, ['-v', 'error', '-y', '-ss', seconds.toFixed(3), '-i', file, '-frames:v', '1', png]);
  const { data, info } = await sharp(readFileSync(png)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { png, data, width: info.width, height: info.height };
}

/** Bright (text-coloured) pixels inside a rectangle of a frame. */
export function brightPixels(frame: { data: Buffer; width: number }, box: { left: number; top: number; right: number; bottom: number }, threshold = 200) {
  let count = 0;
  for (let y = box.top; y < box.bottom; y += 1) {
    for (let x = box.left; x < box.right; x += 1) {
      const i = (y * frame.width + x) * 3;
      if (frame.data[i] > threshold && frame.data[i + 1] > threshold && frame.data[i + 2] > threshold) count += 1;
    }
  }
  return count;
}

/** EBU R128 integrated loudness and true peak of a file's audio, measured by ffmpeg's meter. */
export function loudness(file: string): { integrated: number; truePeak: number } {
  const result = require('node:child_process').spawnSync(resolveFfmpeg().path, ['-hide_banner', '-nostats', '-i', file, '-map', '0:a', '-af', 'ebur128=peak=true', '-f', 'null', '-'], { encoding: 'utf8' });
  const summary = String(result.stderr).slice(String(result.stderr).lastIndexOf('Summary:'));
  return { integrated: Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1]), truePeak: Number(/Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary)?.[1]) };
}

/** What a full decode of the file complains about (empty when every packet decodes). */
export function decodeErrors(file: string): string {
  const result = require('node:child_process').spawnSync(resolveFfmpeg().path, ['-hide_banner', '-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return String(result.stderr).trim();
}

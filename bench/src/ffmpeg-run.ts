import { spawn } from 'node:child_process';
import { resolveFfmpeg } from '@tongyuan/channels';

/** One ffmpeg call, timed from spawn to exit (the baseline's whole cost). */
export function runFfmpegTimed(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(resolveFfmpeg().path, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`ffmpeg ${code}: ${stderr}`))));
  });
}

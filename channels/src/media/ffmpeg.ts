import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Which ffmpeg to run: FFMPEG_PATH, else ffmpeg-static (an optional dependency whose install
 * script downloads a binary and fails where that host is unreachable), else
 * @ffmpeg-installer/ffmpeg (the binary ships inside the package). Resolved once; start-up logs it.
 */
export interface FfmpegBinary { path: string; source: 'FFMPEG_PATH' | 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg'; version: string }

let resolved: FfmpegBinary | undefined;

export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegBinary {
  if (resolved) return resolved;
  const candidates: Array<[FfmpegBinary['source'], () => string | undefined]> = [
    ['FFMPEG_PATH', () => env.FFMPEG_PATH || undefined],
    ['ffmpeg-static', () => optionalRequire<string>('ffmpeg-static')],
    ['@ffmpeg-installer/ffmpeg', () => optionalRequire<{ path: string }>('@ffmpeg-installer/ffmpeg')?.path],
  ];
  const tried: string[] = [];
  for (const [source, locate] of candidates) {
    const file = locate();
    if (!file) continue;
    if (!existsSync(file)) {
      tried.push(`${source}（${file} 不存在）`);
      continue;
    }
    const probe = spawnSync(file, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.status === 0) {
      resolved = { path: file, source, version: probe.stdout.split('\n')[0] };
      return resolved;
    }
    tried.push(`${source}（${file} 无法运行）`);
  }
  throw new Error(`找不到可用的 ffmpeg：请设置 FFMPEG_PATH，或重新运行 npm install。已尝试：${tried.join('；') || '无'}`);
}

function optionalRequire<T>(name: string): T | undefined {
  try {
    return require(name) as T;
  } catch {
    return undefined;
  }
}

export interface RunOptions {
  timeoutMs: number;
  onProgress?: (seconds: number) => void;
  /** Feeds ffmpeg's stdin (raw frames); ffmpeg reads `pipe:0`. */
  feed?: (stdin: NodeJS.WritableStream) => Promise<void>;
  /** Gets what ffmpeg writes to `pipe:3` (a second output beside the file, e.g. through the tee muxer) as it is written. */
  output?: (stream: NodeJS.ReadableStream) => void;
}

/**
 * Runs ffmpeg with an argument array (never a shell) and a time limit; progress comes from
 * `-progress pipe:1`. Resolves with the tail of what ffmpeg printed (measurements end up there);
 * rejects with the tail of ffmpeg's own message.
 */
export function runFfmpeg(args: string[], options: RunOptions): Promise<string> {
  const { path: ffmpeg } = resolveFfmpeg();
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', ...(options.feed ? [] : ['-nostdin']), '-y', '-progress', 'pipe:1', '-nostats', ...args], {
      stdio: [options.feed ? 'pipe' : 'ignore', 'pipe', 'pipe', ...(options.output ? ['pipe' as const] : [])],
    });
    if (options.output) options.output(child.stdio[3] as NodeJS.ReadableStream);
    let stderr = '';
    let fed: Error | null = null;
    if (options.feed) {
      // ffmpeg closing its input early (it failed) shows up as EPIPE here; its own message says why.
      child.stdin!.on('error', () => undefined);
      options.feed(child.stdin!).then(() => child.stdin!.end(), (error: Error) => {
        fed = error;
        child.kill('SIGKILL');
      });
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /out_time_us=(\d+)/.exec(chunk.toString());
      if (match && options.onProgress) options.onProgress(Number(match[1]) / 1e6);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (fed) reject(fed);
      else if (code === 0) resolve(stderr);
      else reject(new Error(signal === 'SIGKILL' ? `ffmpeg 超过 ${options.timeoutMs} ms 未完成，已终止` : `ffmpeg 失败（${code}）：${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}


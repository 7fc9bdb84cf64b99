import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The espeak-ng that `npm install` provides (@echogarden/espeak-ng-emscripten, WebAssembly), run in
 * worker threads — one per core, at most two — that sentences queue for, each to the thread with
 * the shortest queue (a programme's sentences are spoken two at a time). A thread that faults or
 * hangs is ended and the next request starts a new one: nothing about it is remembered as "broken".
 */
export const WASM_PACKAGE = '@echogarden/espeak-ng-emscripten';
const TIMEOUT_MS = 30_000;

interface Pending { resolve(value: { samples: Int16Array; sampleRate: number }): void; reject(error: Error): void; timer: NodeJS.Timeout }
interface Thread { worker: Worker; ready: Promise<void>; pending: Map<number, Pending> }

const THREADS = Math.max(1, Math.min(2, os.availableParallelism()));
const threads: Array<Thread | null> = [];
let nextId = 1;

/** The package's version, or null when it is not installed (read every time: it may be installed later). */
export function wasmPackageVersion(): string | null {
  try {
    const require = createRequire(__filename);
    const manifest = require.resolve(`${WASM_PACKAGE}/package.json`, { paths: [__dirname] });
    delete require.cache[manifest];
    return (require(manifest) as { version: string }).version;
  } catch {
    return null;
  }
}

function start(slot: number): Thread {
  const worker = new Worker(path.join(__dirname, 'speech-wasm-worker.mjs'));
  worker.unref(); // an idle voice never keeps a process alive
  const pending = new Map<number, Pending>();
  const fail = (error: Error) => {
    if (threads[slot]?.worker === worker) threads[slot] = null;
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`语音线程启动时退出（${code}）`)));
  });
  ready.catch(() => undefined);
  worker.on('message', (message: { id?: number; samples?: Int16Array; sampleRate?: number; error?: string }) => {
    const p = message.id === undefined ? undefined : pending.get(message.id);
    if (!p) return;
    pending.delete(message.id!);
    clearTimeout(p.timer);
    if (message.error !== undefined) p.reject(new Error(message.error));
    else p.resolve({ samples: message.samples!, sampleRate: message.sampleRate! });
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`语音线程已退出（${code}）`)));
  return { worker, ready, pending };
}

/** Speaks one sentence: 16-bit mono samples. */
export async function speakWasm(text: string, voice: string, wordsPerMinute: number): Promise<{ samples: Int16Array; sampleRate: number }> {
  for (let slot = 0; slot < THREADS; slot += 1) threads[slot] ??= start(slot);
  const current = (threads as Thread[]).reduce((best, t) => (t.pending.size < best.pending.size ? t : best));
  await current.ready;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`语音合成超过 ${TIMEOUT_MS / 1000} 秒未完成`));
      void current.worker.terminate(); // a hung thread is replaced, the sentences queued on it fail and are retried by their jobs
    }, TIMEOUT_MS);
    current.pending.set(id, { resolve, reject, timer });
    current.worker.postMessage({ id, text, voice, wordsPerMinute });
  });
}

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WaveFile } from 'wavefile';
import { speakWasm, WASM_PACKAGE, wasmPackageVersion } from './speech-wasm';

/**
 * Mandarin narration from espeak-ng, found anew for every render job (an engine installed or
 * broken since the last job counts at once). By default the WebAssembly build that `npm install`
 * brings: the same espeak-ng and voice data on every machine, so the same text sounds the same in
 * tests, on a laptop and in production, and no machine needs apt. The system's espeak-ng (Debian:
 * `apt-get install espeak-ng`) is the fallback, or the choice with SPEECH_ENGINE=system.
 * A job without an engine gets the reason, which its video carries to the authors and projectionists.
 */
export type SpeechPreference = 'auto' | 'npm' | 'system' | 'off';
export interface SpeechEngine { engine: 'espeak-ng-wasm' | 'espeak-ng'; version: string; voice: string; wordsPerMinute: number }
export type SpeechFound = { engine: SpeechEngine; reason: null } | { engine: null; reason: string };

const VOICE = 'cmn';
const WORDS_PER_MINUTE = 210; // espeak's "words" are syllables for Mandarin: about 3.5 characters a second
const PROBE = '配音';

/** The engine for this job: tried by saying a word, not only by looking for a file. */
export async function findSpeech(preference: SpeechPreference = 'auto'): Promise<SpeechFound> {
  if (preference === 'off') return { engine: null, reason: '配音已关闭（SPEECH_ENGINE=off）' };
  const reasons: string[] = [];
  if (preference !== 'system') {
    const version = wasmPackageVersion();
    const engine: SpeechEngine = { engine: 'espeak-ng-wasm', version: `${WASM_PACKAGE}@${version}`, voice: VOICE, wordsPerMinute: WORDS_PER_MINUTE };
    const error = version === null ? `未安装 ${WASM_PACKAGE}（运行 npm install）` : await probe(engine);
    if (error === null) return { engine, reason: null };
    reasons.push(`内置语音引擎不可用：${error}`);
  }
  if (preference !== 'npm') {
    const found = systemEspeak();
    if ('engine' in found) {
      const error = await probe(found.engine);
      if (error === null) return { engine: found.engine, reason: null };
      reasons.push(`系统 espeak-ng 无法发声：${error}`);
    } else reasons.push(found.reason);
  }
  return { engine: null, reason: `没有可用的语音引擎，视频无配音：${reasons.join('；')}` };
}

async function probe(engine: SpeechEngine): Promise<string | null> {
  try {
    const samples = await synthesize(engine, PROBE);
    return samples.samples.some((s) => Math.abs(s) > 64) ? null : '合成的声音是静音';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function systemEspeak(): { engine: SpeechEngine } | { reason: string } {
  const version = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (version.status !== 0) return { reason: '系统未安装 espeak-ng' };
  const voices = spawnSync('espeak-ng', [`--voices=${VOICE}`], { encoding: 'utf8', timeout: 5000 });
  if (voices.status !== 0 || !new RegExp(`\\b${VOICE}\\b`).test(voices.stdout)) return { reason: '系统 espeak-ng 缺少普通话语音（cmn）' };
  return { engine: { engine: 'espeak-ng', version: version.stdout.trim().split('\n')[0], voice: VOICE, wordsPerMinute: WORDS_PER_MINUTE } };
}

/** How a rendition names its engine to people: which build and version. */
export function speechLabel(engine: SpeechEngine): string {
  return engine.engine === 'espeak-ng-wasm' ? `espeak-ng（内置 ${engine.version}）` : `系统 ${engine.version}`;
}

export interface Speech { samples: Int16Array; sampleRate: number; seconds: number }

/**
 * Speaks one piece of text, cached by (engine and its version, voice, speed, text): one engine's
 * audio is never served for another's. The text is never an argument or markup: stdin for the
 * system program, escaped SSML for the WebAssembly build. The cache holds the samples as they are
 * used — the sample rate (4 bytes) then 16-bit mono PCM — written and read without a per-sample
 * step (packing a WAV sample by sample took more of a programme's time than speaking it).
 */
export async function speak(engine: SpeechEngine, text: string, cacheDir: string): Promise<Speech> {
  const key = createHash('sha256').update(JSON.stringify([engine.engine, engine.version, engine.voice, engine.wordsPerMinute, text])).digest('hex');
  const file = path.join(cacheDir, 'speech', `${key}.pcm`);
  if (existsSync(file)) {
    const bytes = await readFile(file);
    const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset + 4, bytes.byteOffset + 4 + ((bytes.length - 4) & ~1)));
    const sampleRate = bytes.readUInt32LE(0);
    return { samples, sampleRate, seconds: samples.length / sampleRate };
  }
  const { samples, sampleRate } = await synthesize(engine, text);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}`;
  try {
    const rate = Buffer.alloc(4);
    rate.writeUInt32LE(sampleRate);
    await writeFile(temp, Buffer.concat([rate, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]));
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
  return { samples, sampleRate, seconds: samples.length / sampleRate };
}

function pcmOf(file: Buffer): { samples: Int16Array; sampleRate: number } {
  const wav = new WaveFile(file);
  const format = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
  if (format.numChannels !== 1 || format.bitsPerSample !== 16) throw new Error(`espeak-ng 输出了 ${format.numChannels} 声道 ${format.bitsPerSample} 位，预期 16 位单声道`);
  // The PCM bytes as they are (wavefile's per-sample decoding took most of a segment's time).
  const bytes = (wav.data as { samples: Uint8Array }).samples;
  return { samples: new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~1))), sampleRate: format.sampleRate };
}

async function synthesize(engine: SpeechEngine, text: string): Promise<{ samples: Int16Array; sampleRate: number }> {
  if (engine.engine === 'espeak-ng-wasm') return speakWasm(text, engine.voice, engine.wordsPerMinute);
  const temp = path.join(os.tmpdir(), `tongyuan-probe-${randomUUID()}.wav`);
  try {
    await runEspeak(['-v', engine.voice, '-s', String(engine.wordsPerMinute), '--stdin', '-w', temp], text);
    return pcmOf(await readFile(temp));
  } finally {
    await rm(temp, { force: true });
  }
}

function runEspeak(args: string[], text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`espeak-ng 失败（${code}）：${stderr.trim()}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}

/** Places spoken pieces at their start times in one silent track `seconds` long: raw 16-bit mono PCM. */
export function narrationTrack(pieces: Array<{ at: number; speech: Speech }>, seconds: number): { pcm: Buffer; sampleRate: number } {
  const sampleRate = pieces[0]?.speech.sampleRate ?? 22_050;
  const track = new Int16Array(Math.round(seconds * sampleRate));
  for (const { at, speech } of pieces) {
    if (speech.sampleRate !== sampleRate) throw new Error('语音片段采样率不一致');
    track.set(speech.samples.subarray(0, Math.max(0, track.length - Math.round(at * sampleRate))), Math.round(at * sampleRate));
  }
  return { pcm: Buffer.from(track.buffer, track.byteOffset, track.byteLength), sampleRate };
}

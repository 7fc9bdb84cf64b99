import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { WaveFile } from 'wavefile';

/**
 * Mandarin narration from espeak-ng, when the machine has it with its Mandarin voice (Debian:
 * `apt-get install espeak-ng`). Detected once; the worker reports the result at start-up, and
 * without it videos carry a silent track and subtitles are timed to reading speed.
 */
export interface SpeechEngine { engine: 'espeak-ng'; version: string; voice: string; wordsPerMinute: number }

const VOICE = 'cmn';
const WORDS_PER_MINUTE = 210; // espeak's "words" are syllables for Mandarin: about 3.5 characters a second
let detected: SpeechEngine | null | undefined;

export function detectSpeech(): SpeechEngine | null {
  if (detected !== undefined) return detected;
  const version = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8', timeout: 5000 });
  const voices = version.status === 0 ? spawnSync('espeak-ng', [`--voices=${VOICE}`], { encoding: 'utf8', timeout: 5000 }) : null;
  detected = voices?.status === 0 && new RegExp(`\\b${VOICE}\\b`).test(voices.stdout)
    ? { engine: 'espeak-ng', version: version.stdout.trim().split('\n')[0], voice: VOICE, wordsPerMinute: WORDS_PER_MINUTE }
    : null;
  return detected;
}

export interface Speech { samples: Int16Array; sampleRate: number; seconds: number }

/**
 * Speaks one piece of text, cached by (voice, speed, text). The text goes in on stdin, never as an
 * argument (a leading "-" would read as an option) and without SSML, so nothing in it is markup.
 */
export async function speak(engine: SpeechEngine, text: string, cacheDir: string): Promise<Speech> {
  const key = createHash('sha256').update(JSON.stringify([engine.voice, engine.wordsPerMinute, text])).digest('hex');
  const file = path.join(cacheDir, 'speech', `${key}.wav`);
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomUUID()}`;
    try {
      await runEspeak(['-v', engine.voice, '-s', String(engine.wordsPerMinute), '--stdin', '-w', temp], text);
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
  }
  const wav = new WaveFile(await readFile(file));
  const format = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
  if (format.numChannels !== 1 || format.bitsPerSample !== 16) throw new Error(`espeak-ng 输出了 ${format.numChannels} 声道 ${format.bitsPerSample} 位，预期 16 位单声道`);
  // The PCM bytes as they are (wavefile's per-sample decoding took most of a segment's time).
  const bytes = (wav.data as { samples: Uint8Array }).samples;
  const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~1)));
  return { samples, sampleRate: format.sampleRate, seconds: samples.length / format.sampleRate };
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

import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg } from './ffmpeg';
import { speechSpans, type Span } from './recording-cues';

/**
 * A human recording of the narration (人声配音) as the channels use it. `analyseRecording` looks
 * at an upload once (ffmpeg: its stream, EBU R128 loudness and true peak, astats' full-scale
 * samples); `recordingProblems` says in Chinese what is wrong with it for a channel (preflight and
 * render refuse with the same words); `recordingTrack` decodes it to mono 48 kHz 16-bit PCM at the
 * programme's reference loudness with its pauses found (silencedetect on the levelled voice, so
 * the threshold means the same for a quiet and a loud recording), trimmed to the speech, cached
 * by content. Numbers only ever reach a filter string.
 */
export const RECORDING_RATE = 48_000;
export const RECORDING_LUFS = -23;
/** The largest upload read: 10 minutes of 48 kHz stereo 24-bit WAV is 173 MB. */
export const MAX_RECORDING_BYTES = 200 * 1024 * 1024;
export const MIN_SAMPLE_RATE = 16_000;
/** Quieter than this (integrated, LUFS) is no usable voice. */
const SILENT_LUFS = -50;
/** This many samples at full scale is clipping, not a stray peak. */
const CLIPPED_SAMPLES = 10;
/**
 * A pause (silencedetect: every sample under the threshold) at least this long. The threshold is
 * `overNoise` dB above the room's noise as levelled — the quietest 50 ms of the recording (astats'
 * RMS trough); noise peaks stand well above its RMS — kept between `floor` and `ceiling` dBFS under
 * the voice at −23 LUFS: digital silence gives the floor, a noisy room a higher threshold.
 */
export const PAUSE = { seconds: 0.35, overNoise: 20, floor: -50, ceiling: -28 };
/** Silence kept before the first word and after the last. */
const EDGE = 0.4;
const VERSION = 3;
/** What ffmpeg says of a file with no audio it can decode. */
const NOT_AUDIO = /Invalid data found|matches no streams|does not contain any stream|Invalid argument|could not find codec|Failed to read frame size|Error while decoding|moov atom not found/i;

export interface RecordingAnalysis {
  audio: boolean;
  codec: string | null;
  sampleRate: number | null;
  seconds: number;
  integrated: number | null;
  truePeak: number | null;
  /** Samples at 0 dBFS (astats' peak count when the peak is full scale). */
  fullScaleSamples: number;
  /** False when the file says it is far too long: its sound was not measured (the length is the first thing to fix). */
  measured: boolean;
}

export interface RecordingTrack { pcm: Buffer; sampleRate: number; seconds: number; spans: Span[] }

const analysed = new Map<string, Promise<RecordingAnalysis>>();

/**
 * One ffmpeg pass over the upload's bytes: what it is, how long, how loud, whether it clips.
 * Kept per content in this process (the programme and both videos look at the same upload, in
 * preflight and in render), the last few only.
 */
export function analyseRecording(bytes: Buffer, timeoutMs: number, maxSeconds = Infinity): Promise<RecordingAnalysis> {
  const key = `${createHash('sha256').update(bytes).digest('hex')}:${maxSeconds}`;
  let found = analysed.get(key);
  if (!found) {
    found = analyse(bytes, timeoutMs, maxSeconds);
    found.catch(() => analysed.delete(key));
    if (analysed.size >= 16) analysed.delete(analysed.keys().next().value as string);
    analysed.set(key, found);
  }
  return found;
}

async function analyse(bytes: Buffer, timeoutMs: number, maxSeconds: number): Promise<RecordingAnalysis> {
  const file = path.join(os.tmpdir(), `tongyuan-recording-${randomUUID()}`);
  await writeFile(file, bytes);
  let seconds = 0;
  try {
    // The container's stated length first: a file far past the limit is not decoded to be measured.
    const header = await runFfmpeg(['-protocol_whitelist', 'file', '-i', file, '-map', '0:a:0', '-t', '0', '-f', 'null', '-'], { timeoutMs });
    const [, h, m, sec] = /Duration: (\d+):(\d+):([\d.]+)/.exec(header) ?? [];
    const stated = h === undefined ? null : Number(h) * 3600 + Number(m) * 60 + Number(sec);
    if (stated !== null && stated > maxSeconds + 1) return { ...streamOf(header), audio: true, seconds: stated, integrated: null, truePeak: null, fullScaleSamples: 0, measured: false };
    const stderr = await runFfmpeg(['-protocol_whitelist', 'file', '-i', file, '-map', '0:a:0', '-af', 'astats,ebur128=peak=true:framelog=verbose', '-f', 'null', '-'], {
      timeoutMs, onProgress: (at) => (seconds = Math.max(seconds, at)),
    });
    const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
    const integrated = Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1] ?? NaN);
    const peak = Number(/True peak:\s+Peak:\s+(-?[\d.]+) dBFS/.exec(summary)?.[1] ?? NaN);
    const peakLevel = Number(/Peak level dB:\s*(-?[\d.]+|-inf)/.exec(stderr)?.[1] ?? NaN);
    const peakCount = Number(/Peak count:\s*(\d+)/.exec(stderr)?.[1] ?? 0);
    return {
      ...streamOf(stderr), audio: true, seconds, measured: true,
      integrated: Number.isFinite(integrated) && integrated > -69 ? integrated : null,
      truePeak: Number.isFinite(peak) ? peak : null,
      fullScaleSamples: peakLevel >= -0.01 ? peakCount : 0,
    };
  } catch (error) {
    // ffmpeg found no audio stream it can decode: not a recording (any other failure is the render's).
    if (!NOT_AUDIO.test(String((error as Error).message))) throw error;
    return { audio: false, codec: null, sampleRate: null, seconds: 0, integrated: null, truePeak: null, fullScaleSamples: 0, measured: false };
  } finally {
    await rm(file, { force: true });
  }
}

function streamOf(stderr: string): { codec: string | null; sampleRate: number | null } {
  const stream = /Stream #0:\d+[^:]*: Audio: ([\w-]+)[^\n]*?, (\d+) Hz/.exec(stderr);
  return { codec: stream?.[1] ?? null, sampleRate: stream ? Number(stream[2]) : null };
}

/** What to fix before a channel can use the recording, each said to the author; empty when it is fine. */
export function recordingProblems(mime: string, found: RecordingAnalysis | null, limits: { maxSeconds: number; scriptSeconds: number; channel: string }): string[] {
  if (!mime.startsWith('audio/') || !found?.audio) return [`人声配音不是可以播放的音频文件（${mime}）：请上传 MP3、WAV 或 M4A 录音`];
  const problems: string[] = [];
  const s = (n: number) => `${Math.round(n)} 秒`;
  if (found.sampleRate !== null && found.sampleRate < MIN_SAMPLE_RATE) problems.push(`人声配音的采样率只有 ${found.sampleRate} Hz，听起来发闷：请以 44.1 kHz 或 48 kHz（至少 16 kHz）重新录制或导出`);
  if (found.seconds > limits.maxSeconds) problems.push(`人声配音长 ${s(found.seconds)}，超过${limits.channel}的上限 ${s(limits.maxSeconds)}：请删减配音稿后重新录制`);
  if (!found.measured) return problems;
  if (found.integrated === null || found.integrated < SILENT_LUFS) {
    problems.push('人声配音几乎没有声音（静音或音量极低）：请检查麦克风后重新录制');
    return problems;
  }
  if ((found.truePeak !== null && found.truePeak >= 0) || found.fullScaleSamples >= CLIPPED_SAMPLES) {
    problems.push(`人声配音有削波失真（峰值${found.truePeak !== null ? ` ${found.truePeak.toFixed(1)} dBTP` : ''}达到满刻度）：请调低录音电平，留出余量后重新录制`);
  }
  const ratio = found.seconds / Math.max(1, limits.scriptSeconds);
  if (found.seconds <= limits.maxSeconds && ratio < 0.4) problems.push(`人声配音只有 ${s(found.seconds)}，配音稿按正常语速约需 ${s(limits.scriptSeconds)}：请完整朗读配音稿后重新上传`);
  if (found.seconds <= limits.maxSeconds && ratio > 2.5) problems.push(`人声配音长 ${s(found.seconds)}，配音稿按正常语速约需 ${s(limits.scriptSeconds)}：录音中可能有多余内容，请只朗读配音稿`);
  return problems;
}

/** The recording as levelled mono PCM with its speech spans, trimmed to EDGE seconds around the speech; made once per content. */
export async function recordingTrack(bytes: Buffer, cacheDir: string, timeoutMs: number): Promise<RecordingTrack> {
  const key = createHash('sha256').update(JSON.stringify([VERSION, RECORDING_RATE, RECORDING_LUFS, PAUSE, EDGE])).update(bytes).digest('hex');
  const base = path.join(cacheDir, 'recordings', key);
  if (!existsSync(`${base}.json`)) {
    await mkdir(path.dirname(base), { recursive: true });
    const temp = `${base}.${randomUUID()}`;
    try {
      await writeFile(`${temp}.upload`, bytes);
      // Decoded to mono float; astats on the way reads the room's noise (its summary ends ffmpeg's log: the overall one is last).
      const decoded = await runFfmpeg(['-protocol_whitelist', 'file', '-i', `${temp}.upload`, '-map', '0:a:0', '-af', 'astats', '-ac', '1', '-ar', String(RECORDING_RATE), '-f', 'f32le', `${temp}.f32`], { timeoutMs });
      const trough = Number([...decoded.matchAll(/RMS trough dB:\s*(-?[\d.]+|-inf)/g)].at(-1)?.[1] ?? NaN);
      const raw = ['-f', 'f32le', '-ar', String(RECORDING_RATE), '-ac', '1', '-i', `${temp}.f32`];
      const measured = await runFfmpeg(['-protocol_whitelist', 'file', ...raw, '-af', 'ebur128=framelog=verbose', '-f', 'null', '-'], { timeoutMs });
      const integrated = Number(/I:\s+(-?[\d.]+) LUFS/.exec(measured.slice(measured.lastIndexOf('Summary:')))?.[1] ?? NaN);
      const gain = Number.isFinite(integrated) && integrated > -69 ? RECORDING_LUFS - integrated : 0;
      // The pauses go to a file (ffmpeg's log is kept only to its tail: a long recording's first pauses would be lost).
      const log = `${temp}.silences`;
      if (/['\\]/.test(log)) throw new Error(`媒体缓存目录的路径含有引号或反斜杠，无法处理人声配音：${cacheDir}`);
      const noise = Number.isFinite(trough) ? trough + gain : -Infinity;
      const threshold = Math.min(PAUSE.ceiling, Math.max(PAUSE.floor, noise + PAUSE.overNoise));
      const graph = `volume=${gain.toFixed(2)}dB,silencedetect=n=${threshold.toFixed(1)}dB:d=${PAUSE.seconds},ametadata=mode=print:file='${log}',alimiter=limit=0.5:level=false:attack=1`;
      await runFfmpeg(['-protocol_whitelist', 'file', ...raw, '-af', graph, '-f', 's16le', '-c:a', 'pcm_s16le', `${temp}.pcm`], { timeoutMs });
      const pcm = await readFile(`${temp}.pcm`);
      const silences = existsSync(log) ? await readFile(log, 'utf8') : '';
      const trimmed = trim(pcm, silencesOf(silences, pcm.length / 2 / RECORDING_RATE));
      await writeFile(`${temp}.pcm`, trimmed.pcm);
      await rename(`${temp}.pcm`, `${base}.pcm`);
      await writeFile(`${temp}.json`, JSON.stringify({ spans: trimmed.spans }));
      await rename(`${temp}.json`, `${base}.json`);
    } finally {
      await Promise.all(['upload', 'f32', 'pcm', 'json', 'silences'].map((ext) => rm(`${temp}.${ext}`, { force: true })));
    }
  }
  const pcm = await readFile(`${base}.pcm`);
  const { spans } = JSON.parse(await readFile(`${base}.json`, 'utf8')) as { spans: Span[] };
  return { pcm, sampleRate: RECORDING_RATE, seconds: pcm.length / 2 / RECORDING_RATE, spans };
}

/** silencedetect's report (its frame metadata as ametadata prints it) as spans; a silence still open at the end runs to the end. */
export function silencesOf(report: string, seconds: number): Span[] {
  const silences: Span[] = [];
  for (const match of report.matchAll(/silence_(start|end)[=:] ?(-?[\d.]+)/g)) {
    const at = Math.max(0, Number(match[2]));
    if (match[1] === 'start') silences.push({ start: at, end: seconds });
    else if (silences.length) silences[silences.length - 1].end = at;
  }
  return silences;
}

function trim(pcm: Buffer, silences: Span[]): { pcm: Buffer; spans: Span[] } {
  const seconds = pcm.length / 2 / RECORDING_RATE;
  const spans = speechSpans(silences, seconds);
  if (spans.length === 0) return { pcm, spans };
  const from = Math.max(0, spans[0].start - EDGE);
  const to = Math.min(seconds, spans[spans.length - 1].end + EDGE);
  const sample = (t: number) => Math.round(t * RECORDING_RATE) * 2;
  const shift = sample(from) / 2 / RECORDING_RATE;
  return { pcm: pcm.subarray(sample(from), sample(to)), spans: spans.map((s) => ({ start: s.start - shift, end: s.end - shift })) };
}

import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { audioChannel, findSpeech, type AudioPayload, type Interpretation } from '@tongyuan/channels';
import { WaveFile } from 'wavefile';
import { identPiece, PIECE_RATE } from '../../channels/src/audio/idents';
import { masterProgramme, MP3_RATE } from '../../channels/src/audio/master';
import { narrationOf, SENTENCE_PAUSE } from '../../channels/src/audio/narration';
import { planProgramme } from '../../channels/src/audio/programme';
import { speak } from '../../channels/src/media/speech';
import { juxianInterpretation } from '../../test/support/fixtures';
import { localRenderContext } from '../../test/support/render-context';
import { runFfmpegTimed } from './ffmpeg-run';
import type { Figure } from './report';
import { informative, judged } from './verdict';

/**
 * The audio programme engine on a 3-minute programme from a cold cache (speech, idents, levelling
 * and both outputs all made anew, in a media cache of its own), in a render worker that has made
 * one programme before — as a running worker has: espeak-ng's WebAssembly build runs ~10× slower
 * for its first few sentences while V8 compiles it, once per thread (that first programme is its
 * own row). Beside it, one naive ffmpeg call that concatenates the same pieces (idents and every
 * spoken sentence, given to it ready-made and free) and normalizes them with loudnorm into the
 * same MP3 and WAV. Then what bounds it: each stage's CPU, LAME's alone. Then one key point changed.
 */
export async function measureAudioRender(): Promise<Figure[]> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-audio-'));
  const cache = (name: string) => path.join(root, name);
  const doc = threeMinuteDocument('');
  const first = await timed(() => render(threeMinuteDocument('（试播）'), cache('first')));
  const cold = await timed(() => render(doc, cache('cold')));
  const changedDoc = { ...doc, keyPoints: doc.keyPoints.map((k, i) => (i === 2 ? { ...k, text: `${k.text}（已更正）` } : k)) };
  const changed = await timed(() => render(changedDoc, cache('cold')));
  const stages = await profile(threeMinuteDocument('（分段计时）'), cache('profile'), root);
  const naiveMs = await naive(doc, cache('cold'), root);
  rmSync(root, { recursive: true, force: true });

  const seconds = cold.value.seconds;
  const realtime = seconds / (cold.ms / 1000);
  const load = os.loadavg().map((n) => n.toFixed(1)).join(' ');
  const raw = { programmeSeconds: seconds, coldMs: cold.ms, coldCpuMs: cold.cpuMs, firstMs: first.ms, firstCpuMs: first.cpuMs, changedMs: changed.ms, naiveMs, stages, outputs: cold.value.outputs, loadAverage: os.loadavg() };
  const cpu = (ms: number) => `${(ms / 1000).toFixed(2)} CPU·s`;
  return [
    judged({ name: '音频节目 冷启动 ×实时: 冷缓存（本篇无任何缓存），渲染进程已做过一个节目', goal: [{ figure: '×实时', is: '≥', limit: 60, unit: '×' }], figures: { '×实时': realtime },
      measured: `${realtime.toFixed(1)}×（${(cold.ms / 1000).toFixed(2)} s 出 ${seconds.toFixed(0)} s 节目，含配音合成；${cpu(cold.cpuMs)}；负载 ${load}）`, raw }),
    informative({ name: '音频节目 对比单条 ffmpeg（concat + loudnorm）', measured: `朴素 ${(naiveMs / 1000).toFixed(2)} s（不含配音）`, ratio: `${(naiveMs / cold.ms).toFixed(1)}×`, raw }),
    informative({ name: '音频节目 进程内第一个（语音引擎 JIT 预热）', measured: `${(first.ms / 1000).toFixed(2)} s，${cpu(first.cpuMs)}`, raw }),
    informative({ name: '音频节目 各步 CPU', measured: Object.entries(stages).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join('；'), raw }),
    informative({ name: '音频节目 改一条要点后重做', measured: `${(changed.ms / 1000).toFixed(2)} s`, raw }),
  ];
}

/** A Juxian interpretation long enough for about three minutes of speech: eight key points and four answers (`tag` makes its words its own). */
function threeMinuteDocument(tag: string): Interpretation {
  const base = juxianInterpretation();
  const point = (i: number) => ({ heading: `第${i + 1}项${tag}`, text: `个人缴费标准为每人每年400元，财政补助同步提高，第${i + 1}村的群众可以到村卫生室或者通过手机缴费，缴费后第二天就能查询到参保状态。${tag}` });
  const qa = (i: number) => ({ question: `问题${i + 1}：错过集中缴费期怎么办？${tag}`, answer: `错过集中缴费期的，可以在次年补缴，待遇等待期为3个月；困难群众的个人缴费部分由医疗救助资金资助。${tag}` });
  return { ...base, title: `${base.title}${tag}`, documentId: 'bench-audio', slug: 'bench-audio', channels: ['audio'], keyPoints: Array.from({ length: 8 }, (_, i) => point(i)), qa: Array.from({ length: 4 }, (_, i) => qa(i)) };
}

async function render(doc: Interpretation, cacheDir: string) {
  const local = localRenderContext({ cacheDir });
  const { payload } = await audioChannel.render(doc, local.ctx);
  rmSync(local.outDir, { recursive: true, force: true });
  return payload as AudioPayload;
}

/**
 * Each stage on its own, in a fresh cache, by CPU (this process, its speech threads and the ffmpeg
 * runs it waited for): the idents, the speech, the levelling and both outputs; and LAME alone
 * encoding the same voice, the one step no second core can share.
 */
async function profile(doc: Interpretation, cacheDir: string, root: string): Promise<Record<string, number>> {
  const engine = (await findSpeech()).engine!;
  const { plan } = planProgramme(doc);
  const idents = await timed(() => Promise.all([identPiece('opening', null, cacheDir, 60_000), identPiece('closing', null, cacheDir, 60_000)]));
  const speech = await timed(() => narrationOf(plan, engine, cacheDir));
  const work = path.join(root, 'profile-work');
  mkdirSync(work, { recursive: true });
  const [opening, closing] = idents.value;
  const master = await timed(() => masterProgramme({ opening, narration: speech.value, closing }, work, 60_000, { description: 'bench' }));
  const pcm = path.join(work, 'narration.pcm');
  const lame = await timed(() => runFfmpegTimed(['-f', 's16le', '-ar', String(speech.value.sampleRate), '-ac', '1', '-i', pcm, '-af', `aresample=${MP3_RATE}`,
    '-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '7', path.join(work, 'lame-alone.mp3')]));
  return { '片头片尾': idents.cpuMs, '配音合成': speech.cpuMs, '测量+两路编码+测量': master.cpuMs, '其中 LAME 单独': lame.cpuMs };
}

/** The same pieces, made beforehand and not timed: idents as raw PCM, every sentence a WAV with its pause; then one ffmpeg call. */
async function naive(doc: Interpretation, cacheDir: string, root: string): Promise<number> {
  const engine = (await findSpeech()).engine!;
  const { plan } = planProgramme(doc);
  const opening = await identPiece('opening', null, cacheDir, 60_000);
  const closing = await identPiece('closing', null, cacheDir, 60_000);
  const sentences = await Promise.all(plan.sections.flatMap((s) => s.sentences).map(async (text, i) => {
    const speech = await speak(engine, text, cacheDir);
    const padded = new Int16Array(speech.samples.length + Math.round(SENTENCE_PAUSE * speech.sampleRate));
    padded.set(speech.samples);
    const wav = new WaveFile();
    wav.fromScratch(1, speech.sampleRate, '16', padded);
    const file = path.join(root, `naive-${i}.wav`);
    writeFileSync(file, wav.toBuffer());
    return file;
  }));
  const raw = (file: string) => ['-f', 's16le', '-ar', String(PIECE_RATE), '-ac', '1', '-i', file];
  const inputs = [...raw(opening.file), ...sentences.flatMap((f) => ['-i', f]), ...raw(closing.file)];
  const count = sentences.length + 2;
  const graph = `${Array.from({ length: count }, (_, i) => `[${i}:a]aresample=${PIECE_RATE}[p${i}]`).join(';')};`
    + `${Array.from({ length: count }, (_, i) => `[p${i}]`).join('')}concat=n=${count}:v=0:a=1,asplit=2[a][b];`
    + '[a]loudnorm=I=-19:TP=-1.5:LRA=11,aresample=44100[mp3];[b]loudnorm=I=-24:TP=-2.5:LRA=11,aresample=48000,pan=stereo|c0=c0|c1=c0[wav]';
  const ms = await runFfmpegTimed([...inputs, '-filter_complex', graph,
    '-map', '[mp3]', '-c:a', 'libmp3lame', '-b:a', '64k', '-ac', '1', path.join(root, 'naive.mp3'),
    '-map', '[wav]', '-c:a', 'pcm_s24le', path.join(root, 'naive.wav')]);
  if (statSync(path.join(root, 'naive.mp3')).size === 0) throw new Error('朴素 ffmpeg 没有输出');
  return ms;
}

/** CPU milliseconds of this process (its worker threads included) and of the child processes it has waited for (Linux). */
function cpuMs(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in 100 Hz ticks
  } catch {
    children = 0;
  }
  return (own.user + own.system) / 1000 + children;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const started = performance.now();
  const cpu = cpuMs();
  const value = await run();
  return { ms: performance.now() - started, cpuMs: cpuMs() - cpu, value };
}

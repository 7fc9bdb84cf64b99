import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { audioChannel, findSpeech, type AudioPayload, type Interpretation } from '@tongyuan/channels';
import { WaveFile } from 'wavefile';
import { identPiece, PIECE_RATE } from '../../channels/src/audio/idents';
import { SENTENCE_PAUSE } from '../../channels/src/audio/narration';
import { planProgramme } from '../../channels/src/audio/programme';
import { speak } from '../../channels/src/media/speech';
import { juxianInterpretation } from '../../test/support/fixtures';
import { localRenderContext } from '../../test/support/render-context';
import { runFfmpegTimed } from './ffmpeg-run';
import type { Figure } from './report';
import { informative, judged } from './verdict';

/**
 * The audio programme engine on a 3-minute programme from a cold cache (speech included), beside
 * one naive ffmpeg call that concatenates the same pieces (idents and every spoken sentence, given
 * to it ready-made and free) and normalizes them with loudnorm into the same MP3 and WAV. Then
 * one key point changed (its sentences spoken anew, the rest from the cache).
 */
export async function measureAudioRender(): Promise<Figure[]> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-audio-'));
  const cacheDir = path.join(root, 'cache');
  const doc = threeMinuteDocument();
  const cold = await timed(() => render(doc, cacheDir));
  const changedDoc = { ...doc, keyPoints: doc.keyPoints.map((k, i) => (i === 2 ? { ...k, text: `${k.text}（已更正）` } : k)) };
  const changed = await timed(() => render(changedDoc, cacheDir));
  const naiveMs = await naive(doc, cacheDir, root);
  rmSync(root, { recursive: true, force: true });

  const seconds = cold.value.seconds;
  const realtime = seconds / (cold.ms / 1000);
  const raw = { programmeSeconds: seconds, coldMs: cold.ms, changedMs: changed.ms, naiveMs, outputs: cold.value.outputs };
  return [
    judged({ name: '音频节目 冷启动 ×实时', goal: [{ figure: '×实时', is: '≥', limit: 60, unit: '×' }], figures: { '×实时': realtime }, measured: `${realtime.toFixed(1)}×（${(cold.ms / 1000).toFixed(2)} s 出 ${seconds.toFixed(0)} s 节目，含配音合成）`, raw }),
    informative({ name: '音频节目 对比单条 ffmpeg（concat + loudnorm）', measured: `朴素 ${(naiveMs / 1000).toFixed(2)} s（不含配音）`, ratio: `${(naiveMs / cold.ms).toFixed(1)}×`, raw }),
    informative({ name: '音频节目 改一条要点后重做', measured: `${(changed.ms / 1000).toFixed(2)} s`, raw }),
  ];
}

/** A Juxian interpretation long enough for about three minutes of speech: eight key points and four answers. */
function threeMinuteDocument(): Interpretation {
  const base = juxianInterpretation();
  const point = (i: number) => ({ heading: `第${i + 1}项`, text: `个人缴费标准为每人每年400元，财政补助同步提高，第${i + 1}村的群众可以到村卫生室或者通过手机缴费，缴费后第二天就能查询到参保状态。` });
  const qa = (i: number) => ({ question: `问题${i + 1}：错过集中缴费期怎么办？`, answer: '错过集中缴费期的，可以在次年补缴，待遇等待期为3个月；困难群众的个人缴费部分由医疗救助资金资助。' });
  return { ...base, documentId: 'bench-audio', slug: 'bench-audio', channels: ['audio'], keyPoints: Array.from({ length: 8 }, (_, i) => point(i)), qa: Array.from({ length: 4 }, (_, i) => qa(i)) };
}

async function render(doc: Interpretation, cacheDir: string) {
  const local = localRenderContext({ cacheDir });
  const { payload } = await audioChannel.render(doc, local.ctx);
  rmSync(local.outDir, { recursive: true, force: true });
  return payload as AudioPayload;
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
    + '[a]loudnorm=I=-16:TP=-1.5:LRA=11,aresample=44100[mp3];[b]loudnorm=I=-24:TP=-2.5:LRA=11,aresample=48000,pan=stereo|c0=c0|c1=c0[wav]';
  const ms = await runFfmpegTimed([...inputs, '-filter_complex', graph,
    '-map', '[mp3]', '-c:a', 'libmp3lame', '-b:a', '64k', '-ac', '1', path.join(root, 'naive.mp3'),
    '-map', '[wav]', '-c:a', 'pcm_s24le', path.join(root, 'naive.wav')]);
  if (statSync(path.join(root, 'naive.mp3')).size === 0) throw new Error('朴素 ffmpeg 没有输出');
  return ms;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

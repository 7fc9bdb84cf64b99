import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildTimeline, concatFiles, findSpeech, LANDSCAPE, planInterpretationVideo, renderVideo, resolveFfmpeg, svgToPng, UNIT_SECONDS,
  type Interpretation, type MediaContext,
} from '@tongyuan/channels';
import pLimit from 'p-limit';
import { juxianInterpretation } from '../../test/support/fixtures';
import { runFfmpegTimed } from './ffmpeg-run';
import type { Figure } from './report';
import { judged } from './verdict';

/**
 * The cinema engine against a naive single ffmpeg call on the same slides: a 3-minute 1080p25
 * reel from 12 segments of about 15 s, cold (empty cache, narration included when espeak-ng is
 * installed), then one segment changed, then nothing changed. Side by side in one run.
 */
const SEGMENTS = 12;
const SEGMENT_SECONDS = 15;

export async function measureReelRender(): Promise<Figure[]> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-reel-'));
  const cacheDir = path.join(root, 'cache');
  const docs = Array.from({ length: SEGMENTS }, (_, i) => segmentDocument(i));
  const speech = (await findSpeech()).engine;

  const cold = await timed(() => renderReel(docs, cacheDir, root, 'cold'));
  const naive = await timed(() => renderNaive(docs, cacheDir, root));
  const changedDocs = docs.map((d, i) => (i === 5 ? { ...d, keyPoints: [{ ...d.keyPoints[0], text: `${d.keyPoints[0].text}（已更正）` }] } : d));
  const changed = await timed(() => renderReel(changedDocs, cacheDir, root, 'changed'));
  const unchanged = await timed(() => renderReel(changedDocs, cacheDir, root, 'unchanged'));
  rmSync(root, { recursive: true, force: true });

  const realtime = cold.value.seconds / (cold.ms / 1000);
  const faster = naive.value.ms / cold.ms; // the naive call alone, its PNGs drawn beforehand for free
  const sizeRatio = cold.value.bytes / naive.value.bytes;
  const raw = { segments: SEGMENTS, reelSeconds: cold.value.seconds, narration: speech?.engine ?? 'none', ffmpeg: resolveFfmpeg().version };
  return [
    judged({ name: '映前片 冷启动 ×实时', goal: [{ figure: '×实时', is: '≥', limit: 25, unit: '×' }], figures: { '×实时': realtime }, measured: `${realtime.toFixed(1)}×（${(cold.ms / 1000).toFixed(1)} s 出 ${cold.value.seconds.toFixed(0)} s 片）`, raw: { ...raw, coldMs: cold.ms } }),
    judged({ name: '映前片 对比单条 ffmpeg', goal: [{ figure: '快于朴素', is: '≥', limit: 8, unit: '×' }], figures: { 快于朴素: faster }, measured: `朴素 ${(naive.value.ms / 1000).toFixed(1)} s（不含配音）`, ratio: `${faster.toFixed(1)}×`, raw: { naiveMs: naive.value.ms, naiveVideoOnly: true } }),
    judged({ name: '映前片 文件大小 / 朴素', goal: [{ figure: '大小 / 朴素', is: '≤', limit: 5, unit: '×' }], figures: { '大小 / 朴素': sizeRatio }, measured: `${mb(cold.value.bytes)} / ${mb(naive.value.bytes)}`, ratio: `${sizeRatio.toFixed(2)}×`, raw: { bytes: cold.value.bytes, naiveBytes: naive.value.bytes } }),
    judged({ name: '映前片 改一条后重建', goal: [{ figure: '重建', is: '≤', limit: 5, unit: ' s' }], figures: { 重建: changed.ms / 1000 }, measured: `${(changed.ms / 1000).toFixed(2)} s`, raw: { ms: changed.ms } }),
    judged({ name: '映前片 未变重建（缓存）', goal: [{ figure: '重建', is: '≤', limit: 1, unit: ' s' }], figures: { 重建: unchanged.ms / 1000 }, measured: `${(unchanged.ms / 1000).toFixed(2)} s`, raw: { ms: unchanged.ms } }),
  ];
}

/** A short Juxian interpretation, different in each segment so nothing is shared by accident. */
function segmentDocument(i: number): Interpretation {
  const base = juxianInterpretation();
  return {
    ...base, documentId: `bench-${i}`, slug: `bench-${i}`,
    title: `第${i + 1}期：医保开始缴费`, brandColumn: null,
    keyPoints: [{ heading: base.keyPoints[i % 2].heading, text: i % 2 ? '即日起至12月31日缴费。' : `每人每年400元（第${i + 1}村）。` }], qa: [], basis: [],
  };
}

async function plan(doc: Interpretation) {
  return planInterpretationVideo(doc, { channel: 'cinema', layout: LANDSCAPE, minSeconds: SEGMENT_SECONDS, maxSeconds: SEGMENT_SECONDS, includeQa: false, basisRequired: true, pageUrl: `http://bench/${doc.slug}`, date: '2026年11月23日' });
}

/** Our path: segments rendered two at a time (a worker's concurrency on 2 cores), joined by stream copy. */
async function renderReel(docs: Interpretation[], cacheDir: string, root: string, label: string) {
  const dir = path.join(root, label);
  mkdirSync(dir, { recursive: true });
  const limit = pLimit(2);
  const files = await Promise.all(docs.map((doc, i) => limit(async () => {
    const workDir = path.join(dir, `work-${i}`);
    mkdirSync(workDir, { recursive: true });
    const media: MediaContext = { workDir, cacheDir, speech: await findSpeech(), timeoutMs: 600_000, reportProgress: async () => undefined };
    const video = await renderVideo(await plan(doc), media);
    return { video: video.video, seconds: video.seconds };
  })));
  // As buildReels: a reel whose segments are byte-for-byte the same is not joined again.
  const reelKey = files.map((f) => createHash('sha256').update(readFileSync(f.video)).digest('hex')).join(',');
  const known = joinedReels.get(reelKey);
  if (known) return known;
  const names = files.map((f, i) => {
    const name = `segment-${i}.mp4`;
    writeFileSync(path.join(dir, name), readFileSync(f.video));
    return name;
  });
  const out = path.join(dir, 'reel.mp4');
  await concatFiles(dir, names, out);
  const reel = { seconds: files.reduce((s, f) => s + f.seconds, 0), bytes: statSync(out).size, sha256: createHash('sha256').update(readFileSync(out)).digest('hex') };
  joinedReels.set(reelKey, reel);
  return reel;
}
const joinedReels = new Map<string, { seconds: number; bytes: number; sha256: string }>();

/** The baseline: the same stills as PNGs, one `-loop 1` input each, the concat filter, libx264 veryfast, one call. */
async function renderNaive(docs: Interpretation[], cacheDir: string, root: string) {
  const dir = path.join(root, 'naive');
  mkdirSync(dir, { recursive: true });
  const inputs: string[] = [];
  let count = 0;
  let seconds = 0;
  for (const doc of docs) {
    const timeline = await buildTimeline(await plan(doc), (await findSpeech()).engine, cacheDir);
    for (const stretch of timeline.stretches) {
      const png = path.join(dir, `still-${count}.png`);
      writeFileSync(png, svgToPng(stretch.svg));
      const duration = stretch.units * UNIT_SECONDS;
      inputs.push('-loop', '1', '-framerate', '25', '-t', duration.toFixed(2), '-i', png);
      seconds += duration;
      count += 1;
    }
  }
  const out = path.join(dir, 'naive.mp4');
  const filter = `${Array.from({ length: count }, (_, i) => `[${i}:v]`).join('')}concat=n=${count}:v=1:a=0,format=yuv420p[v]`;
  const ms = await runFfmpegTimed([...inputs, '-filter_complex', filter, '-map', '[v]', '-c:v', 'libx264', '-preset', 'veryfast', '-r', '25', out]);
  return { seconds, bytes: statSync(out).size, ms };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

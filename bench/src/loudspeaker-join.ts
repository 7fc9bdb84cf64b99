import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { audioChannel, resolveFfmpeg, type AudioPayload, type BuiltFile, type FollowUpDeps, type LiveRendition } from '@tongyuan/channels';
import { followUpDeps, type FollowUpRunDeps } from '../../publisher/src/pipeline/follow-up';
import { ArtifactStore } from '../../publisher/src/store/artifacts';
import { runFfmpegTimed } from './ffmpeg-run';
import type { Figure } from './report';
import { informative, judged } from './verdict';

/**
 * 村村响: a region's loudspeaker programme at the default limit (five 3-minute programmes, 15
 * minutes) built by the audio channel's follow-up through the publisher's own join and artifact
 * store, then rebuilt after one interpretation changed (its programme re-rendered: a new file).
 * Goal: one interpretation changed → the region's joined MP3 rebuilt in ≤ 2 s (for each of the default seven days, which share one file). Beside it, the
 * same MP3s decoded, joined and encoded again by one ffmpeg call (what a join without stream copy costs).
 * The programmes are made beforehand (untimed) in the programme's MP3 format, as master.ts codes it.
 */
const PROGRAMMES = 5;
const SECONDS = 180;

export async function measureLoudspeakerJoin(): Promise<Figure[]> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-loudspeakers-'));
  const artifacts = ArtifactStore.onDisk(path.join(root, 'store'));
  await artifacts.init();
  const programme = async (seed: number) => {
    const file = path.join(root, `programme-${seed}.mp3`);
    execFileSync(resolveFfmpeg().path, ['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', `anoisesrc=color=pink:duration=${SECONDS}:seed=${seed}`,
      '-af', 'volume=-12dB', '-ar', '44100', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '7', '-id3v2_version', '3', '-write_xing', '1', file]);
    return { file, ref: { name: `programme-${seed}.mp3`, mime: 'audio/mpeg', ...(await artifacts.putFile(file)) } };
  };
  const made = await Promise.all(Array.from({ length: PROGRAMMES + 1 }, (_, i) => programme(i + 1)));
  let live: Array<LiveRendition<AudioPayload>> = made.slice(0, PROGRAMMES).map((p, i) => rendition(`doc-${i}`, i, p.ref));
  const built = new Map<string, BuiltFile>();
  const deps = followUpDeps({
    channels: [audioChannel], logger: { info: () => undefined, warn: () => undefined } as never, clock: () => new Date(),
    queries: { liveOn: async () => live, inFlightOn: async () => 0 }, queues: { requestPolicyPush: async () => undefined },
    validity: { notInForce: async () => false },
    reels: {} as never,
    builtFiles: {
      list: async () => [...built.values()], save: async (_c: string, b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (_c: string, keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
    },
    artifacts,
    config: { MEDIA_CACHE_DIR: path.join(root, 'cache'), REEL_DAYS: 7, REEL_MAX_SECONDS: 300, LOUDSPEAKER_MAX_SECONDS: 900 }, // the default window: today and six days ahead, one join shared
  } as unknown as FollowUpRunDeps, audioChannel) as FollowUpDeps<AudioPayload>; // the publisher's deps, typed as the audio channel reads them

  const first = await timed(() => audioChannel.afterLive!(deps, 'bench'));
  live = live.map((item, i) => (i === 2 ? rendition('doc-2', 9, made[PROGRAMMES].ref) : item)); // re-rendered: a new MP3, now the newest
  const changed = await timed(() => audioChannel.afterLive!(deps, 'bench'));
  const joined = [...built.values()][0];
  const naiveMs = await runFfmpegTimed([...made.slice(0, PROGRAMMES).flatMap((p) => ['-i', p.file]), '-filter_complex', `concat=n=${PROGRAMMES}:v=0:a=1`,
    '-c:a', 'libmp3lame', '-b:a', '64k', '-ac', '1', path.join(root, 'naive.mp3')]);
  rmSync(root, { recursive: true, force: true });

  const raw = { programmes: PROGRAMMES, programmeSeconds: SECONDS, firstMs: first.ms, changedMs: changed.ms, naiveMs, joinedBytes: joined.file.size, report: changed.value };
  return [
    judged({ name: '村村响 改一条解读后重拼片区节目', goal: [{ figure: 'ms', is: '≤', limit: 2000, unit: 'ms' }], figures: { ms: changed.ms },
      measured: `${(changed.ms / 1000).toFixed(2)} s（${PROGRAMMES} 条 × ${SECONDS / 60} 分钟，流复制拼接）`, raw }),
    informative({ name: '村村响 对比重新编码拼接（concat + libmp3lame）', measured: `重新编码 ${(naiveMs / 1000).toFixed(2)} s`, ratio: `${(naiveMs / changed.ms).toFixed(1)}×`, raw }),
  ];
}

function rendition(documentId: string, order: number, file: LiveRendition['artifacts'][number]): LiveRendition<AudioPayload> {
  const payload = { seconds: SECONDS, department: '莒县医疗保障局', validTo: null, regions: [{ code: 'jx-east', name: '莒县东部片区' }] } as unknown as AudioPayload;
  return { documentId, channel: 'audio', hash: file.sha256, title: `节目${order}`, publishedAt: new Date(Date.UTC(2026, 11, 1, order)).toISOString(), updatedAt: '', payload, artifacts: [file] };
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

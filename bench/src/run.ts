import { measureFundLookup } from './fund-lookup';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack } from '../../test/support/stack';
import { measureAudioRender } from './audio-render';
import { measureFeedThroughput } from './feed-throughput';
import { measureLoudspeakerJoin } from './loudspeaker-join';
import { measurePublishLatency } from './publish-latency';
import { measureImageRender } from './image-render';
import { measurePrintRender } from './print-render';
import { measureReelRender } from './reel-render';
import { measureFullRepublish } from './republish';
import { measurePolicyMatching } from './policy-match';
import { measureLoadWhilePublishing } from './load';
import { measureNormsCheck } from './norms-check';
import { measureNormsRescan } from './norms-rescan';
import { measureRegistrations } from './registrations';
import { measureFundImport } from './fund-import';
import { measureCrossChecks } from './cross-checks';
import { measureScale } from './scale';
import { printTable, writeResults, type Figure } from './report';
import { createRequire } from 'node:module';

/**
 * `npm run bench` (`-- --quick` for a shorter run): boots the real parts, measures every figure
 * the issues set goals for, prints one table and writes bench/results/<time>.json.
 */
async function main() {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-bench-static-'));
  const figures: Figure[] = [];
  // The tests' global set-up: compiles the CMS (cms/dist) and builds the admin panel when stale, so a fresh clone can bench.
  await (createRequire(__filename)('../../test/support/global-setup.js') as () => Promise<void>)();
  if (only === 'republish' || only === 'policies' || only === 'images' || only === 'load' || only === 'norms' || only === 'print' || only === 'audio' || only === 'loudspeakers' || only === 'registrations' || only === 'funds' || only === 'crosschecks' || only === 'fundlookup' || only === 'scale') {
    const measure = {
      republish: () => measureFullRepublish(quick ? 100 : 1000), policies: () => measurePolicyMatching(quick ? 5 : 15), images: () => measureImageRender(),
      print: () => measurePrintRender(quick ? 5 : 20), audio: async () => [...(await measureAudioRender()), ...(await measureLoudspeakerJoin())],
      loudspeakers: () => measureLoudspeakerJoin(),
      registrations: () => measureRegistrations(quick),
      funds: () => measureFundImport(quick),
      crosschecks: () => measureCrossChecks(quick),
      fundlookup: () => measureFundLookup(quick),
      // Not in the full run: it grows one deployment to 20,000 interpretations (most of an hour on two cores).
      scale: () => measureScale(quick, {
        sizes: argument('--sizes=')?.split(',').map(Number), skip: argument('--skip=')?.split(','), largest: argument('--largest=') ? Number(argument('--largest=')) : undefined,
      }),
      load: () => measureLoadWhilePublishing(quick ? 15 : 60, quick ? 20 : 100), norms: async () => [...(await measureNormsCheck()), ...(await measureNormsRescan(quick ? 5000 : 20_000))],
    };
    figures.push(...(await measure[only]()));
    printTable(figures);
    console.log(`\n结果已写入 ${writeResults(figures, { quick })}`);
    return;
  }
  // First, on an idle machine: nothing else may compete with the encoder for the two cores.
  if (!process.argv.includes('--skip-video')) {
    console.log('测量映前片渲染（12 段、约 3 分钟，对比朴素的单条 ffmpeg）…');
    figures.push(...(await measureReelRender()));
    console.log('测量音频节目（约 3 分钟，冷启动含配音，对比朴素的单条 ffmpeg）…');
    figures.push(...(await measureAudioRender()));
    console.log('测量村村响片区节目（5 条 × 3 分钟，改一条后流复制重拼，对比重新编码）…');
    figures.push(...(await measureLoudspeakerJoin()));
  }
  console.log('测量封面和一图读懂的绘制…');
  figures.push(...(await measureImageRender()));
  console.log('测量印刷品（A4 明白纸、50 篇的 A5 小册子，对比 Chromium 打印）…');
  figures.push(...(await measurePrintRender(quick ? 5 : 20)));
  console.log('测量表述规范检查（5,000 字 × 100,000 条）…');
  figures.push(...(await measureNormsCheck()));
  console.log('启动 CMS、发布服务和渲染进程…');
  const stack = await startStack({ publisherEnv: { STATIC_DIR: staticDir, LOG_LEVEL: 'error', RECONCILE_INTERVAL_MS: '5000' } });
  try {
    const token = await stack.token(['create', '--name', 'bench', '--channels', 'web,feeds']);
    await waitForDemoContent(stack.url);
    console.log('测量发布到上线的延迟…');
    figures.push(...(await measurePublishLatency(stack, quick ? 15 : 50)));
    console.log('测量订阅源吞吐量（50 个连接）…');
    figures.push(...(await measureFeedThroughput(stack, token, staticDir, quick ? 5 : 15)));
  } finally {
    await stack.stop();
  }
  console.log('测量运营方负载下的发布（50 个连接拉取订阅源和变更，同时发布解读）…');
  figures.push(...(await measureLoadWhilePublishing(quick ? 15 : 60, quick ? 20 : 100)));
  console.log('测量政策匹配（1,700 个政策事项，20 个连接）…');
  figures.push(...(await measurePolicyMatching(quick ? 5 : 15)));
  console.log('测量开放活动报名（5,000 人 10 s 内抢 50 个名额，对比“先数再插”；持续吞吐量）…');
  figures.push(...(await measureRegistrations(quick)));
  console.log(`测量民生资金发放明细导入（${quick ? '100,000' : '1,000,000'} 行，SQLite 和 PostgreSQL，对比逐行 INSERT）…`);
  figures.push(...(await measureFundImport(quick)));
  console.log(`测量民生资金数据碰撞（${quick ? '60,000' : '300,000'} 行，SQLite 和 PostgreSQL，对比逐行核查）…`);
  figures.push(...(await measureCrossChecks(quick)));
  console.log(`测量民生资金村页面和本人查询（${quick ? '100' : '1,000'} 万行，20 个连接，SQLite 和 PostgreSQL）…`);
  figures.push(...(await measureFundLookup(quick)));
  // Its own stack: a thousand documents would slow the figures above.
  console.log(`测量全部重新发布（${quick ? 100 : 1000} 篇生成的解读 → 网站、订阅源、微信、微博、触摸屏）…`);
  figures.push(...(await measureFullRepublish(quick ? 100 : 1000)));
  printTable(figures);
  console.log(`\n结果已写入 ${writeResults(figures, { quick })}`);
}

const argument = (prefix: string) => process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);

async function waitForDemoContent(url: string) {
  for (let i = 0; i < 120; i += 1) {
    const feed = (await (await fetch(`${url}/feeds/juxian-portal/interpretations.json`)).json().catch(() => null)) as { items?: unknown[] } | null;
    if (feed?.items && feed.items.length >= 5) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('示例内容 60 秒内没有上线');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

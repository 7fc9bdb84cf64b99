import { rmSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { startCms, TEST_HOOK_SECRET } from '../../test/support/cms';
import { startStack, type Stack } from '../../test/support/stack';
import { measurePublishLatency } from './publish-latency';
import { sampleMemory, settle } from './republish';
import { writeResults, type Figure } from './report';
import { channelFeedLoad, channelStatus, coldStart, idleCpu, matchPoliciesLoad, reconcileTimes } from './scale-probes';
import { scaleFigures, type SizeResult } from './scale-figures';
import { secondWorker } from './scale-workers';

const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const COUNTIES = '20';

export interface ScaleOptions {
  /** `--sizes=1000,2000`: a shorter curve on a shared machine (first publication runs at about 4.5 interpretations a second on two cores). */
  sizes?: number[];
  /** `--skip=workers,policies`: leave out the second worker's republish (three full republishes) or the 17,000-item step. */
  skip?: string[];
  /** `--largest=5000`: the default curve up to this size (the 17,000-item step then runs at it). */
  largest?: number;
}

/**
 * The cost curve (`--only=scale`): one deployment — CMS (SQLite), publisher API and worker on a
 * PostgreSQL store, Redis — grown from the smallest size to the largest by starting the CMS again
 * with more generated interpretations (20 counties, 133 sites; only the new ones are created), and
 * at each size the same measurements (scale-probes.ts). At the first size a second worker joins a
 * full republish; at the largest the policy fixture grows from 1,700 to 17,000 items.
 */
export async function measureScale(quick: boolean, options: ScaleOptions = {}): Promise<Figure[]> {
  const curve = quick ? [200, 400] : [1000, 5000, 20_000];
  const sizes = options.sizes ?? (options.largest ? [...curve.filter((n) => n < options.largest!), options.largest] : curve);
  const manyPolicyItems = options.skip?.includes('policies') ? 0 : quick ? 3400 : 17_000;
  const span = quick ? { idle: 20, load: 3, publishes: 5 } : { idle: 60, load: 10, publishes: 20 };
  const database = `tongyuan_bench_scale_${Date.now()}`;
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${database}`);
  let stack: Stack | undefined;
  let queues: Queue[] = [];
  try {
    stack = await startStack({
      databaseUrl: PG_ADMIN.replace(/postgres$/, database),
      cmsEnv: { GENERATED_COUNTIES: COUNTIES, GENERATED_POLICY_ITEMS: '1700' },
      // As deployed: the product's intervals and concurrency, not the tests' short ones.
      publisherEnv: {
        NODE_ENV: 'production', CHANNELS: 'web,feeds,policy-match', LOG_LEVEL: 'error',
        RECONCILE_INTERVAL_MS: '', JOB_LOCK_MS: '', JOB_BACKOFF_MS: '', WORKER_CONCURRENCY: '',
      },
      workerEnv: { LOG_LEVEL: 'info' }, // its renders are counted from its log (scale-workers.ts)
    });
    const s = stack;
    queues = ['ingest', 'render', 'render-video', 'publish'].map((name) => new Queue(name, { connection: { host: '127.0.0.1', port: 6379 }, prefix: s.env.QUEUE_PREFIX }));
    const token = await s.token(['create', '--name', 'bench-scale', '--channels', 'web,feeds,policy-match', '--admin']);
    await untilSteady(s, queues, 'policy-match');
    const results: SizeResult[] = [];
    const run = { counties: Number(COUNTIES), publishes: span.publishes, idleSeconds: span.idle, loadSeconds: span.load };
    let partial: string | undefined;
    let generated = 0;
    for (const size of sizes) {
      const last = size === sizes[sizes.length - 1];
      console.log(`规模 ${size}：生成解读并等待全部上线…`);
      const liveBefore = (await channelStatus(s)).web;
      const seedSeconds = await growCms(s, size, 1700);
      const publishSeconds = await untilLive(s, queues, liveBefore.live + liveBefore.failed + (size - generated));
      generated = size;
      const memory = sampleMemory(s);
      console.log(`规模 ${size}：发布到上线、订阅源、政策匹配…`);
      const latency = await measurePublishLatency(s, span.publishes);
      const feed = await channelFeedLoad(s, token, span.load);
      const match = await matchPoliciesLoad(s, token, span.load);
      const rss = memory.stop();
      const workers = size === sizes[0] && !options.skip?.includes('workers') ? await secondWorker(s, queues, token) : undefined;
      const lastActivity = Date.now();
      console.log(`规模 ${size}：冷启动、对账、空闲 CPU…`);
      const cold = await coldStart(s);
      await settle(s, queues, 0, 300_000);
      const reconcile = await reconcileTimes(s);
      // Quiet: past the reconciler's look-back (RECONCILE_MARGIN_MS, 60 s) since the last publish, so its rounds find nothing changed.
      await new Promise((r) => setTimeout(r, Math.max(0, lastActivity + 65_000 - Date.now())));
      const idle = await idleCpu(s, span.idle);
      const status = await channelStatus(s);
      let match17k;
      if (last && manyPolicyItems > 0) {
        console.log(`规模 ${size}：政策事项增至 ${manyPolicyItems} 个…`);
        const seconds = await growCms(s, size, manyPolicyItems);
        await untilSteady(s, queues, 'policy-match');
        match17k = { ...(await matchPoliciesLoad(s, token, span.load)), items: manyPolicyItems, seedSeconds: seconds, rssApi: rssOf(s) };
      }
      results.push({
        size, seedSeconds, publishSeconds, live: status, idle, reconcile, coldStartMs: cold, feed, match, match17k, rss, workers,
        publishLiveP95: Math.max(...latency.map((f) => Number((f.raw.figures as Record<string, number>).p95))),
      });
      console.log(JSON.stringify(results[results.length - 1]));
      // A curve so far is kept as it grows: a run stopped during its largest size (an hour or more) keeps the sizes it measured.
      if (results.length >= 2 && !last) partial = writeResults(scaleFigures(results, run), { quick, file: partial });
    }
    if (partial) rmSync(partial, { force: true }); // the whole run's results are written by run.ts
    return scaleFigures(results, run);
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    if (stack) {
      await stack.stop();
      rmSync(path.dirname(stack.env.ARTIFACT_DIR), { recursive: true, force: true });
      rmSync(stack.cms.dataDir, { recursive: true, force: true });
    }
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

const rssOf = (stack: Stack) => sampleMemory(stack).stop().api.end;

/** The CMS started again on its data with more generated content (it creates only what is missing); the seconds that took. */
async function growCms(stack: Stack, interpretations: number, policyItems: number): Promise<number> {
  await stack.cms.stop();
  const started = performance.now();
  stack.cms = await startCms({
    dataDir: stack.cms.dataDir, port: Number(new URL(stack.env.STRAPI_URL).port), bootTimeoutMs: 3_600_000,
    env: {
      PUBLISHER_HOOK_URL: `${stack.url}/hooks/strapi`, HOOK_SECRET: TEST_HOOK_SECRET,
      GENERATED_COUNTIES: COUNTIES, GENERATED_POLICY_ITEMS: String(policyItems), GENERATED_INTERPRETATIONS: String(interpretations),
    },
  });
  return Math.round(performance.now() - started) / 1000;
}

/** Waits until the web channel has `target` renditions live or failed and nothing is left to do; the seconds that took. */
async function untilLive(stack: Stack, queues: Queue[], target: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const web = (await channelStatus(stack)).web;
    if (web.live + web.failed >= target && web.busy === 0) break;
    if (performance.now() - started > 3_600_000) throw new Error(`网站渠道一小时内没有全部上线：${JSON.stringify(web)}（目标 ${target}）`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  await settle(stack, queues, 0, 3_600_000);
  return Math.round(performance.now() - started) / 1000;
}

/** Waits until a channel's live count stood still, with nothing queued or rendering, for 10 s (the CMS's webhooks may trail its start). */
async function untilSteady(stack: Stack, queues: Queue[], channel: string): Promise<void> {
  const started = performance.now();
  let [live, steady] = [-1, 0];
  while (steady < 5) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = (await channelStatus(stack))[channel];
    steady = now && now.live === live && now.live > 0 && now.busy === 0 ? steady + 1 : 0;
    live = now?.live ?? -1;
    if (performance.now() - started > 3_600_000) throw new Error(`${channel} 一小时内没有稳定：${JSON.stringify(now)}`);
  }
  await settle(stack, queues, 0, 3_600_000);
}

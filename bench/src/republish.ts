import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { graphql, OPS, startStack, type Stack } from '../../test/support/stack';
import type { Figure } from './report';
import { informative, judged, type Condition } from './verdict';

const CHANNELS = ['web', 'feeds', 'wechat', 'weibo', 'kiosk'];
const basic = `Basic ${Buffer.from(`${OPS.user}:${OPS.password}`).toString('base64')}`;

/**
 * Full republish: `count` generated interpretations (GENERATED_INTERPRETATIONS in the CMS) plus the
 * demo content live on web, feeds, WeChat, Weibo and the kiosks; an administrator asks for every
 * document to be rendered again (republishAll) and the clock runs until every queue is empty and
 * every rendition is settled. The processes' resident memory is sampled throughout.
 */
export async function measureFullRepublish(count: number): Promise<Figure[]> {
  const stack = await startStack({
    cmsEnv: { GENERATED_INTERPRETATIONS: String(count) },
    // The product's own concurrency, not the tests' fixed one.
    publisherEnv: { CHANNELS: CHANNELS.join(','), LOG_LEVEL: 'error', RECONCILE_INTERVAL_MS: '5000', WORKER_CONCURRENCY: '' },
  });
  const queues = ['ingest', 'render', 'render-video', 'publish'].map((name) => new Queue(name, { connection: { host: '127.0.0.1', port: 6379 }, prefix: stack.env.QUEUE_PREFIX }));
  try {
    const admin = await stack.token(['create', '--name', 'bench-republish', '--channels', CHANNELS.join(','), '--admin']);
    // First publication of everything (the CMS's reconcile at start): not the figure, but it must be done.
    const first = await settle(stack, queues, count, 900_000);
    // As after a change to the image templates: nothing drawn before may be reused (channels still share within the run).
    rmSync(path.join(stack.env.MEDIA_CACHE_DIR, 'images'), { recursive: true, force: true });
    const redrawn = await republishOnce(stack, queues, admin, count);
    // As after a change to anything else (a web template, the font of the portal): the drawings are reused.
    const cached = await republishOnce(stack, queues, admin, count);
    // The goal is for 1,000 interpretations; a shorter (--quick) run is reported, not judged.
    const goal: Condition[] = [{ figure: 'seconds', is: '≤', limit: 120, unit: ' s' }];
    const row = (name: string, run: { seconds: number; measured: string }, raw: Record<string, unknown>) => (count >= 1000
      ? judged({ name, goal, figures: { seconds: run.seconds }, measured: run.measured, raw })
      : informative({ name, goal: '1,000 interpretations ≤ 120 s on 2 cores (not judged: fewer documents)', measured: run.measured, raw }));
    const worker = redrawn.rss.worker;
    return [
      row(`full republish, every image redrawn: ${redrawn.documents} documents → ${CHANNELS.join('/')} (${redrawn.renditions} renditions)`, redrawn, { ...redrawn, firstPublication: first }),
      row('full republish, drawings from the render cache (same documents)', cached, cached),
      judged({
        name: 'full republish (redrawn): peak RSS worker / API (start → end)',
        // Stable: the worker ends within a quarter of where it started plus some slack for caches.
        goal: [{ figure: 'worker end', is: '≤', limit: worker.start * 1.25 + 64, limitText: `1.25 × start + 64 MiB (${Math.round(worker.start * 1.25 + 64)} MiB)` }],
        figures: { 'worker end': worker.end },
        measured: `${worker.peak} MiB / ${redrawn.rss.api.peak} MiB (worker ${worker.start} → ${worker.end} MiB)`,
        raw: redrawn.rss,
      }),
    ];
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    await stack.stop();
  }
}

/** One republishAll, timed until everything settled, with the CPU each process used and the memory of API and worker. */
async function republishOnce(stack: Stack, queues: Queue[], admin: string, count: number) {
  const memory = sampleMemory(stack);
  const cpuBefore = { ...cpuSeconds(stack), redis: await redisCpuSeconds(queues[0]) };
  const started = performance.now();
  const { body } = await graphql(stack, admin, 'mutation { republishAll }');
  if (!body.data?.republishAll) throw new Error(`republishAll 失败：${JSON.stringify(body)}`);
  const settled = await settle(stack, queues, count, 900_000);
  const seconds = (performance.now() - started) / 1000;
  const rss = memory.stop();
  const cpuAfter = { ...cpuSeconds(stack), redis: await redisCpuSeconds(queues[0]) };
  const cpu = Object.fromEntries(Object.entries(cpuAfter).map(([k, v]) => [k, Math.round((v - cpuBefore[k as keyof typeof cpuBefore]) * 10) / 10]));
  const renditions = Object.values(settled.live).reduce((a, b) => a + b, 0);
  return {
    documents: body.data.republishAll as number, seconds, renditions, liveByChannel: settled.live, failed: settled.failed, rss, cpuSeconds: cpu,
    measured: `${seconds.toFixed(1)} s (${(renditions / seconds).toFixed(0)} renditions/s; CPU s worker ${cpu.worker} / Redis ${cpu.redis} / API ${cpu.api} / CMS ${cpu.cms})`,
  };
}

/** Waits until no job is waiting or running and every channel's renditions are live or failed. */
export async function settle(stack: Stack, queues: Queue[], count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let quietSince = 0;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    // Queue counts are cheap; /status (which the publisher computes in full) only once they are all zero.
    const jobs = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')));
    const pending = jobs.reduce((n, counts) => n + Object.values(counts).reduce((a, b) => a + b, 0), 0);
    if (pending > 0) {
      quietSince = 0;
      continue;
    }
    const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: basic, accept: 'application/json' } })).json()) as {
      channels: Array<Record<string, string | number>>;
    };
    const busy = status.channels.some((c) => Number(c.queued ?? 0) + Number(c.rendering ?? 0) > 0);
    const live = Object.fromEntries(status.channels.map((c) => [c.channel, Number(c.live ?? 0)]));
    const failed = Object.fromEntries(status.channels.map((c) => [c.channel, Number(c.failed ?? 0)]));
    const enough = (live.wechat ?? 0) + (failed.wechat ?? 0) >= count;
    // Quiet twice in a row: a job between queues (ingest done, render not yet added) is not "done".
    if (!busy && enough) {
      if (quietSince) return { live, failed };
      quietSince = Date.now();
    } else {
      quietSince = 0;
    }
  }
  throw new Error(`${timeoutMs / 1000} 秒内没有全部完成`);
}

/** CPU time (user + system) each process has used so far, in seconds: where the work went. */
function cpuSeconds(stack: Stack) {
  const of = (pid: number | undefined) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  };
  return { cms: of(stack.cms.process.child.pid), api: of(stack.api.child.pid), worker: of(stack.worker.child.pid) };
}

/** Redis's own CPU seconds (BullMQ's scripts run there, on the same two cores). */
async function redisCpuSeconds(queue: Queue): Promise<number> {
  const client = (await queue.client) as unknown as { info(section: string): Promise<string> };
  const info = await client.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** Resident set size of the API and worker processes every 250 ms, in MiB. */
export function sampleMemory(stack: Stack) {
  const read = (pid: number | undefined) => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb ? Math.round(Number(kb) / 1024) : 0;
    } catch {
      return 0;
    }
  };
  const series = { worker: [] as number[], api: [] as number[] };
  const tick = () => {
    series.worker.push(read(stack.worker.child.pid));
    series.api.push(read(stack.api.child.pid));
  };
  tick();
  const timer = setInterval(tick, 250);
  return {
    stop() {
      clearInterval(timer);
      tick();
      const summary = (s: number[]) => ({ start: s[0], end: s[s.length - 1], peak: Math.max(...s) });
      return { worker: summary(series.worker), api: summary(series.api) };
    },
  };
}

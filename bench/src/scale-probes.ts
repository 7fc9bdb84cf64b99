import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Reconciler } from '../../publisher/src/ingest/reconciler';
import { wireServices } from '../../publisher/src/main/wiring';
import { deleteRedisPrefix, graphql, OPS_AUTH, type Stack } from '../../test/support/stack';
import { OURS } from './feed-throughput';
import { distinctProfiles, FACETS, MATCH, run } from './policy-match';

/** The cost-curve benchmark's measurements of one size, each on the running stack (scale.ts grows it). */

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

export function rssMiB(pid: number | undefined): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : 0;
}

/** CPU seconds per minute of the CMS, the API and the worker over a quiet window of `seconds`, nothing asked of them. */
export async function idleCpu(stack: Stack, seconds: number) {
  const pids = { cms: stack.cms.process.child.pid, api: stack.api.child.pid, worker: stack.worker.child.pid };
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const minutes = (performance.now() - started) / 60_000;
  const per = (k: keyof typeof pids) => Math.round(((cpuSeconds(pids[k]) - before[k]) / minutes) * 100) / 100;
  return { cms: per('cms'), api: per('api'), worker: per('worker'), windowSeconds: seconds };
}

/**
 * The reconciler's two rounds, timed in this process on the stack's store and CMS: the full
 * comparison (at start and hourly: every published document listed and compared with the store)
 * and the watermark round after it (only what changed since). A queue prefix of its own gives it
 * its own lease, so the API's reconciler keeps running; what it would enqueue is counted, not done.
 */
export async function reconcileTimes(stack: Stack) {
  const prefix = `${stack.env.QUEUE_PREFIX}-reconcile`;
  const services = await wireServices('bench-reconcile', { ...process.env, ...stack.env, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error' });
  await services.counters.connect().catch(() => undefined); // as the API does: already connecting is fine
  const reconciler = new Reconciler(services);
  try {
    const timed = async () => {
      const started = performance.now();
      const round = await reconciler.runOnce();
      if (!round) throw new Error('对账租约未拿到');
      return { ms: Math.round(performance.now() - started), enqueued: round.enqueued, full: round.full };
    };
    const full = await timed();
    const watermark = await timed();
    return { fullMs: full.ms, watermarkMs: watermark.ms, enqueued: full.enqueued + watermark.enqueued, rounds: [full, watermark] };
  } finally {
    await reconciler.stop();
    await services.queues.close();
    services.counters.disconnect();
    await services.db.destroy();
    await deleteRedisPrefix(prefix);
  }
}

/** Publisher cold start: the API process stopped and started again, from spawn until /healthz answers. */
export async function coldStart(stack: Stack): Promise<number> {
  await stack.api.stop();
  const started = performance.now();
  await stack.startApi();
  return Math.round(performance.now() - started);
}

/** `channelFeed` (20 items of the feeds channel) at 50 connections, as the feed benchmark asks it. */
export async function channelFeedLoad(stack: Stack, token: string, seconds: number) {
  const options = {
    url: `${stack.url}/graphql`, method: 'POST' as const, connections: 50, timeout: 10,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: OURS }),
  };
  const once = (duration: number) => new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ ...options, duration }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  await once(2); // warm-up
  const r = await once(seconds);
  return { p50: r.latency.p50, p99: r.latency.p99, rps: Math.round(r.requests.average), errors: r.errors + r.non2xx + r.timeouts };
}

/** matchPolicies with every question new (up to 20,000 distinct profiles, no cache), 20 connections, p95. */
export async function matchPoliciesLoad(stack: Stack, token: string, seconds: number) {
  const { body: all } = await graphql(stack, token, MATCH, { p: [] });
  const { body: facets } = await graphql(stack, token, FACETS, { s: [] });
  const tagsOf = (dimension: string) => (facets.data.policyFacets as Array<{ dimension: string; tags: Array<{ id: string }> }>)
    .find((f) => f.dimension === dimension)!.tags.map((t) => t.id);
  const bodies = distinctProfiles(tagsOf).map((p) => JSON.stringify({ query: MATCH, variables: { p, q: null } }));
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const r = await run(`${stack.url}/graphql`, 'POST', auth, bodies, seconds);
  return { p50: r.p50, p95: Math.round(r.p95 * 10) / 10, rps: Math.round(r.rps), errors: r.errors, validItems: all.data.matchPolicies.total as number };
}

/** The publisher's /status: live, queued and rendering per channel. */
export async function channelStatus(stack: Stack): Promise<Record<string, { live: number; failed: number; busy: number }>> {
  const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as {
    channels: Array<Record<string, string | number>>;
  };
  return Object.fromEntries(status.channels.map((c) => [c.channel, { live: Number(c.live ?? 0), failed: Number(c.failed ?? 0), busy: Number(c.queued ?? 0) + Number(c.rendering ?? 0) }]));
}


import type { Figure } from './report';
import { informative, judged } from './verdict';

type Load = { p50: number; p99?: number; p95?: number; rps: number; errors: number };

/** What scale.ts measured at one size. */
export interface SizeResult {
  size: number;
  seedSeconds: number;
  publishSeconds: number;
  live: Record<string, { live: number; failed: number }>;
  idle: { cms: number; api: number; worker: number; windowSeconds: number };
  reconcile: { fullMs: number; watermarkMs: number; enqueued: number };
  coldStartMs: number;
  feed: Load & { p99: number };
  match: Load & { p95: number; validItems: number };
  match17k?: Load & { p95: number; validItems: number; items: number; seedSeconds: number; rssApi: number };
  rss: { api: { peak: number; end: number }; worker: { peak: number; end: number } };
  workers?: {
    one: { seconds: number; renders: number; duplicated: number };
    two: { seconds: number; renders: number; perWorker: number[]; duplicated: number; documents: number };
    /** The same republish just after the second worker started (absent from runs before 2026-12-05's third). */
    cold?: { seconds: number; renders: number; perWorker: number[]; duplicated: number };
    secondShare: number;
    coldShare?: number;
  };
  publishLiveP95: number;
}

const n = (x: number) => x.toLocaleString('en-US');
const idleTotal = (r: SizeResult) => Math.round((r.idle.cms + r.idle.api + r.idle.worker) * 100) / 100;

/**
 * One informative row per size (every figure of that size), then the goals of issue 22 judged
 * across the sizes: idle CPU and channelFeed p99 of the largest against the smallest, and the
 * worst publish→live p95, API memory and cold start of any size.
 */
export function scaleFigures(results: SizeResult[], run: { counties: number; publishes: number; idleSeconds: number; loadSeconds: number }): Figure[] {
  const [first, last] = [results[0], results[results.length - 1]];
  const figures: Figure[] = results.map((r) => informative({
    name: `cost curve at ${n(r.size)} interpretations (${run.counties} counties, 133 sites; store PostgreSQL, CMS SQLite)`,
    goal: 'one size of the cost curve',
    measured: `idle CPU s/min CMS ${r.idle.cms} / API ${r.idle.api} / worker ${r.idle.worker} (${r.idle.windowSeconds} s window); `
      + `reconcile full ${r.reconcile.fullMs} ms, watermark ${r.reconcile.watermarkMs} ms; publish→live p95 ${Math.round(r.publishLiveP95)} ms; `
      + `channelFeed p99 ${r.feed.p99} ms (${n(r.feed.rps)} req/s); matchPolicies p95 ${r.match.p95} ms (1,700 items); `
      + `RSS API ${r.rss.api.peak} / worker ${r.rss.worker.peak} MiB; cold start ${(r.coldStartMs / 1000).toFixed(1)} s`,
    raw: { ...r },
  }));
  const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 0.01)) * 100) / 100;
  const sizes = `${n(first.size)} → ${n(last.size)}`;
  figures.push(judged({
    name: `cost curve: idle CPU per minute, CMS + API + worker, ${sizes} interpretations`, goal: [{ figure: 'ratio', is: '≤', limit: 1.5, unit: '×' }],
    figures: { ratio: ratio(idleTotal(last), idleTotal(first)) },
    measured: results.map((r) => `${n(r.size)}: ${idleTotal(r)} CPU s/min`).join(', '), ratio: `${ratio(idleTotal(last), idleTotal(first))}×`,
  }));
  const worstLatency = Math.max(...results.map((r) => r.publishLiveP95));
  figures.push(judged({
    name: `cost curve: publish→live p95 at every size (${run.publishes} publishes each, web and feeds)`, goal: [{ figure: 'worst p95', is: '<', limit: 1000, unit: ' ms' }],
    figures: { 'worst p95': worstLatency }, measured: results.map((r) => `${n(r.size)}: ${Math.round(r.publishLiveP95)} ms`).join(', '),
  }));
  figures.push(judged({
    name: `cost curve: channelFeed p99 at 50 connections, ${sizes} interpretations`, goal: [{ figure: 'ratio', is: '≤', limit: 1.5, unit: '×' }, { figure: 'errors', is: '=', limit: 0 }],
    figures: { ratio: ratio(last.feed.p99, first.feed.p99), errors: results.reduce((e, r) => e + r.feed.errors, 0) },
    measured: results.map((r) => `${n(r.size)}: p99 ${r.feed.p99} ms`).join(', '), ratio: `${ratio(last.feed.p99, first.feed.p99)}×`,
  }));
  const apiPeak = Math.max(...results.map((r) => Math.max(r.rss.api.peak, r.match17k?.rssApi ?? 0)));
  figures.push(judged({
    name: 'cost curve: API memory (peak RSS under load) at every size', goal: [{ figure: 'peak', is: '≤', limit: 1024, unit: ' MiB' }],
    figures: { peak: apiPeak }, measured: results.map((r) => `${n(r.size)}: API ${r.rss.api.peak} / worker ${r.rss.worker.peak} MiB`).join(', ')
      + (last.match17k ? `; API ${last.match17k.rssApi} MiB with ${n(last.match17k.items)} policy items` : ''),
  }));
  const slowest = Math.max(...results.map((r) => r.coldStartMs)) / 1000;
  figures.push(judged({
    name: 'cost curve: publisher cold start (process start → /healthz) at every size', goal: [{ figure: 'slowest', is: '≤', limit: 30, unit: ' s' }],
    figures: { slowest }, measured: results.map((r) => `${n(r.size)}: ${(r.coldStartMs / 1000).toFixed(1)} s`).join(', '),
  }));
  figures.push(judged({
    name: 'cost curve: matchPolicies, 1,700 items, 20 conn, every question new, at every size', goal: [{ figure: 'worst p95', is: '≤', limit: 20, unit: ' ms' }, { figure: 'errors', is: '=', limit: 0 }],
    figures: { 'worst p95': Math.max(...results.map((r) => r.match.p95)), errors: results.reduce((e, r) => e + r.match.errors, 0) },
    measured: results.map((r) => `${n(r.size)}: p95 ${r.match.p95} ms (${n(r.match.rps)} req/s)`).join(', '),
  }));
  if (last.match17k) {
    const m = last.match17k;
    figures.push(informative({
      name: `cost curve: matchPolicies, ${n(m.items)} items (${n(m.validItems)} valid today), 20 conn, every question new, at ${n(last.size)} interpretations`,
      goal: 'comparison (the 20 ms goal is for 1,700 items)', measured: `p50 ${m.p50} ms, p95 ${m.p95} ms, ${n(m.rps)} req/s, errors ${m.errors}; API RSS ${m.rssApi} MiB`, raw: m,
    }));
  }
  const w = first.workers;
  if (w) {
    figures.push(judged({
      name: `full republish at ${n(first.size)} interpretations (${n(w.two.documents)} documents): a second worker process on the same machine`,
      goal: [{ figure: 'duplicated', is: '=', limit: 0 }, { figure: 'second share', is: '≥', limit: 40, unit: ' %' }, { figure: 'second share', is: '≤', limit: 60, unit: ' %' }],
      figures: { duplicated: w.two.duplicated + (w.cold?.duplicated ?? 0), 'second share': w.secondShare },
      measured: `second share ${w.secondShare} % (${w.two.perWorker.join(' + ')} renders), duplicated ${w.two.duplicated}; `
        + `two workers ${w.two.seconds} s, one worker ${w.one.seconds} s (${w.one.renders} renders, duplicated ${w.one.duplicated})`
        + (w.cold ? `; just after the second started: share ${w.coldShare} % in ${w.cold.seconds} s, duplicated ${w.cold.duplicated}` : ''),
      ratio: `${ratio(w.one.seconds, w.two.seconds)}× one worker's rate`, raw: w,
    }));
  }
  return figures;
}

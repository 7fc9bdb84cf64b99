import { Queue } from 'bullmq';
import { open, rm, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ADMIN } from '../support/cms';
import { longestPublishToLive, lostPublications, publishMany, secondsUntilNothingLost, startPrivateRedis, type ContentManager } from '../support/drill-kit';
import { startGate, type Gate } from '../support/gate';
import { Client } from 'pg';
import { freePort, waitFor } from '../support/processes';
import { startS3Server, type S3Server } from '../support/s3-server';
import { graphql, startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager } from '../support/strapi-api';

/**
 * Fault drills (`npm run drill`, and shortened in `npm test`): each one breaks a part while
 * authors publish, lets the system recover by itself, and ends by comparing what the CMS has
 * published with every channel's live set. "Lost" is what is still missing after the recovery
 * window; "recovery" is from the end of the fault to nothing missing; "longest wait" is the most
 * any of the drill's documents took from publishing in the CMS to going live on the web.
 */
/** `outageSeconds`: how long the CMS stays unreachable and the artifact disk stays full. */
export interface DrillScale { publishes: number; restartPublishes: number; outageSeconds: number; hooksDroppedSeconds: number; recoveryMs: number }
export const FULL: DrillScale = { publishes: 20, restartPublishes: 100, outageSeconds: 30, hooksDroppedSeconds: 60, recoveryMs: 180_000 };
export const SHORT: DrillScale = { publishes: 4, restartPublishes: 10, outageSeconds: 5, hooksDroppedSeconds: 6, recoveryMs: 90_000 };

export interface DrillResult { drill: string; fault: string; lost: number; recoverySeconds: number | null; longestWaitSeconds: number; note: string }

interface Rig {
  stack: Stack; cm: ContentManager; token: string; cmsGate: Gate; hookGate: Gate; redis: Awaited<ReturnType<typeof startPrivateRedis>>; diskHeadroomMb: number | null;
  /** The S3-compatible store the artifacts are in (`--s3`); null when they are on the local disk. */
  s3: S3Server | null;
}
/** `objectStore`: only run when the artifacts are in an object store. */
type Drill = { name: string; fault: string; objectStore?: true; run(rig: Rig, scale: DrillScale, tag: string): Promise<{ faultEnded: number; ids: string[]; note?: string }> };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const DRILLS: Drill[] = [
  {
    name: 'webhooks-dropped', fault: 'every CMS webhook dropped while authors publish',
    async run({ cm, hookGate }, scale, tag) {
      hookGate.shut();
      const ids = await publishMany(cm, tag, scale.publishes, (scale.hooksDroppedSeconds * 1000) / scale.publishes);
      hookGate.reopen();
      return { faultEnded: Date.now(), ids, note: `${ids.length} publishes over ${scale.hooksDroppedSeconds} s, no webhook arrived` };
    },
  },
  {
    name: 'worker-killed', fault: 'the render worker SIGKILLed mid-job',
    async run({ stack, cm, redis }, scale, tag) {
      const queues = ['ingest', 'render'].map((name) => new Queue(name, { connection: { host: '127.0.0.1', port: redis.port }, prefix: stack.env.QUEUE_PREFIX }));
      try {
        await stack.worker.stop('SIGKILL');
        const ids = await publishMany(cm, tag, scale.publishes);
        await stack.startWorker();
        const active = async () => (await Promise.all(queues.map((q) => q.getActiveCount()))).reduce((a, b) => a + b, 0);
        await waitFor('the worker to hold jobs', async () => (await active()) > 0, 20_000, 5);
        await stack.worker.stop('SIGKILL');
        const held = await active();
        await stack.startWorker();
        return { faultEnded: Date.now(), ids, note: `killed holding ${held} job(s)` };
      } finally {
        await Promise.all(queues.map((q) => q.close()));
      }
    },
  },
  {
    name: 'redis-restarted', fault: 'Redis restarted empty (it keeps nothing on disk) with work queued',
    async run({ stack, cm, redis }, scale, tag) {
      await stack.worker.stop();
      const ids = await publishMany(cm, tag, scale.publishes);
      await pause(1500); // the webhooks' ingest jobs are queued, then the queue is gone
      await redis.restart();
      await stack.startWorker();
      return { faultEnded: Date.now(), ids };
    },
  },
  {
    name: 'publisher-restarted', fault: 'the publisher API killed and restarted while publishes arrive',
    async run({ stack, cm }, scale, tag) {
      const publishing = publishMany(cm, tag, scale.restartPublishes);
      await pause(800);
      await stack.api.stop('SIGKILL');
      await pause(1000);
      await stack.startApi();
      const ids = await publishing;
      return { faultEnded: Date.now(), ids, note: `${ids.length} publishes` };
    },
  },
  {
    name: 'cms-unreachable', fault: 'the CMS unreachable for the publisher while authors publish',
    async run({ stack, cm, cmsGate }, scale, tag) {
      cmsGate.shut();
      const started = Date.now();
      const ids = await publishMany(cm, tag, scale.publishes);
      // Readers keep being served from the store the whole time.
      const page = await fetch(`${stack.url}/sites/juxian-portal/`);
      if (page.status !== 200) throw new Error(`CMS 不可达时门户首页返回 ${page.status}`);
      await pause(Math.max(0, scale.outageSeconds * 1000 - (Date.now() - started)));
      cmsGate.reopen();
      return { faultEnded: Date.now(), ids, note: `down ${scale.outageSeconds} s; site pages answered 200 meanwhile` };
    },
  },
  {
    name: 'artifact-disk-full', fault: 'the artifact disk filled past the free space it must keep',
    async run({ stack, cm, token, diskHeadroomMb, s3 }, scale, tag) {
      if (s3) return { faultEnded: Date.now(), ids: [], note: 'skipped: the artifacts are in the object store (see object-store-unreachable)' };
      if (diskHeadroomMb === null) return { faultEnded: Date.now(), ids: [], note: 'skipped: too little free disk on this machine to fill it safely' };
      // A filler file takes the disk 100 MB below ARTIFACT_MIN_FREE_MB (measured now: other programs write to this
      // disk too): renders that write files must wait, not fail.
      const filler = path.join(stack.env.ARTIFACT_DIR, '..', 'filler.bin');
      const floorMb = Number(stack.env.ARTIFACT_MIN_FREE_MB);
      await fill(filler, (Math.max(0, (await freeMb()) - floorMb) + 100) * 2 ** 20);
      try {
        const ids = await publishMany(cm, tag, scale.publishes);
        await pause(scale.outageSeconds * 1000);
        const { body } = await graphql(stack, token, 'query($id: ID!) { publication(documentId: $id) { channels { channel status reason } } }', { id: ids[0] });
        const web = body.data.publication.channels.find((c: { channel: string }) => c.channel === 'web');
        if (web.status === 'LIVE' || web.status === 'FAILED') throw new Error(`磁盘已满时网站渲染的状态是 ${web.status}，应为等待`);
        return { faultEnded: Date.now(), ids, note: `web renders waited (${web.status}: ${String(web.reason).slice(0, 40)}…)` };
      } finally {
        await rm(filler, { force: true });
      }
    },
  },
  {
    name: 'object-store-unreachable', fault: 'the S3-compatible object store down while authors publish', objectStore: true,
    async run({ cm, s3 }, scale, tag) {
      // Renders that write files cannot finish meanwhile: they must wait and finish when the store is back, not fail.
      await s3!.pause();
      let ids: string[] = [];
      try {
        ids = await publishMany(cm, tag, scale.publishes);
        await pause(scale.outageSeconds * 1000);
      } finally {
        await s3!.resume();
      }
      return { faultEnded: Date.now(), ids, note: `down ${scale.outageSeconds} s` };
    },
  },
];

async function freeMb(): Promise<number> {
  const { bavail, bsize } = await statfs(os.tmpdir());
  return Math.floor((bavail * bsize) / 2 ** 20);
}

/** Writes `bytes` of real blocks (a sparse file would take no space). */
async function fill(file: string, bytes: number) {
  const handle = await open(file, 'w');
  try {
    const chunk = Buffer.alloc(8 * 2 ** 20, 1);
    for (let written = 0; written < bytes; written += chunk.length) await handle.write(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `replicas`: the deployment of issue 22 on this machine — a temporary PostgreSQL database, and a second API
 * process and a second worker beside the stack's own (the faults hit the first of each; the webhook reaches
 * the first API). Nothing is lost when the CMS's publications are live as both APIs answer.
 */
export interface DrillOptions {
  replicas?: boolean;
  /** Artifacts and the render cache in a local S3-compatible server (STORAGE=s3), as on several machines. */
  s3?: boolean;
}

const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function runDrills(scale: DrillScale, log: (line: string) => void = () => undefined, options: DrillOptions = {}): Promise<DrillResult[]> {
  const database = options.replicas ? `tongyuan_drills_${process.pid}_${Date.now()}` : null;
  const admin = database ? new Client({ connectionString: PG_ADMIN }) : null;
  if (admin) {
    await admin.connect();
    await admin.query(`create database ${database}`);
  }
  const s3 = options.s3 ? await startS3Server() : null;
  try {
    return await drillOn(scale, log, database ? PG_ADMIN.replace(/postgres$/, database) : null, s3);
  } finally {
    await s3?.stop();
    if (admin) {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  }
}

async function drillOn(scale: DrillScale, log: (line: string) => void, databaseUrl: string | null, s3: S3Server | null): Promise<DrillResult[]> {
  const redis = await startPrivateRedis();
  const cmsGate = await startGate();
  const hookGate = await startGate();
  // The disk-full drill: the publisher must keep all but 2 GB of what is free now (room for what other programs write
  // meanwhile); the drill fills the disk past that floor later, and frees it again.
  const free = await freeMb();
  const diskHeadroomMb = free > 6144 ? 2048 : null;
  const stack = await startStack({
    publisherEnv: {
      REDIS_URL: redis.url, STRAPI_URL: cmsGate.url, RECONCILE_INTERVAL_MS: '1000', ...(diskHeadroomMb ? { ARTIFACT_MIN_FREE_MB: String(free - diskHeadroomMb) } : {}), ...s3?.env,
    },
    cmsEnv: { PUBLISHER_HOOK_URL: `${hookGate.url}/hooks/strapi` },
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  cmsGate.target = stack.cms.url;
  hookGate.target = stack.url;
  const results: DrillResult[] = [];
  // Every API the drills compare the CMS with: the stack's, and with replicas the second one.
  const apis: Stack[] = [stack];
  try {
    if (databaseUrl) {
      const port = await freePort();
      const second = { ...stack, url: `http://127.0.0.1:${port}` };
      const process2 = stack.startReplica('api.ts', { PORT: String(port) });
      stack.startReplica('worker.ts');
      await waitFor('the second API', async () => {
        if (process2.child.exitCode !== null) throw new Error(`second API exited:\n${process2.output().slice(-3000)}`);
        return (await fetch(`${second.url}/healthz`)).ok;
      }, 60_000, 200);
      apis.push(second);
      log(`两个 API 进程（${stack.url}、${second.url}）和两个渲染进程，共用 PostgreSQL、Redis 和${s3 ? '对象存储' : '产物目录'}`);
    }
    const lostOnAny = async (token: string) => (await Promise.all(apis.map((api) => lostPublications(api, token)))).flat();
    const token = await stack.token(['create', '--name', 'drills', '--channels', 'web,feeds']);
    const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
    const rig: Rig = { stack, cm, token, cmsGate, hookGate, redis, diskHeadroomMb, s3 };
    // The demo content renders first; a busy machine (the rest of the suite beside it) takes minutes.
    for (const api of apis) await secondsUntilNothingLost(api, token, 300_000);
    for (const drill of DRILLS.filter((d) => !d.objectStore || s3)) {
      log(`演练 ${drill.name}：${drill.fault}`);
      const { faultEnded, ids, note } = await drill.run(rig, scale, `drill-${drill.name}-${Date.now()}`);
      let recoverySeconds: number | null = null;
      try {
        for (const api of apis) recoverySeconds = await secondsUntilNothingLost(api, token, Math.max(1000, scale.recoveryMs - (Date.now() - faultEnded)), faultEnded);
      } catch {
        // Still missing after the recovery window: counted below.
        recoverySeconds = null;
      }
      const lost = (await lostOnAny(token)).length;
      const longestWaitSeconds = await longestPublishToLive(stack, token, ids);
      results.push({ drill: drill.name, fault: drill.fault, lost, recoverySeconds, longestWaitSeconds, note: note ?? '' });
      log(`  publications lost: ${lost}${recoverySeconds === null ? '' : `，故障结束后 ${recoverySeconds.toFixed(1)} 秒全部上线`}，最长发布到上线 ${longestWaitSeconds.toFixed(1)} 秒`);
    }
  } finally {
    await stack.stop();
    await Promise.all([cmsGate.close(), hookGate.close()]);
    await redis.stop();
  }
  return results;
}

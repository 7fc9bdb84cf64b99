import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseSegments } from '@tongyuan/channels/src/cinema/reels';
import { chinaToday, systemClock } from '@tongyuan/document';
import { launchChromium } from '../support/browser';
import { ADMIN } from '../support/cms';
import { probe, videoPacketTimes } from '../support/media';
import { waitFor } from '../support/processes';
import { graphql, OPS_AUTH, startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * Projectionists' side of the cinema channel, on the demo content: Juxian's screening regions get
 * 3–5 minute reels built by stream copy; withdrawing an interpretation rebuilds its reels without
 * it; a worker killed mid-encode leaves no trace in what is served; downloads resume with Range.
 */
let stack: Stack;
let cm: ReturnType<typeof contentManager>;
let token: string;
const today = chinaToday(systemClock);

interface ListedReel { region: string; regionName: string; date: string; sha256: string; size: number; seconds: number; url: string; playlist: string; segments: Array<{ documentId: string; title: string; video: { sha256: string; name: string } }> }
const reelsNow = async (): Promise<ListedReel[]> => (await (await fetch(`${stack.url}/cinema/reels.json`)).json()) as ListedReel[];
const cinemaCounts = async () => {
  const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as { channels: Array<Record<string, number | string>> };
  return status.channels.find((c) => c.channel === 'cinema') ?? {};
};
/** No reel or follow-up job waiting or running, twice, with the same listing between. */
const reelsSettled = async () => {
  const queues = ['reels', 'follow-up'].map((name) => new Queue(name, { prefix: stack.env.QUEUE_PREFIX, connection: { url: stack.env.REDIS_URL } }));
  try {
    const idle = async () => (await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'paused'))))
      .every((counts) => Object.values(counts).every((n) => n === 0));
    if (!(await idle())) return false;
    const first = JSON.stringify(await reelsNow());
    await new Promise((r) => setTimeout(r, 500));
    return (await idle()) && JSON.stringify(await reelsNow()) === first;
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
};
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/**
 * Each region's reel for today as the live cinema renditions make it (in force today, chosen as the worker chooses)
 * next to the reel served: a reel left stale (built before its last segment went live or changed) differs.
 */
const todaysReelsAgainstLive = async () => {
  const query = 'query { channelFeed(channel: "cinema", first: 100) { edges { node { documentId publishedAt payload artifacts { name sha256 } validity { status } } } } }';
  const { body } = await graphql(stack, token, query);
  type Node = { documentId: string; publishedAt: string; payload: { seconds: number; regions: Array<{ code: string }> }; artifacts: Array<{ name: string; sha256: string }>; validity: { status: string } };
  const live = (body.data.channelFeed.edges as Array<{ node: Node }>).map(({ node }) => node).filter((n) => n.validity.status === '现行有效');
  const served = (await reelsNow()).filter((r) => r.date === today);
  return served.map((reel) => {
    const candidates = live.filter((n) => n.payload.regions.some((r) => r.code === reel.region))
      .map((n) => ({ documentId: n.documentId, publishedAt: n.publishedAt, seconds: n.payload.seconds, video: n.artifacts.find((a) => a.name.endsWith('.mp4'))!.sha256 }));
    const expected = chooseSegments(candidates, today, { minSeconds: 180, maxSeconds: 300 }).map((s) => s.video);
    return { region: reel.region, served: reel.segments.map((s) => s.video.sha256), expected };
  });
};
const expectReelsMatchLive = async () => {
  for (const { region, served, expected } of await todaysReelsAgainstLive()) expect({ region, served }).toEqual({ region, served: expected });
};

beforeAll(async () => {
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,cinema', WORKER_CONCURRENCY: '2' } });
  cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  token = await stack.token(['create', '--name', 'cinema-ops', '--channels', 'cinema']);
  // Nine of the demo interpretations target screening regions (one more has an expired basis).
  await waitFor('every demo cinema segment live', async () => {
    const counts = await cinemaCounts();
    return Number(counts.live ?? 0) >= 10 && !counts.queued && !counts.rendering;
  }, 420_000, 1000);
  await waitFor('reels for today in all four regions', async () => (await reelsNow()).filter((r) => r.date === today).length === 4, 60_000, 500);
  // Reels follow what went live; the last segment's rebuild may still be running (CI once read a 168 s reel of two segments).
  await waitFor('the reels rebuilt from every live segment', reelsSettled, 60_000, 500);
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

describe('cinema reels', () => {
  it('rendered every demo interpretation for cinema without a failure', async () => {
    const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as { failures: unknown[] };
    expect(status.failures).toEqual([]);
  });

  it('gives each region a 3–5 minute reel for today and the coming days, none holding an expired interpretation', async () => {
    const reels = await reelsNow();
    expect(new Set(reels.map((r) => r.date)).size).toBe(7);
    for (const reel of reels) {
      expect(reel.seconds).toBeGreaterThanOrEqual(180);
      expect(reel.seconds).toBeLessThanOrEqual(300);
      expect(reel.segments.map((s) => s.title).join()).not.toContain('2024年'); // 莒农发〔2022〕5号 expired at the end of 2024
    }
  });

  it('holds in today\'s reel of each region exactly what the live segments make (never a reel built before its last segment went live)', async () => {
    expect((await todaysReelsAgainstLive()).length).toBe(4);
    await expectReelsMatchLive();
  });

  it('serves a reel that ffprobe finds is 1080p25 CFR H.264 High with AAC-LC 48 kHz stereo, faststart, and whose sha256 matches its listing', async () => {
    const reel = (await reelsNow()).find((r) => r.date === today && r.region === 'jx-chengyang')!;
    const bytes = Buffer.from(await (await fetch(reel.url)).arrayBuffer());
    expect(bytes.length).toBe(reel.size);
    expect(sha256Of(bytes)).toBe(reel.sha256);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tongyuan-reel-')), 'reel.mp4');
    writeFileSync(file, bytes);
    const info = probe(file);
    expect(info.video).toMatchObject({ codec_name: 'h264', profile: 'High', pix_fmt: 'yuv420p', width: 1920, height: 1080, r_frame_rate: '25/1', avg_frame_rate: '25/1' });
    expect(info.audio).toMatchObject({ codec_name: 'aac', profile: 'LC', sample_rate: '48000', channels: 2 });
    expect(info.duration).toBeGreaterThanOrEqual(180);
    expect(info.duration).toBeLessThanOrEqual(300.1);
    expect(Math.abs(Number(info.audio!.duration) - Number(info.video!.duration))).toBeLessThan(0.1); // no drift across joins
    const times = videoPacketTimes(file);
    expect(times.every((t, i) => i === 0 || Math.abs(t - times[i - 1] - 0.04) < 1e-3)).toBe(true);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
  });

  it('resumes an interrupted download with Range and If-Range to the same sha256', async () => {
    const reel = (await reelsNow()).find((r) => r.date === today)!;
    const cut = Math.floor(reel.size / 3);
    const first = await fetch(reel.url, { headers: { range: `bytes=0-${cut - 1}` } });
    expect(first.status).toBe(206);
    const etag = first.headers.get('etag')!;
    const head = Buffer.from(await first.arrayBuffer());
    const rest = await fetch(reel.url, { headers: { range: `bytes=${cut}-`, 'if-range': etag } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes ${cut}-${reel.size - 1}/${reel.size}`);
    expect(sha256Of(Buffer.concat([head, Buffer.from(await rest.arrayBuffer())]))).toBe(reel.sha256);
    expect((await fetch(reel.url, { headers: { range: 'bytes=abc' } })).status).toBe(200); // malformed: the whole file
  });

  it('lists reels on a page a phone can use, with an .m3u playlist of the segments', async () => {
    const reel = (await reelsNow()).find((r) => r.date === today && r.region === 'jx-east')!;
    const m3u = await fetch(`${stack.url}/cinema/${today}/jx-east.m3u`);
    expect(m3u.headers.get('content-type')).toContain('audio/x-mpegurl');
    const playlist = await m3u.text();
    expect(playlist.startsWith('#EXTM3U\n')).toBe(true);
    expect(playlist.match(/^#EXTINF:\d+,/gm)).toHaveLength(reel.segments.length);
    expect(playlist).toContain(`${stack.url}/files/${reel.segments[0].video.sha256}/`);
    expect((await fetch(`${stack.url}/cinema/${today}/nowhere.m3u`)).status).toBe(404);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
      await page.goto(`${stack.url}/cinema`);
      await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cinema-page.png'), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375); // nothing runs off the side
      await expect(page.locator('h3').allTextContents()).resolves.toEqual(expect.arrayContaining(['莒县城阳片区', '莒县东部片区']));
      const button = page.locator('a.download').first();
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44); // a thumb can hit it
      expect(await page.locator('.sha').first().textContent()).toMatch(/[0-9a-f]{64}/);
    } finally {
      await browser.close();
    }
  });

  it('rebuilds a region\'s reels without an interpretation withdrawn in the CMS, and its old segment is no longer downloadable', async () => {
    const before = (await reelsNow()).filter((r) => r.region === 'jx-chengyang');
    const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
    const withdrawn = body.results.find((d: { slug: string }) => d.slug === 'jx-public-rental-housing');
    const held = before.find((r) => r.segments.some((s) => s.documentId === withdrawn.documentId))!;
    expect(held).toBeDefined();
    const segment = held.segments.find((s) => s.documentId === withdrawn.documentId)!;
    const segmentUrl = `${stack.url}/files/${segment.video.sha256}/${encodeURIComponent(segment.video.name)}`;
    expect((await fetch(segmentUrl)).status).toBe(200);

    expect((await cm.unpublish(INTERPRETATION, withdrawn.documentId)).status).toBe(200);
    const after = await waitFor('reels rebuilt without it', async () => {
      const reels = (await reelsNow()).filter((r) => r.region === 'jx-chengyang');
      return reels.every((r) => !r.segments.some((s) => s.documentId === withdrawn.documentId)) ? reels : undefined;
    }, 20_000, 200);
    expect(after.find((r) => r.date === held.date)!.sha256).not.toBe(held.sha256);
    expect((await fetch(segmentUrl)).status).toBe(404);
  });

  it('survives a worker killed mid-encode: the job resumes, the progress showed, and the served file matches its listing', async () => {
    const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
    const doc = body.results.find((d: { slug: string }) => d.slug === 'jx-rural-pension');
    const { body: full } = await cm.get(INTERPRETATION, doc.documentId);
    const title = `${full.data.title}（2027年标准）`;
    expect((await cm.update(INTERPRETATION, doc.documentId, { title })).status).toBe(200);
    expect((await cm.publish(INTERPRETATION, doc.documentId, {})).status).toBe(200);

    const query = 'query($id: ID!) { publication(documentId: $id) { channels { channel status progress } } }';
    const seen = await waitFor('the cinema render under way', async () => {
      const { body: result } = await graphql(stack, token, query, { id: doc.documentId });
      const cinema = result.data?.publication?.channels.find((c: { channel: string }) => c.channel === 'cinema');
      return cinema?.status === 'RENDERING' && cinema.progress > 0 ? cinema : undefined;
    }, 60_000, 50);
    expect(seen.progress).toBeLessThan(100);
    await stack.worker.stop('SIGKILL');
    await stack.startWorker();

    // A fresh worker boots, takes the stalled job back and encodes 90 s of 1080p: minutes on two busy cores.
    await waitFor('the cinema rendition live again after the kill', async () => {
      const { body: result } = await graphql(stack, token, query.replace('progress', 'progress revision liveRevision'), { id: doc.documentId });
      const cinema = result.data?.publication?.channels.find((c: { channel: string }) => c.channel === 'cinema');
      return cinema?.status === 'LIVE' && cinema.liveRevision === cinema.revision ? cinema : undefined;
    }, 300_000, 500);
    await waitFor('the reels rebuilt with it', reelsSettled, 60_000, 500);
    // Reels rotate their starting segment with the date, so the new segment is in some day's reel of the week, not always today's.
    const reel = (await reelsNow()).find((r) => r.segments.some((s) => s.title === title));
    expect(reel).toBeDefined();
    const segment = reel!.segments.find((s) => s.title === title)!;
    const bytes = Buffer.from(await (await fetch(`${stack.url}/files/${segment.video.sha256}/${encodeURIComponent(segment.video.name)}`)).arrayBuffer());
    expect(sha256Of(bytes)).toBe(segment.video.sha256);
    const reelBytes = Buffer.from(await (await fetch(reel!.url)).arrayBuffer());
    expect(sha256Of(reelBytes)).toBe(reel!.sha256);
    // The segment changed after the reels were built: today's reels are rebuilt from it, none left stale.
    await expectReelsMatchLive();
  }, 420_000);
});

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { chinaToday, systemClock } from '@tongyuan/document';
import { launchChromium } from '../support/browser';
import { loudness } from '../support/media';
import { ADMIN, TEST_HOOK_SECRET } from '../support/cms';
import { waitFor } from '../support/processes';
import { demoInterpretationsOn, OPS_AUTH, startStack, type Stack } from '../support/stack';
import { INTERPRETATION } from '../support/strapi-api';

/**
 * A video made without speech says so where people look: the author's 发布状态 panel, the
 * operators' /status and the projectionists' /cinema (a reel with a silent segment is flagged, so
 * nobody plays it to a village unawares). No engine here: SPEECH_ENGINE=off.
 */
let stack: Stack;
let browser: Browser;
const today = chinaToday(systemClock);
const REASON = '配音已关闭（SPEECH_ENGINE=off）';

interface ListedReel { region: string; date: string; hasSilentSegment: boolean; segments: Array<{ documentId: string; title: string; silent: string | null; video: { sha256: string; name: string } }> }
const reelsNow = async () => (await (await fetch(`${stack.url}/cinema/reels.json`)).json()) as ListedReel[];

/**
 * One demo interpretation stays on cinema (its reels in 莒县城阳 and 西部片区): one silent segment shows every flag, and
 * the engine's return re-renders every silent video, so each further segment cost two encodes nothing here looks at.
 */
const CINEMA_KEPT = 'jx-cross-province-medical';

beforeAll(async () => {
  stack = await startStack({
    cmsEnv: { CMS_SERVE_ADMIN: 'true' }, publisherEnv: { CHANNELS: 'web,cinema', SPEECH_ENGINE: 'off', WORKER_CONCURRENCY: '2' },
    unpublishDemo: demoInterpretationsOn('cinema').filter((slug) => slug !== CINEMA_KEPT),
  });
  // The segment rendered (silent), so what follows is only what this test asks for.
  await waitFor('the demo cinema segment settled', async () => {
    const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as { channels: Array<Record<string, number | string>> };
    const counts = status.channels.find((c) => c.channel === 'cinema') ?? {};
    return Number(counts.live ?? 0) >= 1 && !counts.queued && !counts.rendering;
  }, 480_000, 1000);
  await waitFor('a reel for today', async () => (await reelsNow()).some((r) => r.date === today), 60_000, 1000);
  browser = await launchChromium();
}, 720_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('flags the reel and its silent segments on /cinema, reels.json and the playlist', async () => {
  const reel = (await reelsNow()).find((r) => r.date === today)!;
  expect(reel.hasSilentSegment).toBe(true);
  expect(reel.segments[0].silent).toBe(REASON);
  const playlist = await (await fetch(`${stack.url}/cinema/${today}/${reel.region}.m3u`)).text();
  expect(playlist).toContain(`${reel.segments[0].title}（无配音）`);

  const page = await browser.newPage({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
  await page.goto(`${stack.url}/cinema`);
  const alert = page.locator(`section:has(h3) .silent`).first();
  await expect(alert.textContent()).resolves.toMatch(/条解读没有配音，放映时只有字幕、没有声音/);
  await expect(alert.isVisible()).resolves.toBe(true);
  await expect(page.locator('.segments li').first().textContent()).resolves.toContain(`无配音：${REASON}`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cinema-silent.png'), fullPage: true });
  await page.close();
});

it('lists the silent videos on /status with the reason', async () => {
  const reel = (await reelsNow()).find((r) => r.date === today)!;
  const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as { silentVideos: Array<{ documentId: string; channel: string; reason: string }> };
  expect(status.silentVideos).toContainEqual(expect.objectContaining({ documentId: reel.segments[0].documentId, channel: 'cinema', reason: REASON }));
  const html = await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH } })).text();
  expect(html).toContain('无配音的视频');
  expect(html).toMatch(/\d+ 个已上线的视频没有配音/);
  expect(html).toContain('配音已关闭（SPEECH_ENGINE'); // "=" is escaped in the page
});

it('tells the author on the 发布状态 panel of the edit view', async () => {
  const { documentId } = (await reelsNow()).find((r) => r.date === today)!.segments[0];
  const publication = (await (await fetch(`${stack.url}/hooks/publication/${documentId}`, { headers: { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET } })).json()) as { channels: Array<{ channel: string; notice: string | null }> };
  expect(publication.channels.find((c) => c.channel === 'cinema')!.notice).toContain(`此视频没有配音（只有字幕）：${REASON}`);
  expect(publication.channels.find((c) => c.channel === 'web')!.notice).toBeNull();

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${stack.cms.url}/admin/auth/login`);
  await page.fill('input[name="email"]', ADMIN.email);
  await page.fill('input[name="password"]', ADMIN.password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
  await page.goto(`${stack.cms.url}/admin/content-manager/collection-types/${INTERPRETATION}/${documentId}`);
  const notice = page.getByTestId('publication-status').locator('[data-channel="cinema"] [data-notice="narration"]');
  await notice.waitFor({ timeout: 60_000 });
  await expect(notice.textContent()).resolves.toContain('此视频没有配音');
  await page.evaluate(() => document.fonts.ready);
  await notice.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cms-silent.png') });
  await page.close();
}, 120_000);

it('narrates a silent video once an engine works (the npm build; worker restarted with SPEECH_ENGINE=auto) at −23 LUFS ±1, and its flags go away', async () => {
  const status = (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as { silentVideos: Array<{ documentId: string }> };
  const { documentId } = status.silentVideos[0]; // the newest: its render is asked for first
  await stack.worker.stop();
  stack.env.SPEECH_ENGINE = 'auto';
  await stack.startWorker();
  // The reel sweep (every minute) finds a working engine and renders the silent videos again.
  const healed = async () => {
    const segment = (await reelsNow()).flatMap((r) => r.segments).find((s) => s.documentId === documentId);
    return segment && segment.silent === null ? segment : undefined;
  };
  const segment = await waitFor(`${documentId} narrated in its reel`, healed, 600_000, 2000).catch((error: Error) => {
    throw new Error(`${error.message}\n--- worker ---\n${stack.worker.output().slice(-4000)}`);
  });
  const file = path.join(os.tmpdir(), `tongyuan-renarrated-${documentId}.mp4`);
  writeFileSync(file, Buffer.from(await (await fetch(`${stack.url}/files/${segment.video.sha256}/${encodeURIComponent(segment.video.name)}`)).arrayBuffer()));
  const measured = loudness(file);
  expect(measured.integrated).toBeGreaterThanOrEqual(-24);
  expect(measured.integrated).toBeLessThanOrEqual(-22);
  const publication = (await (await fetch(`${stack.url}/hooks/publication/${documentId}`, { headers: { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET } })).json()) as { channels: Array<{ channel: string; status: string; notice: string | null }> };
  expect(publication.channels.find((c) => c.channel === 'cinema')).toMatchObject({ status: 'LIVE', notice: null });
}, 720_000);

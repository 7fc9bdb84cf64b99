/// <reference lib="dom" />
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument, DomUtils } from 'htmlparser2';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ADMIN } from '../support/cms';
import { waitFor } from '../support/processes';
import { graphql, OPS_AUTH, startStack, waitForLive, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION } from '../support/strapi-api';
import { vnuErrors } from '../support/vnu';

/**
 * The portal's 图片解读 and 视频解读 pages on the demo content, as readers get them: the 一图读懂
 * panels with their words as alt text, the short video playing in Chromium with its captions, and
 * a plain note in Chinese while a page's video is not made yet (never a broken player, never the
 * video of an older revision). Every kind of page passes axe and the Nu HTML Checker.
 */
let stack: Stack;
let token: string;
let browser: Browser;
let cm: ReturnType<typeof contentManager>;
const shots = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-portal-media-'));

interface WebItem { documentId: string; title: string; payload: { slug: string; columns: string[]; sites: Array<{ code: string; path: string }> } }
const web = new Map<string, WebItem>(); // by slug
const IMAGE_SLUG = 'sz-points-school-admission'; // 一图读懂, Suzhou
const NO_VIDEO_SLUG = 'jx-medical-assistance'; // 解说, listed under 视频解读; its video is for cinema, which this deployment does not render
let videoSlug: string; // the first short video to go live
const pageOf = (slug: string) => `${stack.url}${web.get(slug)!.payload.sites[0].path}`;
const html = async (slug: string) => (await fetch(pageOf(slug))).text();

const PUBLICATION = 'query($id: ID!) { publication(documentId: $id) { latestRevision channels { channel status liveRevision } } }';
const shortVideoOf = async (documentId: string) => {
  const { body } = await graphql(stack, token, PUBLICATION, { id: documentId });
  const publication = body.data.publication;
  return { latest: publication.latestRevision as string, channel: publication.channels.find((c: { channel: string }) => c.channel === 'short-video') };
};

beforeAll(async () => {
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,feeds,short-video', VIDEO_CONCURRENCY: '1' } });
  token = await stack.token(['create', '--name', 'portal-media', '--channels', 'web,feeds,short-video', '--admin']);
  cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  browser = await launchChromium();
  await waitFor('every demo interpretation on the web channel', async () => {
    const { body } = await graphql(stack, token, 'query { channelFeed(channel: "web", first: 100) { edges { node { documentId title payload } } } }');
    for (const { node } of body.data.channelFeed.edges) if (node.payload.kind === 'interpretation') web.set(node.payload.slug, node);
    return web.has(IMAGE_SLUG) && web.has(NO_VIDEO_SLUG);
  }, 120_000, 500);
  // Short videos encode one at a time here: the first one live is the page to play.
  videoSlug = await waitFor('a short video live', async () => {
    const { body } = await graphql(stack, token, 'query { channelFeed(channel: "short-video", first: 1) { edges { node { documentId } } } }');
    const id = body.data.channelFeed.edges[0]?.node.documentId;
    return id && [...web.values()].find((w) => w.documentId === id)?.payload.slug;
  }, 420_000, 1000);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const elements = (page: string, name: string) => DomUtils.getElementsByTagName(name, parseDocument(page).children);

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

describe('图片解读 pages', () => {
  it('are listed in the 图片解读 column and show every 一图读懂 panel, each with the words it shows as alt text', async () => {
    const item = web.get(IMAGE_SLUG)!;
    expect(await (await fetch(`${stack.url}/sites/suzhou-portal/images/`)).text()).toContain(item.payload.sites[0].path);
    const page = await html(IMAGE_SLUG);
    const panels = elements(page, 'img').filter((img) => img.attribs.src.includes('/explainer-'));
    expect(panels.length).toBeGreaterThanOrEqual(2);
    // What the panels say, together, is what the 一图读懂 shows: title, every key point, the QR code's purpose.
    const alts = panels.map((img) => img.attribs.alt);
    for (const alt of alts) expect(alt.length).toBeGreaterThan(10);
    expect(alts[0]).toContain(`一图读懂。${item.title}`);
    const keyPoints = DomUtils.getElementsByTagName('strong', DomUtils.findAll((e) => e.attribs.class === 'key-points', parseDocument(page).children));
    expect(keyPoints.length).toBeGreaterThan(0);
    for (const heading of keyPoints.map((k) => DomUtils.textContent(k))) expect(alts.join('')).toContain(heading);
    expect(alts[alts.length - 1]).toContain('二维码：扫码查看全文');
    // The first panel loads with the page; the rest when scrolled to.
    expect(panels.map((img) => img.attribs.loading ?? 'eager')).toEqual(['eager', ...panels.slice(1).map(() => 'lazy')]);
    for (const img of panels) {
      const [small, full] = img.attribs.srcset.split(', ').map((s) => s.split(' '));
      expect(full).toEqual([img.attribs.src, '1080w']);
      for (const [src, width] of [[full[0], 1080], [small[0], 540]] as const) {
        const response = await fetch(`${stack.url}${src}`);
        expect(response.headers.get('content-type')).toBe('image/png');
        const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
        expect(meta.width).toBe(width);
        if (width === 1080) expect(meta.height).toBe(Number(img.attribs.height));
      }
    }
  });

  it('load every panel in Chromium on a phone, none wider than the screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await page.goto(pageOf(IMAGE_SLUG));
    const panels = page.locator('.explainer img');
    for (let i = 0; i < (await panels.count()); i++) await panels.nth(i).scrollIntoViewIfNeeded();
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.explainer img')).every((img) => img.complete && img.naturalWidth > 0));
    const sizes = await panels.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).getBoundingClientRect().width));
    for (const width of sizes) {
      expect(width).toBeGreaterThan(300);
      expect(width).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: path.join(shots, 'image-page.png'), fullPage: true });
    await page.close();
  }, 60_000);
});

describe('视频解读 pages', () => {
  it('play the short video of the page\'s revision in Chromium with a poster and Chinese captions from its WebVTT', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pageOf(videoSlug));
    const video = page.locator('section.video video');
    expect(await video.getAttribute('preload')).toBe('metadata');
    expect(await video.getAttribute('controls')).not.toBeNull();
    const poster = await video.getAttribute('poster');
    expect((await fetch(`${stack.url}${poster}`)).headers.get('content-type')).toBe('image/png');
    const track = page.locator('section.video video track');
    expect(await track.evaluate((t: HTMLTrackElement) => [t.kind, t.srclang, t.label, t.default])).toEqual(['captions', 'zh', '中文字幕', true]);
    // Metadata and the captions load (the default track is showing), then it plays: time advances.
    await page.waitForFunction(() => {
      const v = document.querySelector('section.video video') as HTMLVideoElement;
      return v.readyState >= 1 && v.textTracks[0]?.mode === 'showing' && (v.textTracks[0].cues?.length ?? 0) > 0;
    }, undefined, { timeout: 30_000 });
    const loaded = await video.evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, height: v.videoHeight, duration: v.duration, cues: Array.from(v.textTracks[0].cues!).map((c) => (c as VTTCue).text), error: v.error?.code ?? null }));
    expect(loaded).toMatchObject({ width: 1080, height: 1920, error: null });
    expect(loaded.duration).toBeGreaterThanOrEqual(15);
    const hanzi = (text: string) => text.replace(/[^\u4e00-\u9fff]/g, ''); // videos leave out emoji
    expect(hanzi(loaded.cues.join(''))).toContain(hanzi(web.get(videoSlug)!.title).slice(0, 6));
    await video.evaluate((v: HTMLVideoElement) => { v.muted = true; return v.play(); });
    await page.waitForFunction(() => (document.querySelector('section.video video') as HTMLVideoElement).currentTime > 1, undefined, { timeout: 30_000 });
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    await page.screenshot({ path: path.join(shots, 'video-page.png'), fullPage: true });
    // For whoever cannot play it: the MP4 and the SRT to download, and what the captions say as text.
    const links = await page.locator('.video-files a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
    const [mp4, srt] = await Promise.all(links.map((href) => fetch(`${stack.url}${href}`)));
    expect(mp4.headers.get('content-type')).toBe('video/mp4');
    expect(await srt.text()).toContain('-->');
    const transcript = await page.locator('details.transcript').textContent();
    expect(transcript).toContain('视频文字稿');
    expect(transcript!.replace(/\s/g, '')).toContain(loaded.cues[0].replace(/\s/g, ''));
    await page.close();
  }, 90_000);

  it('say in Chinese that the video is being made while this revision\'s is not live, and show no player', async () => {
    // Seen from outside: a page read before the status says LIVE was read before the video went live.
    let checked = 0;
    for (const item of web.values()) {
      if (!item.payload.columns.includes('videos') || item.payload.slug === videoSlug) continue;
      const page = await html(item.payload.slug);
      const { channel } = await shortVideoOf(item.documentId);
      if (!channel || channel.status === 'LIVE') continue;
      expect(page).toContain('视频正在制作，完成后会在这里播放');
      expect(elements(page, 'video')).toHaveLength(0);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    const none = await html(NO_VIDEO_SLUG);
    expect(none).toContain('这篇解读没有在网站上发布视频');
    expect(elements(none, 'video')).toHaveLength(0);
  });

  it('pass axe (WCAG 2.1 AA and best practices) in Chromium and the Nu HTML Checker, with the player, the note and the panels', async () => {
    const pending = [...web.values()].find((w) => w.payload.columns.includes('videos') && w.payload.slug !== videoSlug && w.payload.slug !== NO_VIDEO_SLUG)!;
    const pages = { image: IMAGE_SLUG, video: videoSlug, pending: pending.payload.slug, none: NO_VIDEO_SLUG };
    const page = await browser.newPage();
    const sources: Record<string, string> = {};
    for (const [name, slug] of Object.entries(pages)) {
      await page.goto(pageOf(slug));
      expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
      sources[name] = await html(slug);
    }
    await page.close();
    expect(await vnuErrors(sources)).toEqual({ image: [], video: [], pending: [], none: [] });
  }, 120_000);

  it('never play the video of an older revision: an edited interpretation says its video is being made until the new one is live', async () => {
    const item = web.get(videoSlug)!;
    const before = await html(videoSlug);
    const oldVideo = elements(before, 'source')[0].attribs.src;
    const previous = (await shortVideoOf(item.documentId)).latest;
    expect((await cm.update(INTERPRETATION, item.documentId, { title: `${item.title}（更新）` })).status).toBe(200);
    expect((await cm.publish(INTERPRETATION, item.documentId, {})).status).toBe(200);
    const latest = await waitFor('the edit recorded', async () => {
      const now = (await shortVideoOf(item.documentId)).latest;
      return now !== previous ? now : undefined;
    }, 30_000, 200);
    await waitForLive(stack, token, item.documentId, 'web', latest, 90_000);
    const page = await html(videoSlug);
    const { channel } = await shortVideoOf(item.documentId);
    expect(page).toContain('（更新）');
    expect(page).not.toContain(oldVideo);
    if (channel.liveRevision !== latest) {
      expect(page).toContain('视频正在制作，完成后会在这里播放');
    } else {
      expect(elements(page, 'source')[0].attribs.src).not.toBe(oldVideo); // encoded already: the new one
    }
  }, 60_000);
});

it('flags a phrase the office forbids in a live short video’s subtitles (表述规范库), and drops the flag when the office takes the entry back', async () => {
  const NORM = 'api::norm-entry.norm-entry';
  const documentId = web.get(videoSlug)!.documentId;
  const { body } = await graphql(stack, token, 'query { channelFeed(channel: "short-video", first: 50) { edges { node { documentId artifacts { name url } } } } }');
  const video = body.data.channelFeed.edges.find((e: any) => e.node.documentId === documentId).node;
  const srt = video.artifacts.find((a: { name: string }) => a.name.endsWith('.srt'));
  const cues = (await (await fetch(new URL(srt.url, stack.url))).text()).split(/\r?\n\r?\n/)
    .map((cue) => cue.split(/\r?\n/).filter((line) => line && !/^\d+$/.test(line) && !line.includes('-->')).join(''));
  // Five characters from the middle of a spoken line: a phrase only the subtitles need to show for this test.
  const line = cues.find((c) => (c.match(/\p{Script=Han}/gu) ?? []).length >= 9)!;
  const phrase = line.match(/\p{Script=Han}{5}/u)![0];
  const wording = async () => ((await (await fetch(`${stack.url}/status/wording.json`, { headers: { authorization: OPS_AUTH } })).json()) as any).findings
    .filter((f: any) => f.documentId === documentId && f.channel === 'short-video');
  const entry = await cm.create(NORM, { kind: 'forbidden', wrong: phrase, severity: 'serious', source: '测试用的禁用表述' });
  expect(entry.status).toBe(201);
  let removed = false;
  try {
    const [flag] = await waitFor('the phrase flagged on the short video', async () => ((await wording()).length > 0 ? wording() : undefined), 60_000, 500);
    expect(flag).toMatchObject({ found: phrase, severity: 'serious', fixedAt: null });
    expect(flag.places).toMatch(/\.srt/);
    expect(flag.places).toMatch(/\.vtt/);
    // Taken back: it was never an error, so it is dropped, not counted as put right.
    expect((await cm.remove(NORM, entry.body.data.documentId)).status).toBe(200);
    removed = true;
    await waitFor('the flag dropped', async () => ((await wording()).length === 0 ? true : undefined), 60_000, 500);
  } finally {
    if (!removed) await cm.remove(NORM, entry.body.data.documentId);
  }
});

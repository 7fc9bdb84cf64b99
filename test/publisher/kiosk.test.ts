import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { launchChromium } from '../support/browser';
import { ADMIN, REPO } from '../support/cms';
import { waitFor } from '../support/processes';
import { graphql, OPS_AUTH, startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * Touch-screen terminals on the demo content (Juxian's service hall, study rooms, villages): the
 * manifest's checksums match the files, the app works by touch at 1080×1920, starts its attract
 * loop when idle, keeps working with the network cut after a sync, reports heartbeats, and an
 * interpretation withdrawn in the CMS leaves the manifest. PUBLIC_URL names localhost while the
 * browser opens the terminals at 127.0.0.1, as a terminal set up by IP address does.
 */
let stack: Stack;
let browser: Browser;
interface Manifest { version: string; items: Array<{ id: string; title: string; files: Array<{ role: string; name: string; url: string; sha256: string; size: number }> }> }
const manifest = async (terminal: string) => (await (await fetch(`${stack.url}/kiosk/${terminal}/manifest.json`)).json()) as Manifest & { orientation: string };
const status = async () => (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as {
  channels: Array<Record<string, number | string>>; terminals: Array<{ code: string; stale: boolean; healthy: boolean; failedFiles: number; lastSyncAt: string | null }>;
};

beforeAll(async () => {
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,kiosk,wechat,weibo' }, publicHost: 'localhost' });
  await waitFor('every demo kiosk, WeChat and Weibo rendition settled', async () => {
    const channels = (await status()).channels;
    const settled = (code: string, live: number) => {
      const c = channels.find((x) => x.channel === code) ?? {};
      return Number(c.live ?? 0) + Number(c.failed ?? 0) >= live && !c.queued && !c.rendering;
    };
    return settled('kiosk', 9) && settled('wechat', 20) && settled('weibo', 8);
  }, 240_000, 1000);
  browser = await launchChromium();
}, 360_000);

const leftovers: string[] = []; // files a test put into the CMS's uploads folder

afterAll(async () => {
  for (const file of leftovers) rmSync(file, { force: true });
  await browser?.close();
  await stack?.stop();
});

it('renders every demo interpretation for every new-media channel it targets, none failed', async () => {
  const summary = (await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH, accept: 'application/json' } })).json()) as { failures: unknown[]; channels: Array<Record<string, number | string>> };
  expect(summary.failures).toEqual([]);
  for (const code of ['kiosk', 'wechat', 'weibo']) expect(Number(summary.channels.find((c) => c.channel === code)?.live)).toBeGreaterThan(0);
});

it('lists each terminal\'s items with files whose sha256 and size match what is served', async () => {
  const hall = await manifest('jx-service-hall');
  expect(hall.items.map((i) => i.title).join()).toContain('2027年度城乡居民医保');
  expect(hall.version).toMatch(/^[0-9a-f]{64}$/);
  for (const item of hall.items) {
    expect(item.files.map((f) => f.role)).toEqual(expect.arrayContaining(['item', 'qr', 'slide']));
    for (const file of item.files) {
      // From the server's root, so a terminal fetches it from the address it was opened at, whatever PUBLIC_URL says.
      expect(file.url).toBe(`/files/${file.sha256}/${encodeURIComponent(file.name)}`);
      const bytes = Buffer.from(await (await fetch(`${stack.url}${file.url}`)).arrayBuffer());
      expect([bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([file.size, file.sha256]);
    }
  }
  expect((await fetch(`${stack.url}/kiosk/nowhere/manifest.json`)).status).toBe(404);
  const font = await fetch(`${stack.url}/kiosk/jx-service-hall/font.woff2`);
  expect(font.headers.get('content-type')).toBe('font/woff2');
  // A subset, not the 8 MB font: the hall's five items and every character of the app's own templates (~210 KB).
  expect((await font.arrayBuffer()).byteLength).toBeLessThan(300_000);
});

it('works by touch at 1080×1920, starts the attract loop when idle, and keeps working offline after a sync', async () => {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  const items = (await manifest('jx-service-hall')).items;
  await page.goto(`${stack.url}/kiosk/jx-service-hall/?idle=600`);
  await page.locator('.item-button').nth(items.length - 1).waitFor();
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-kiosk-list.png') });
  // The terminal draws with the bundled font's subset, never its own fonts.
  expect(await page.evaluate(async () => (await document.fonts.ready, document.fonts.check('36px "TY Kiosk"', '政策查询')))).toBe(true);
  expect(await page.evaluate(() => {
    let loaded = false;
    document.fonts.forEach((f) => (loaded ||= f.family.includes('TY Kiosk') && f.status === 'loaded'));
    return loaded;
  })).toBe(true);
  const box = (await page.locator('.item-button').first().boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(88); // touch targets
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1080);

  await page.locator('.item-button').first().click();
  await expect(page.locator('#detail h1').textContent()).resolves.toBe(items[0].title);
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-kiosk-item.png') });
  await page.locator('#back').click();
  await page.locator('#list').waitFor({ state: 'visible' });

  await page.goto(`${stack.url}/kiosk/jx-service-hall/?idle=2`);
  await page.locator('#attract').waitFor({ state: 'visible', timeout: 10_000 });
  await waitFor('a slide shown', () => page.evaluate(() => (document.getElementById('slide') as HTMLImageElement | null)?.naturalWidth), 10_000, 100);
  expect(await page.locator('#slide').getAttribute('alt')).toMatch(/（一图读懂 第 \d+ 幅）$/);
  // Every image of the app has an address (the slide's <img> is made when the loop starts, with its src).
  expect(await page.locator('img:not([src]), img[src=""]').count()).toBe(0);
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-kiosk-attract.png') });

  // Synced: every listed file in the cache, the service worker in control.
  const files = items.reduce((n, i) => n + i.files.length, 0);
  await waitFor('the sync', () => page.evaluate(async (n) => (await (await caches.open('tongyuan-kiosk')).keys()).filter((r) => r.url.includes('/files/')).length >= n, files), 30_000, 200);
  await page.mouse.click(540, 960); // a touch ends the loop
  await page.locator('#attract').waitFor({ state: 'hidden' });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.goto(`${stack.url}/kiosk/jx-service-hall/?idle=600`);
  await page.locator('.item-button').nth(items.length - 1).waitFor();
  await page.locator('.item-button').nth(1).click();
  await expect(page.locator('#detail h1').textContent()).resolves.toBe(items[1].title);
  await context.close();
}, 120_000);

/** Resolves with the body of the terminal's next heartbeat, once the publisher has stored it. */
const nextHeartbeat = (page: Page) => page.waitForResponse((r) => r.url().endsWith('/heartbeat') && r.request().method() === 'POST', { timeout: 60_000 })
  .then((response) => {
    expect(response.status()).toBe(204);
    return response.request().postDataJSON() as { version: string; items: number; cachedFiles: number; failedFiles: number; failures: Array<{ name: string; reason: string }> };
  });

it('opened at 127.0.0.1 while PUBLIC_URL says localhost: items open, and with the network gone right after the first sync the list and an item still open', async () => {
  expect(stack.env.PUBLIC_URL).toMatch(/^http:\/\/localhost:/);
  const { items, version } = await manifest('jx-study-room-fulai');
  const files = items.reduce((n, i) => n + i.files.length, 0);
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('requestfailed', (request) => refused.push(`${request.url()} ${request.failure()?.errorText}`));
  page.on('console', (message) => message.type() === 'error' && refused.push(message.text()));
  const heartbeat = nextHeartbeat(page);
  await page.goto(`${stack.url}/kiosk/jx-study-room-fulai/?idle=600`);
  // Reported only once the manifest and every file it lists are in the terminal's cache.
  expect(await heartbeat).toEqual({ version, items: items.length, cachedFiles: files, failedFiles: 0, failures: [] });
  expect(refused).toEqual([]);
  await page.locator('.item-button').first().click();
  await expect(page.locator('#detail h1').textContent()).resolves.toBe(items[0].title);
  await waitFor('the QR code', () => page.evaluate(() => (document.querySelector('.qr img') as HTMLImageElement | null)?.naturalWidth), 10_000, 100);
  expect(refused).toEqual([]); // nor a request for the QR's placeholder address

  await context.setOffline(true);
  await page.reload();
  await page.locator('.item-button').nth(items.length - 1).waitFor();
  expect(await page.locator('#status').textContent()).toContain(`共 ${items.length} 条政策解读`);
  await page.locator('.item-button').nth(items.length - 1).click();
  await expect(page.locator('#detail h1').textContent()).resolves.toBe(items[items.length - 1].title);
  await waitFor('the QR code offline', () => page.evaluate(() => (document.querySelector('.qr img') as HTMLImageElement | null)?.naturalWidth), 10_000, 100);
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-kiosk-offline-item.png') });
  await context.close();
}, 120_000);

it('shows a 开放活动 on the service hall\'s terminal opened by IP, offline right after its first sync: the open day with its time, place and who may come', async () => {
  const { items, version } = await manifest('jx-service-hall');
  const event = items.find((i) => i.title === '莒县政府开放日：走进医保服务大厅');
  expect(event).toBeDefined();
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  const heartbeat = nextHeartbeat(page);
  await page.goto(`${stack.url}/kiosk/jx-service-hall/?idle=600`);
  expect(await heartbeat).toMatchObject({ version, items: items.length, failedFiles: 0 });
  await context.setOffline(true);
  await page.reload();
  await page.locator('.item-button', { hasText: event!.title }).click();
  await expect(page.locator('#detail h1').textContent()).resolves.toBe(event!.title);
  const facts = await page.locator('#detail dl.facts').innerText();
  expect(facts).toContain('2027-01-15 09:00 至 11:30（北京时间）');
  expect(facts).toContain('莒县城阳街道县政务服务中心二楼医保服务大厅');
  expect(facts).toContain('辖区群众、参保职工、个体工商户');
  expect(facts).toContain('限 30 人，即日起可报名，2027-01-14 17:00 截止');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1080);
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-kiosk-offline-event.png') });
  // A terminal has no keyboard for a phone number: its code opens the registration form on the visitor's phone.
  expect(await page.locator('#detail .qr figcaption').textContent()).toBe('扫码在手机上报名');
  const shot = await page.locator('#detail .qr').screenshot();
  const { data, info } = await sharp(shot).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const scanned = jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data ?? '';
  const form = new URL(scanned).pathname; // the deployment's PUBLIC_URL, here localhost
  expect(form).toMatch(/^\/sites\/juxian-portal\/events\/[A-Za-z0-9]+\/register$/);
  await context.close();
  expect(await (await fetch(`${stack.url}${form}`)).text()).toContain('莒县政府开放日：走进医保服务大厅');
}, 120_000);

it('takes a question by touch, and one asked while the village connection is down is kept on the terminal and sent when it returns', async () => {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  const openQuestions = async () => {
    const status = await (await fetch(`${stack.url}/status`, { headers: { accept: 'application/json', authorization: OPS_AUTH } })).json() as any;
    return status.questions.open as number;
  };
  const before = await openQuestions();
  await page.goto(`${stack.url}/kiosk/jx-service-hall/?idle=600`);
  await page.locator('.item-button').first().waitFor();
  await page.locator('#ask-open').click();
  await page.fill('#ask-body', '请问医保异地备案在哪里办？');
  await page.locator('#ask-form button[type=submit]').click();
  await waitFor('the receipt', async () => /已受理，受理编号 Q\d{8}-/.test((await page.locator('#ask-result').textContent()) ?? ''), 10_000, 100);
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-kiosk-ask.png') });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1080);

  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.fill('#ask-body', '断网时提交的问题：种粮补贴什么时候到账？');
  await page.locator('#ask-form button[type=submit]').click();
  await waitFor('kept on the terminal', async () => ((await page.locator('#ask-result').textContent()) ?? '').includes('已保存在本机'), 10_000, 100);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('tongyuan-kiosk-questions') || '[]').length)).toBe(1);
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await waitFor('sent once back online', async () => (await page.evaluate(() => JSON.parse(localStorage.getItem('tongyuan-kiosk-questions') || '[]').length)) === 0, 15_000, 200);
  await waitFor('both at the publisher', async () => (await openQuestions()) >= before + 2, 10_000, 200);
  await context.close();
}, 90_000);

it('lays a landscape terminal out for 1920×1080: two columns of items, nothing overflowing', async () => {
  const hall = await manifest('ht-service-center');
  expect(hall).toMatchObject({ orientation: 'landscape' });
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(`${stack.url}/kiosk/ht-service-center/?idle=600`);
  await page.locator('.item-button').nth(hall.items.length - 1).waitFor();
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-kiosk-landscape.png') });
  const boxes = await page.locator('.item-button').evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().toJSON()));
  expect(boxes.length).toBeGreaterThanOrEqual(2);
  expect(boxes[1].y).toBe(boxes[0].y); // side by side, not stacked
  for (const box of boxes) expect(box.height).toBeGreaterThanOrEqual(88);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
  await page.locator('.item-button').first().click();
  await expect(page.locator('#detail h1').textContent()).resolves.toBe(hall.items[0].title);
  const detail = (await page.locator('#detail').boundingBox())!;
  expect(detail.width).toBeLessThanOrEqual(1560); // a readable line length on a wide screen
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-kiosk-landscape-item.png') });
  expect((await manifest('jx-service-hall'))).toMatchObject({ orientation: 'portrait' });
  await context.close();
}, 60_000);

it('shows a terminal that could not cache a file as unhealthy on /status, naming the file and why, and healthy again once it holds everything', async () => {
  const { items, version } = await manifest('ht-ruoshui');
  const slide = items[0].files.find((f) => f.role === 'slide')!;
  const stored = path.join(stack.env.ARTIFACT_DIR, slide.sha256.slice(0, 2), slide.sha256);
  const good = readFileSync(stored);
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  writeFileSync(stored, Buffer.alloc(good.length)); // the file disk damaged: the same size, other bytes
  try {
    const heartbeat = nextHeartbeat(page);
    await page.goto(`${stack.url}/kiosk/ht-ruoshui/?idle=600`);
    expect(await heartbeat).toMatchObject({ version, items: 0, failedFiles: 1, failures: [{ name: `${items[0].title}：${slide.name}`, reason: expect.stringContaining('校验值不符') }] });
    // It never shows an item whose files it lacks (it holds no earlier revision of this one).
    expect(await page.locator('.item-button').count()).toBe(0);
  } finally {
    writeFileSync(stored, good);
  }
  const row = async () => {
    const html = await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH } })).text();
    return html.match(/<tr><td>[^<]*<br><small>ht-ruoshui<\/small>.*?<\/tr>/)![0];
  };
  expect((await status()).terminals.find((t) => t.code === 'ht-ruoshui')).toMatchObject({ stale: false, healthy: false, failedFiles: 1 });
  expect(await row()).toContain('class="bad">异常：1 个文件未能缓存');
  expect(await row()).toContain(slide.name);
  const ops = await browser.newPage({ extraHTTPHeaders: { authorization: OPS_AUTH }, viewport: { width: 1280, height: 900 } });
  await ops.goto(`${stack.url}/status`);
  await ops.locator('table', { has: ops.locator('small', { hasText: 'ht-ruoshui' }) }).screenshot({ path: path.join(os.tmpdir(), 'tongyuan-status-terminals.png') });
  await ops.close();

  const repaired = nextHeartbeat(page);
  await page.reload();
  expect(await repaired).toMatchObject({ items: 1, failedFiles: 0, failures: [], cachedFiles: items[0].files.length });
  await page.locator('.item-button').first().waitFor();
  expect((await status()).terminals.find((t) => t.code === 'ht-ruoshui')).toMatchObject({ healthy: true, failedFiles: 0 });
  expect(await row()).toContain('正常');
  await context.close();
}, 120_000);

it('records heartbeats: the synced terminal is fresh, one that never synced is stale; bad heartbeats are refused', async () => {
  const terminals = await waitFor('the heartbeat', async () => {
    const list = (await status()).terminals;
    return list.find((t) => t.code === 'jx-service-hall')?.lastSyncAt ? list : undefined;
  }, 10_000, 200);
  expect(terminals.find((t) => t.code === 'jx-service-hall')!.stale).toBe(false);
  expect(terminals.find((t) => t.code === 'jx-village-hexi')).toMatchObject({ stale: true, lastSyncAt: null });
  const kioskToken = await stack.token(['create', '--name', 'kiosk-ops', '--channels', 'kiosk']);
  const all = await graphql(stack, kioskToken, '{ kioskTerminals { code orientation staleAfterHours } }');
  // The terminal's own setting in the CMS (48 h by default there) wins over KIOSK_STALE_HOURS (24 h).
  expect(all.body.data.kioskTerminals.find((t: { code: string }) => t.code === 'ht-service-center')).toEqual({ code: 'ht-service-center', orientation: 'landscape', staleAfterHours: 48 });
  const query = '{ kioskTerminals(staleOnly: true) { code name stale lastSyncAt } }';
  const { body } = await graphql(stack, kioskToken, query);
  const stale = body.data.kioskTerminals.map((t: { code: string }) => t.code);
  expect(stale).toContain('jx-village-hexi');
  expect(stale).not.toContain('jx-service-hall');
  const webToken = await stack.token(['create', '--name', 'web-ops', '--channels', 'web']);
  expect((await graphql(stack, webToken, query)).body.errors[0].message).toContain('无权读取渠道“kiosk”');
  const bad = await fetch(`${stack.url}/kiosk/jx-service-hall/heartbeat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"version":"x"}' });
  expect(bad.status).toBe(400);
  expect((await bad.json()).message).toContain('心跳应为');
});

it('fails only WeChat, with the reason, when the cover photo an author uploaded is corrupt; the other channels go live', async () => {
  const jwt = await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password);
  const cm = contentManager(stack.cms.url, jwt);
  const admin = await stack.token(['create', '--name', 'cover-check', '--channels', 'web,kiosk,wechat,weibo', '--admin']);
  const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#6b8fb5' } }).jpeg().toBuffer();
  const upload = async (bytes: Buffer) => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'cover-photo.jpg');
    return fetch(`${stack.cms.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` }, body: form });
  };
  // Strapi itself refuses a corrupt upload; a stored file can still be damaged later (disk, sync, restore).
  expect((await upload(photo.subarray(0, photo.length / 2))).status).toBe(400);
  const uploaded = await upload(photo);
  expect(uploaded.status).toBe(201);
  const [file] = (await uploaded.json()) as Array<{ id: number; url: string; formats: Record<string, { url: string }> | null }>;
  const stored = [file.url, ...Object.values(file.formats ?? {}).map((f) => f.url)].map((url) => path.join(REPO, 'cms', 'public', url));
  leftovers.push(...stored);
  writeFileSync(stored[0], photo.subarray(0, photo.length / 2));
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  const target = body.results.find((d: { slug: string }) => d.slug === 'jx-rural-pension');
  expect((await cm.update(INTERPRETATION, target.documentId, { cover: file.id })).status).toBe(200);
  expect((await cm.publish(INTERPRETATION, target.documentId, {})).status).toBe(200);
  const publication = await waitFor('WeChat failed and the rest live', async () => {
    const { body: result } = await graphql(stack, admin, `{ publication(documentId: "${target.documentId}") { channels { channel status reason } } }`);
    const channels = result.data.publication?.channels as Array<{ channel: string; status: string; reason: string | null }> | undefined;
    const settled = channels && channels.every((c) => ['LIVE', 'FAILED'].includes(c.status)) && channels.some((c) => c.status === 'FAILED');
    return settled ? channels : undefined;
  }, 60_000, 300);
  expect(publication.find((c) => c.channel === 'wechat')).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/封面图.*请重新上传/) });
  for (const other of publication.filter((c) => c.channel !== 'wechat')) expect(other).toMatchObject({ status: 'LIVE' });
  expect(publication.map((c) => c.channel)).toEqual(expect.arrayContaining(['web', 'kiosk']));
}, 90_000);

it('drops an interpretation withdrawn in the CMS from the next manifest', async () => {
  const before = await manifest('jx-study-room-fulai');
  const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  const withdrawn = body.results.find((d: { slug: string }) => d.slug === 'jx-public-rental-housing');
  expect(before.items.map((i) => i.id)).toContain(withdrawn.documentId);
  expect((await cm.unpublish(INTERPRETATION, withdrawn.documentId)).status).toBe(200);
  const after = await waitFor('the manifest without it', async () => {
    const next = await manifest('jx-study-room-fulai');
    return next.items.some((i) => i.id === withdrawn.documentId) ? undefined : next;
  }, 15_000, 200);
  expect(after.version).not.toBe(before.version);
});

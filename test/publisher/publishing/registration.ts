import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveFfmpeg } from '@tongyuan/channels';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { createDb } from '../../../publisher/src/store/db';
import { RegistrationStore } from '../../../publisher/src/store/registrations';
import { launchChromium } from '../../support/browser';
import { openEventFixture, putLiveEvent } from '../../support/open-event-fixture';
import { proofFrom } from '../../support/proof-of-work';
import { waitFor } from '../../support/processes';
import { HOOK_SECRET_HEADER } from '@tongyuan/document';
import { TEST_HOOK_SECRET } from '../../support/cms';
import { graphql, OPS_AUTH, type Stack } from '../../support/stack';
import type { SharedStack } from '../../support/shared-stack';

/**
 * Open-event registration on the real stack (CMS with the demo content, publisher API and worker),
 * the event written into the publisher's store as live: a reader on a 390 px phone registers, gets
 * the receipt with its QR, cancels, and the first on the waiting list is promoted; the door page
 * scans a QR from a fake camera and marks attendance, and its list works offline; bad input is
 * refused in Chinese with nothing stored; no registrant's name or phone reaches any public output.
 */
const SITE = 'juxian-portal';
const DAY = 24 * 3600_000;
const PEOPLE = [
  { name: '欧阳明远', phone: '13963312345', group: '退休人员' },
  { name: '司马晓燕', phone: '15166654321', group: '学生' },
  { name: '诸葛文博', phone: '18766600077', group: '律师' },
];
const EVENT = openEventFixture('evt-registration-test', { capacity: 2, title: '政府开放日：走进莒县政务服务中心' });
const CLOSED = openEventFixture('evt-registration-closed', { registrationClosesAt: new Date(Date.now() - DAY).toISOString() });
const PAST = openEventFixture('evt-registration-past', { startsAt: new Date(Date.now() - 2 * DAY).toISOString(), endsAt: new Date(Date.now() - DAY).toISOString() });
const shots = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-registration-'));

let stack: Stack;
let browser: Browser;
const links: Record<string, { receipt: string; link: string }> = {};

export function registrationTests(ctx: SharedStack) {
  describe('open-event registration', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      await waitFor('the demo site', async () => (await fetch(`${stack.url}/sites/${SITE}/`)).ok, 120_000, 500);
      for (const event of [EVENT, CLOSED, PAST]) await putLiveEvent(stack.env.DATABASE_URL, event);
      browser = await launchChromium();
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
    });

    const registerPath = (event: string) => `/sites/${SITE}/events/${event}/register`;
    const postForm = async (event: string, fields: Record<string, string>, proof?: string) => fetch(`${stack.url}${registerPath(event)}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, altcha: proof ?? (await proofFrom(stack.url)) }).toString(),
    });
    const stored = async (event = EVENT.documentId) => {
      const db = createDb(stack.env.DATABASE_URL);
      try {
        return await new RegistrationStore(db).ofEvent(event);
      } finally {
        await db.destroy();
      }
    };

    const phone = (): Promise<Page> => browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

    async function registerInBrowser(person: typeof PEOPLE[number], shot?: string): Promise<Page> {
      const page = await phone();
      await page.goto(`${stack.url}${registerPath(EVENT.documentId)}`);
      await page.fill('#r-name', person.name);
      await page.fill('#r-phone', person.phone);
      await page.check(`input[name="group"][value="${person.group}"]`);
      await page.waitForFunction(() => (document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value, undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      if (shot) await page.screenshot({ path: path.join(shots, `${shot}-form.png`), fullPage: true });
      await page.click('button[type="submit"]');
      await page.waitForSelector('.receipt', { timeout: 15_000 });
      const receipt = (await page.getAttribute('.receipt', 'data-receipt'))!;
      links[person.name] = { receipt, link: (await page.getAttribute('.cancel-link', 'href'))! };
      if (shot) await page.screenshot({ path: path.join(shots, `${shot}-receipt.png`), fullPage: true });
      return page;
    }

    it('on a phone: two register (the seats), the third is told their place on the waiting list; a cancellation promotes them', async () => {
      const first = await registerInBrowser(PEOPLE[0], 'first');
      expect(await first.textContent('h1')).toBe('报名成功');
      expect(await first.locator('.checkin-qr svg').count()).toBe(1);
      expect(links[PEOPLE[0].name].receipt).toMatch(/^E\d{8}-[A-Z2-9]{6}$/);
      expect(await (await registerInBrowser(PEOPLE[1])).textContent('h1')).toBe('报名成功');
      const third = await registerInBrowser(PEOPLE[2], 'waitlisted');
      expect(await third.textContent('h1')).toBe('已进入候补名单');
      expect(await third.textContent('.status-waitlisted')).toContain('第 1 位');
      expect(await third.locator('.checkin-qr').count()).toBe(0);

      // The first cancels from their receipt (the link only they hold).
      await first.click('.cancel-form button');
      await first.waitForSelector('.status-cancelled');
      expect(await first.textContent('h1')).toBe('报名已取消');
      // The waiting one opens their link: the seat is theirs, with the QR for the door.
      await third.goto(`${stack.url}${links[PEOPLE[2].name].link}`);
      expect(await third.textContent('h1')).toBe('报名成功');
      expect(await third.locator('.checkin-qr svg').count()).toBe(1);
      await third.screenshot({ path: path.join(shots, 'promoted-receipt.png'), fullPage: true });
      expect((await stored()).map((r) => [r.name, r.status])).toEqual([[PEOPLE[1].name, 'confirmed'], [PEOPLE[2].name, 'confirmed']]);
      // The link without its key opens nothing.
      expect((await fetch(`${stack.url}/registrations/${links[PEOPLE[2].name].receipt}?key=wrong`)).status).toBe(404);
    }, 180_000);

    it('the door: a phone camera (a fake stream of the QR) checks one in; the list marks another offline and sends it when back online, and reopens offline', async () => {
      const receipt = links[PEOPLE[2].name].receipt;
      const png = path.join(shots, 'qr.png');
      await QRCode.toFile(png, receipt, { width: 360, margin: 4 });
      const video = path.join(shots, 'camera.y4m');
      execFileSync(resolveFfmpeg().path, ['-y', '-loglevel', 'error', '-loop', '1', '-i', png, '-vf', 'scale=360:360,pad=640:480:140:60:white,format=yuv420p', '-t', '2', '-r', '10', video]);
      const door = await launchChromium({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`] });
      try {
        // The organizing department's door link, as the CMS hands it out (open-events.test checks who gets it).
        const { url: doorLink } = await (await fetch(`${stack.url}/hooks/checkin/${EVENT.documentId}/door-link`, { headers: { [HOOK_SECRET_HEADER]: TEST_HOOK_SECRET } })).json() as { url: string };
        const context = await door.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        await context.grantPermissions(['camera'], { origin: stack.url });
        const page = await context.newPage();
        await page.goto(doorLink);
        await page.waitForSelector(`#list li[data-receipt="${receipt}"]`);
        await page.click('#start');
        await page.waitForFunction(() => document.querySelector('#result')?.textContent?.includes('签到成功'), undefined, { timeout: 30_000 });
        expect(await page.textContent('#result')).toBe(`${PEOPLE[2].name}：签到成功`);
        await waitFor('the scan to reach the server', async () => (await stored()).find((r) => r.receipt === receipt)?.checked_in_at, 10_000, 200);

        // Offline after loading: the list still finds people and marks them, and says it will send later.
        await context.setOffline(true);
        await page.fill('#filter', PEOPLE[1].phone.slice(-4));
        await page.click(`#list li[data-receipt="${links[PEOPLE[1].name].receipt}"] button`);
        expect(await page.textContent('#result')).toBe(`${PEOPLE[1].name}：签到成功`);
        expect(await page.textContent('#net')).toContain('已断网');
        await page.screenshot({ path: path.join(shots, 'door-offline.png'), fullPage: true });
        expect((await stored()).find((r) => r.name === PEOPLE[1].name)!.checked_in_at).toBeNull();
        await context.setOffline(false);
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        await waitFor('the offline mark to be sent', async () => (await stored()).find((r) => r.name === PEOPLE[1].name)?.checked_in_at, 10_000, 200);
        // The browser closed the page and the network is gone again: reopened, the page and its list come back.
        await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
        await context.setOffline(true);
        await page.reload();
        await page.waitForSelector(`#list li.in[data-receipt="${links[PEOPLE[1].name].receipt}"]`, { timeout: 10_000 });
        expect(await page.locator('#list li').count()).toBe(2);
        await context.setOffline(false);
        // The door is the organizing department's: without its link, nothing — not even with the operations login.
        expect((await fetch(`${stack.url}/checkin/${EVENT.documentId}/door.json`)).status).toBe(401);
        expect((await fetch(`${stack.url}/checkin/${EVENT.documentId}/door.json`, { headers: { authorization: OPS_AUTH } })).status).toBe(401);
        expect((await context.request.get(`${stack.url}/checkin/${EVENT.documentId}/door.json`)).status()).toBe(200);
      } finally {
        await door.close();
      }
    }, 120_000);

    it('refuses bad input in Chinese and stores nothing: closed, past, duplicate phone, malformed phone, 50,000 characters, script, a replayed proof', async () => {
      const before = (await stored()).length;
      const person = { name: '测试用户', phone: '13700001111', group: '学生' };
      const refused = async (response: Response, status: number, message: string) => {
        expect(response.status).toBe(status);
        const html = await response.text();
        expect(html).toContain(message);
        expect(html).not.toMatch(/<script>alert|<img src=x/i);
      };
      await refused(await postForm(CLOSED.documentId, person), 409, '报名已于');
      await refused(await postForm(PAST.documentId, person), 409, '活动已于');
      expect(await (await fetch(`${stack.url}${registerPath(PAST.documentId)}`)).text()).not.toContain('<form method="post"');
      await refused(await postForm(EVENT.documentId, { ...person, phone: PEOPLE[1].phone }), 409, '这个手机号已经报名了本活动');
      await refused(await postForm(EVENT.documentId, { ...person, phone: '+86 139 6331 2345 0' }), 400, '11 位中国大陆手机号码');
      await refused(await postForm(EVENT.documentId, { ...person, phone: '0633-6212345' }), 400, '座机号不能用于报名');
      await refused(await postForm(EVENT.documentId, { ...person, name: '长'.repeat(50_000) }), 400, '姓名最多 50 字');
      await refused(await postForm(EVENT.documentId, { ...person, phone: '1'.repeat(50_000) }), 400, '手机号最多 30 字');
      await refused(await postForm(EVENT.documentId, { ...person, group: '长'.repeat(50_000) }), 400, '身份最多 20 字');
      for (const field of ['name', 'phone', 'group'] as const) {
        await refused(await postForm(EVENT.documentId, { ...person, [field]: '<script>alert(1)</script>' }), 400, '不能包含网页代码');
        await refused(await postForm(EVENT.documentId, { ...person, [field]: '<img src=x onerror=alert(1)>' }), 400, '不能包含网页代码');
      }
      await refused(await postForm(EVENT.documentId, { ...person, group: '外星人' }), 400, '身份只能从这些中选择');
      expect((await stored()).length).toBe(before);
      // One proof, one registration: replayed for another person, refused.
      const proof = await proofFrom(stack.url);
      expect((await postForm(EVENT.documentId, person, proof)).status).toBe(201); // full: waitlisted
      await refused(await postForm(EVENT.documentId, { ...person, phone: '13700002222' }, proof), 400, '这个验证已经用过');
      expect((await stored()).length).toBe(before + 1);
    }, 120_000);

    it('no registrant name or phone in any public output: portal pages, feeds, the iCalendar file, GraphQL, the kiosk manifest, the figures, the annual report, logs', async () => {
      const secrets = [...PEOPLE.flatMap((p) => [p.name, p.phone]), '测试用户', '13700001111'];
      const seen = new Set<string>();
      const queue = ['/sites', '/feeds', '/podcasts', `/sites/${SITE}/`, `/sites/${SITE}/events/`, `/sites/${SITE}/events.ics`, `/sites/${SITE}/sitemap.xml`,
        registerPath(EVENT.documentId), '/kiosk/juxian-hall-01/manifest.json', '/cinema/reels.json', '/print', '/tv', '/loudspeakers', '/policy-finder/'];
      const leaks: string[] = [];
      while (queue.length && seen.size < 250) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        const response = await fetch(`${stack.url}${url}`);
        const type = response.headers.get('content-type') ?? '';
        if (!/text|json|xml|calendar/.test(type)) continue;
        const body = await response.text();
        for (const secret of secrets) if (body.includes(secret)) leaks.push(`${url}: ${secret}`);
        for (const [, href] of body.matchAll(/(?:href|src)="([^"#?]+)/g)) {
          const local = href.startsWith(stack.url) ? href.slice(stack.url.length) : href;
          if (local.startsWith('/') && !local.startsWith('/files/') && !local.startsWith('/registrations/')) queue.push(local);
        }
      }
      expect(seen.size).toBeGreaterThan(20);
      const token = await stack.token(['create', '--name', 'registration-leak', '--channels', 'web,feeds']);
      const feed = await graphql(stack, token, '{ channelFeed(channel: "web", first: 100) { edges { node { documentId title payload } } } }');
      // The reports count registrations (参与人数) and never name one: the staff's annual report, this year's and next year's.
      const year = new Date().getUTCFullYear();
      const report = async (suffix: string, y: number) => {
        const response = await fetch(`${stack.url}/reports/annual${suffix}?year=${y}`, { headers: { authorization: OPS_AUTH } });
        expect(response.status).toBe(200);
        return response.text();
      };
      const outputs = {
        graphql: JSON.stringify(feed), figures: await (await fetch(`${stack.url}/sites/${SITE}/open-figures`)).text(),
        report: await report('', year), reportJson: await report('.json', year), nextYear: await report('.json', year + 1),
        api: stack.api.output(), worker: stack.worker.output(), cms: stack.cms.process.output(),
      };
      for (const [where, text] of Object.entries(outputs)) for (const secret of secrets) if (text.includes(secret)) leaks.push(`${where}: ${secret}`);
      expect(leaks).toEqual([]);
    }, 180_000);
  });
}

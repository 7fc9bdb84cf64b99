import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { ADMIN, DEMO_PASSWORD } from '../../support/cms';
import { waitFor } from '../../support/processes';
import type { Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { adminLogin, contentApi, contentManager, INTERPRETATION } from '../../support/strapi-api';

/**
 * 在线访谈 (issue 20, part 4): an interview authored as an interpretation of format 访谈 with its
 * guests, published on Yichun's portal; during the interview the editor posts turns through the
 * CMS and two readers' live pages (Chromium, 390 px) show each one without reloading; the turns go
 * into the interview's 访谈实录; a question from the public answered on air is listed by its public
 * wording only; and the interview is in the site's 往期回顾 column.
 */
const QUESTION = 'api::question.question';
const SITE = 'yichun-portal';
const SLUG = 'yc-interview-business-environment';
const ASKER = { name: '钱提问', contact: '13700002222' };
const SHOTS = path.join(os.tmpdir(), 'tongyuan-interviews');
let stack: Stack;
let jwt: string;
let interviewId: string;

const cms = () => contentManager(stack.cms.url, jwt);
const read = (uid: string) => contentApi(stack.cms.url, stack.env.STRAPI_TOKEN).get(uid);
const documentIdOf = async (type: string, code: string) => (await read(`/${type}?filters[code][$eq]=${code}`)).body.data[0].documentId as string;
const ref = (documentId: string) => ({ connect: [{ documentId }] });
/** The page, its fonts settled, must not scroll sideways at 390 px; then the screenshot. */
async function screenshot(page: Page, file: string) {
  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
}
const postTurn = (turn: object) => fetch(`${stack.cms.url}/tongyuan/interviews/${interviewId}/turns`, {
  method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify(turn),
});

export function interviewTests(ctx: SharedStack) {
  describe('online interviews', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      jwt = await adminToken(stack);
      const question = await cms().create(QUESTION, {
        receipt: 'Q20261203-ITV001', kind: 'question', body: `我是${ASKER.name}，电话${ASKER.contact}，开办企业要跑几次？`, askerName: ASKER.name, askerContact: ASKER.contact,
        source: 'web', receivedAt: new Date().toISOString(), handling: 'answered', publicQuestion: '开办一家企业现在要跑几次、几天能办完？', answer: '一次都不用跑：全程网上办，一个工作日内办结。',
      });
      expect(question.status).toBe(201);
      const [web, feeds] = await Promise.all(['web', 'feeds'].map(async (c) => (await read(`/channels?filters[code][$eq]=${c}`)).body.data[0].documentId as string));
      const created = await cms().create(INTERPRETATION, {
        slug: SLUG, title: '市营商环境局局长做客在线访谈：开办企业一次不用跑', digest: '市营商环境局局长解读优化营商环境的新举措。', body: '访谈预告。',
        format: 'interview', stage: 'office_signoff',
        guests: [{ name: '李明', title: '局长', department: '宜春市营商环境优化升级局' }],
        // On air now: started ten minutes ago, an hour long.
        interviewStartsAt: new Date(Date.now() - 600_000).toISOString(), interviewEndsAt: new Date(Date.now() + 3000_000).toISOString(),
        transcript: [{ speaker: '主持人', text: '各位网友大家好，欢迎收看在线访谈。' }],
        answeredOnAir: ref(question.body.data.documentId),
        sites: ref(await documentIdOf('sites', SITE)), channels: { connect: [{ documentId: web }, { documentId: feeds }] },
      });
      expect(created.status).toBe(201);
      interviewId = created.body.data.documentId;
      expect((await cms().publish(INTERPRETATION, interviewId)).status).toBe(200);
      await waitFor('the interview live page', async () => (await fetch(`${stack.url}/sites/${SITE}/interviews/${SLUG}/live`)).ok, 60_000, 200);
    }, 240_000);

    it('pushes each turn the editor posts to every open live page within 2 s, without reloading, and keeps it in the transcript', async () => {
      mkdirSync(SHOTS, { recursive: true });
      const browser = await launchChromium();
      try {
        const open = async () => {
          const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
          await page.goto(`${stack.url}/sites/${SITE}/interviews/${SLUG}/live`);
          await page.waitForFunction(() => document.getElementById('live-state')?.textContent?.includes('直播中'));
          // When each turn appeared on this page, by the machine's clock (the test's Date.now() is the same clock).
          await page.evaluate(() => {
            const arrived: Record<string, number> = {};
            (window as unknown as { arrived: Record<string, number> }).arrived = arrived;
            new MutationObserver(() => {
              for (const shown of Array.from(document.querySelectorAll('.interview-turns .turn .text'))) arrived[shown.textContent ?? ''] ??= Date.now();
            }).observe(document.body, { childList: true, subtree: true, characterData: true });
          });
          return page;
        };
        const arrivedAt = (page: Page, text: string) => page.evaluate((t) => Object.entries((window as unknown as { arrived: Record<string, number> }).arrived)
          .find(([shown]) => shown.includes(t))?.[1] ?? null, text);
        const latencies: number[] = [];
        const [first, second] = [await open(), await open()];
        const loads = { first: 0, second: 0 };
        first.on('load', () => { loads.first += 1; });
        second.on('load', () => { loads.second += 1; });
        expect(await first.locator('.interview-guests').textContent()).toContain('李明');

        const turns = [
          { speaker: '李明', text: '开办企业现在全程网上办，一次都不用跑，一个工作日内办结。', highlight: true },
          { speaker: '网友提问', text: '个体户办营业执照也能网上办吗？' },
        ];
        // The editor's 文字直播 panel on the interview's edit view, logged in to the admin.
        const desk = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
        await desk.goto(`${stack.cms.url}/admin/auth/login`);
        await desk.fill('input[name="email"]', ADMIN.email);
        await desk.fill('input[name="password"]', ADMIN.password);
        await desk.click('button[type="submit"]');
        await desk.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
        await desk.goto(`${stack.cms.url}/admin/content-manager/collection-types/${INTERPRETATION}/${interviewId}`);
        const panel = desk.locator('[data-interview-live-desk]');
        await panel.waitFor({ timeout: 60_000 });
        expect(await panel.locator('select option').allTextContents()).toEqual(['主持人', '李明', '网友提问']);

        for (const [i, turn] of turns.entries()) {
          const postedAt = Date.now(); // the editor posts: the CMS's route, then the panel's button
          if (i === 0) {
            const posted = await postTurn(turn);
            expect(posted.status).toBe(201);
          } else {
            await panel.locator('select').selectOption(turn.speaker);
            await panel.locator('textarea').fill(turn.text);
            await panel.getByRole('button', { name: '发出这段' }).click();
            await panel.locator('[data-live-sent]', { hasText: '已发出第 3 段（网友提问）' }).waitFor({ timeout: 30_000 });
            await panel.screenshot({ path: path.join(SHOTS, 'live-desk.png') });
          }
          for (const page of [first, second]) {
            // A bound to catch a hang; the speed claim is the next line's, from the moment the editor posted.
            await page.locator('.interview-turns .turn .text', { hasText: turn.text }).waitFor({ timeout: 10_000 });
            latencies.push((await arrivedAt(page, turn.text))! - postedAt);
          }
        }
        console.log(`live turns on the readers' pages after the editor posted: ${latencies.join(', ')} ms`);
        expect(Math.max(...latencies)).toBeLessThanOrEqual(2000);
        expect(loads).toEqual({ first: 0, second: 0 });
        expect(await second.locator('.interview-turns .turn .speaker').allTextContents()).toEqual(['李明：', '网友提问：']);
        await screenshot(second, 'live-390.png');

        // A reader who arrives late reads every turn so far.
        const late = await open();
        expect(await late.locator('.interview-turns .turn').count()).toBe(2);
      } finally {
        await browser.close();
      }
      const draft = await cms().get(INTERPRETATION, interviewId);
      expect(draft.body.data.transcript.map((t: any) => [t.speaker, t.highlight])).toEqual([['主持人', false], ['李明', true], ['网友提问', false]]);
    }, 120_000);

    it('refuses a turn without text and a turn for what is not an interview, in Chinese', async () => {
      const empty = await postTurn({ speaker: '主持人', text: '  ' });
      expect(empty.status).toBe(400);
      expect((await empty.json()).message).toContain('发言内容');
      const script = await postTurn({ speaker: '主持人', text: '<script>alert(1)</script>' });
      expect(script.status).toBe(400);
      expect((await script.json()).message).toContain('网页代码');
      const unknown = await fetch(`${stack.url}/hooks/interviews/nosuchdocument/turns`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tongyuan-hook-secret': stack.env.HOOK_SECRET }, body: '{"speaker":"主持人","text":"你好"}' });
      expect(unknown.status).toBe(404);
      expect((await fetch(`${stack.url}/hooks/interviews/${interviewId}/turns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
      // Another county's interpreter may not speak in this interview (nor overwrite its transcript).
      const before = (await cms().get(INTERPRETATION, interviewId)).body.data.transcript.length;
      const outsider = await adminLogin(stack.cms.url, 'wang-xiaodong@tongyuan.local', DEMO_PASSWORD);
      const foreign = await fetch(`${stack.cms.url}/tongyuan/interviews/${interviewId}/turns`, {
        method: 'POST', headers: { authorization: `Bearer ${outsider}`, 'content-type': 'application/json' }, body: JSON.stringify({ speaker: '主持人', text: '不该发出的一段话' }),
      });
      expect(foreign.status).toBe(404);
      expect((await foreign.json()).message).toContain('不属于你的区县');
      expect((await cms().get(INTERPRETATION, interviewId)).body.data.transcript).toHaveLength(before);
      expect(await (await fetch(`${stack.url}/sites/${SITE}/interviews/${SLUG}/live`)).text()).not.toContain('不该发出的一段话');
    });

    it('marks the question itself as answered on air (已在访谈中回答), naming the interview', async () => {
      const { body } = await read('/questions?filters[receipt][$eq]=Q20261203-ITV001&populate[answeredInInterviews][fields][0]=title');
      expect(body.data[0].answeredInInterviews.map((i: { title: string }) => i.title)).toEqual(['市营商环境局局长做客在线访谈：开办企业一次不用跑']);
    });

    it('lists the question answered on air by its public wording, never the asker, and files the interview under 往期回顾', async () => {
      const live = await (await fetch(`${stack.url}/sites/${SITE}/interviews/${SLUG}/live`)).text();
      expect(live).toContain('开办一家企业现在要跑几次、几天能办完？');
      expect(live).toContain('一次都不用跑');
      expect(live).toContain(`/sites/${SITE}/ask?about&#x3D;${interviewId}`); // the template escapes '=' in the href; the browser reads it back
      const ask = await (await fetch(`${stack.url}/sites/${SITE}/ask?about=${interviewId}`)).text();
      expect(ask).toContain('开办企业一次不用跑');
      const archive = await (await fetch(`${stack.url}/sites/${SITE}/interviews/`)).text();
      expect(archive).toContain('往期回顾');
      expect(archive).toContain('开办企业一次不用跑');
      expect(archive).toContain('访谈嘉宾：李明（宜春市营商环境优化升级局局长）');
      const page = await (await fetch(`${stack.url}/sites/${SITE}/interpretations/${SLUG}.html`)).text();
      expect(page).toContain('李明（宜春市营商环境优化升级局局长）');
      expect(page).toContain('<b class="speaker">主持人：</b>');
      expect(page).toContain(`../interviews/${SLUG}/live`);
      // 往期回顾's feed carries the interview with its guest and its transcript as published.
      const feed = await waitFor('the interview in the 往期回顾 feed', async () => {
        const rss = await (await fetch(`${stack.url}/feeds/${SITE}/interviews.rss`)).text();
        return rss.includes('市营商环境局局长做客在线访谈：开办企业一次不用跑') ? rss : undefined;
      }, 30_000, 300);
      expect(feed).toContain('李明');
      expect(feed).toContain('各位网友大家好，欢迎收看在线访谈。');
      const outputs = [live, archive, page, feed];
      for (const output of outputs) {
        expect(output).not.toContain(ASKER.name);
        expect(output).not.toContain(ASKER.contact);
      }
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
        mkdirSync(SHOTS, { recursive: true });
        await page.goto(`${stack.url}/sites/${SITE}/interviews/`);
        await screenshot(page, 'archive-390.png');
      } finally {
        await browser.close();
      }
    });
  });
}

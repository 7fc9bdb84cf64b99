import os from 'node:os';
import path from 'node:path';
import { wireServices } from '../../../publisher/src/main/wiring';
import { preflightDocument } from '../../../publisher/src/pipeline/preflight';
import { sweepQuestions } from '../../../publisher/src/questions/question-sync';
import { receiveQuestion } from '../../../publisher/src/questions/receive-question';
import { workingDayCalendar } from '../../../publisher/src/questions/working-days';
import type { Services } from '../../../publisher/src/main/services';
import { launchChromium } from '../../support/browser';
import { proofFrom, solvedProof } from '../../support/proof-of-work';
import { waitFor } from '../../support/processes';
import { graphql, OPS_AUTH, type Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { contentApi, contentManager, INTERPRETATION } from '../../support/strapi-api';

/**
 * The Q&A desk (宜企问): people ask on a portal site (a form with a proof of work), at a kiosk or
 * through an operator's app; each question is stored by the publisher, handed to the CMS, routed to
 * a department and due in 2 working days; overdue ones are flagged with a controllable clock; an
 * answer goes out as a 政策问答 item with nothing about the asker; bad input and floods are refused
 * with messages that say what to fix, and nothing is stored for them. On policies-and-questions.test.ts's
 * stack (four questions an hour per address), whose other modules ask nothing: its counts start from none.
 */
const QUESTION = 'api::question.question';
const SITE = 'juxian-portal';
const ASKER = { name: '王秀英', contact: '13863312345' };
let stack: Stack;
let jwt: string;
const inProcess: Services[] = [];

const cms = () => contentManager(stack.cms.url, jwt);
/** Questions as the CMS holds them: public fields with relations (REST, read token) and the asker's details (admin). */
const cmsQuestions = async () => {
  const rest = (await contentApi(stack.cms.url, stack.env.STRAPI_TOKEN).get('/questions?populate[department]=true&populate[site]=true&pagination[pageSize]=100')).body.data as any[];
  const admin = new Map(((await cms().list(QUESTION, 'page=1&pageSize=100')).body.results as any[]).map((q) => [q.documentId, q]));
  return rest.map((q) => ({ ...q, askerName: admin.get(q.documentId)?.askerName, askerContact: admin.get(q.documentId)?.askerContact }));
};
const opsStatus = async () => (await (await fetch(`${stack.url}/status`, { headers: { accept: 'application/json', authorization: OPS_AUTH } })).json()) as any;

const proofOfWork = () => proofFrom(stack.url);
const postForm = (fields: Record<string, string>) =>
  fetch(`${stack.url}/sites/${SITE}/ask`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
/** A terminal solves the proof of work too (anyone can claim to be a kiosk: its code is in its address). */
const postKiosk = async (body: unknown, terminal = 'jx-service-hall') =>
  fetch(`${stack.url}/kiosk/${terminal}/questions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...(body as object), altcha: await proofOfWork() }) });
const receiptIn = (html: string) => /class="receipt">(Q\d{8}-[A-Z0-9]{6})</.exec(html)?.[1];

/** The same services as the worker's, in this process, with a clock the test sets. */
async function servicesAt(clock: () => Date): Promise<Services> {
  const services = await wireServices('test', stack.env, clock);
  inProcess.push(services);
  return services;
}

export function questionDeskTests(ctx: SharedStack) {
  describe('the Q&A desk', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      jwt = await adminToken(stack);
      await waitFor('the Juxian portal', async () => (await fetch(`${stack.url}/sites/${SITE}/interpretations/jx-cross-province-medical.html`)).status === 200, 240_000, 1000);
      await waitFor('the service hall kiosk', async () => (await fetch(`${stack.url}/kiosk/jx-service-hall/manifest.json`)).status === 200, 120_000, 1000);
    }, 300_000);

    afterAll(async () => {
      for (const services of inProcess) {
        await services.queues.close();
        services.counters.disconnect();
        await services.db.destroy();
      }
    });

    it('takes a question on the portal form only with a solved proof of work, routes it and hands it to the CMS with a due time', async () => {
      const form = await (await fetch(`${stack.url}/sites/${SITE}/ask`)).text();
      expect(form).toContain('<altcha-widget challenge="/questions/challenge"');
      expect(form).toContain('2 个工作日');

      const text = '住院以后异地就医的费用怎么报销？需要先备案吗？';
      const unsolved = await postForm({ body: text, askerName: ASKER.name, askerContact: ASKER.contact });
      expect(unsolved.status).toBe(400);
      const refusedPage = await unsolved.text();
      expect(refusedPage).toContain('防刷校验');
      expect(refusedPage).toContain(text); // what the asker typed comes back with the message
      const bot = await postForm({ body: text, altcha: await proofOfWork(), website: 'http://spam.example' });
      expect(bot.status).toBe(400);

      const payload = await proofOfWork();
      const accepted = await postForm({ body: text, askerName: ASKER.name, askerContact: ASKER.contact, altcha: payload });
      expect(accepted.status).toBe(201);
      const receiptPage = await accepted.text();
      const receipt = receiptIn(receiptPage)!;
      expect(receipt).toBeDefined();
      expect(receiptPage).toContain('答复时限');
      // A solution is good once; the same question again is the same receipt, not a second question.
      expect((await postForm({ body: '另一个问题：门诊慢特病怎么申请？', altcha: payload })).status).toBe(400);
      // The back button and 提交 again: the used proof, the same question — its receipt, not an error.
      const again = await postForm({ body: text, askerName: ASKER.name, askerContact: ASKER.contact, altcha: payload });
      expect(again.status).toBe(200);
      expect(receiptIn(await again.text())).toBe(receipt);

      const inCms = await waitFor('the question in the CMS', async () => (await cmsQuestions()).find((q) => q.receipt === receipt), 30_000, 300);
      expect(inCms.department?.code).toBe('jx-healthcare'); // its keywords (住院, 异地就医, 报销)
      expect(inCms.routedBy).toBe('keyword');
      expect(inCms.askerName).toBe(ASKER.name); // the department sees who asked…
      if (new Date(Date.now() + 7 * 86_400_000).getUTCFullYear() <= workingDayCalendar().coveredYears.to) {
        expect(Date.parse(inCms.dueAt) - Date.parse(inCms.receivedAt)).toBeGreaterThanOrEqual(2 * 86_400_000);
      } else {
        expect(inCms.dueAt).toBeNull(); // taken all the same; /status says the calendar needs updating
      }
      // …the publisher's read token (and so every public output) never does.
      const rest = (await contentApi(stack.cms.url, stack.env.STRAPI_TOKEN).get(`/questions?filters[receipt][$eq]=${receipt}`)).body.data[0];
      expect(rest.receipt).toBe(receipt);
      expect(JSON.stringify(rest)).not.toContain(ASKER.name);
      expect(JSON.stringify(rest)).not.toContain(ASKER.contact);
      expect((await opsStatus()).questions.open).toBeGreaterThanOrEqual(1);
    }, 60_000);

    it('routes a question asked from an interpretation to its department, and one naming nothing to the site’s desk', async () => {
      const rural = await (await fetch(`${stack.url}/sites/${SITE}/interpretations/jx-rural-pension.html`)).text();
      const about = /\/ask\?about=([A-Za-z0-9_-]+)/.exec(rural)?.[1];
      expect(about).toBeDefined();
      expect(await (await fetch(`${stack.url}/sites/${SITE}/ask?about=${about}`)).text()).toContain('咨询的解读：《');
      const fromPage = await (await postForm({ body: '我父亲今年六十岁，住院报销的钱能不能用来补缴养老保险？', about: about!, altcha: await proofOfWork() })).text();
      const plain = await (await postKiosk({ body: '村里的文化广场什么时候开放？' })).json() as any;
      const receipts = [receiptIn(fromPage)!, plain.receipt];
      const found = await waitFor('both in the CMS', async () => {
        const list = await cmsQuestions();
        const both = receipts.map((r) => list.find((q) => q.receipt === r));
        return both.every(Boolean) ? both : undefined;
      }, 30_000, 300);
      expect([found[0].department.code, found[0].routedBy]).toEqual(['jx-hrss', 'interpretation']); // not healthcare, whatever it says
      expect([found[1].department.code, found[1].routedBy, found[1].source, found[1].site?.code]).toEqual(['jx-gov-office', 'site_default', 'kiosk', SITE]);
    }, 60_000);

    it('refuses empty, 50,000-character, script-laden and binary questions with a message saying what to fix, storing nothing', async () => {
      const before = (await opsStatus()).questions.open;
      const cases: Array<[unknown, RegExp]> = [
        [{ body: '' }, /请填写问题内容/],
        [{ body: '   \n ' }, /请填写问题内容/],
        [{ body: '税'.repeat(50_000) }, /最多 1000 字，现在有 50000 字/],
        [{ body: '<script>alert(document.cookie)</script>小规模纳税人免税吗' }, /网页代码/],
        [{ body: '请问<img src=x onerror=alert(1)>怎么办' }, /网页代码/],
        [{ body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]).toString('latin1') + '请问' }, /无法识别的字符/],
        [{ body: `正常的问题\u0000\u0001${Buffer.from([0xc3, 0x28]).toString('utf8')}` }, /无法识别的字符/],
        [{ body: 42 }, /./],
        [{ body: '请问退役军人创业有补贴吗', askerContact: 'call me maybe' }, /联系方式应为手机号/],
      ];
      for (const [input, message] of cases) {
        const response = await postKiosk(input);
        const answer = await response.json() as any;
        expect([response.status, answer.error]).toEqual([400, 'QUESTION_INVALID']);
        expect(answer.message).toMatch(message);
      }
      // Not JSON at all, and a body past the route's limit: refused by the server, nothing stored.
      expect((await fetch(`${stack.url}/kiosk/jx-service-hall/questions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body": "未闭合' })).status).toBe(400);
      expect((await postKiosk({ body: 'x'.repeat(300_000) })).status).toBe(413);
      expect((await opsStatus()).questions.open).toBe(before);
      expect((await cmsQuestions()).some((q) => /script|onerror|税税税/.test(q.body))).toBe(false);
    }, 60_000);

    it('lets a reader on a phone ask through the form in Chromium: the widget solves the proof of work, the receipt page answers', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
        await page.goto(`${stack.url}/sites/${SITE}/ask`);
        await page.fill('#q-body', '退役军人自主创业，有没有贷款贴息？怎么申请？');
        await page.fill('#q-contact', '13963300000');
        // The widget fetches the challenge and solves it on load; its hidden field carries the payload.
        await page.waitForFunction(() => (document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value, undefined, { timeout: 30_000 });
        await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-ask-form.png'), fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.click('button[type="submit"]');
        await page.waitForSelector('.receipt', { timeout: 15_000 });
        await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-ask-receipt.png'), fullPage: true });
        expect(await page.textContent('h1')).toBe('问题已受理');
        expect(await page.textContent('.receipt')).toMatch(/^Q\d{8}-[A-Z0-9]{6}$/);
      } finally {
        await browser.close();
      }
    }, 60_000);

    it('tells a flood from one address to wait, while a kiosk and an operator keep their own allowances', async () => {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 6; i += 1) {
        last = await postForm({ body: `请问第 ${i} 批次的惠企资金什么时候拨付？`, altcha: await proofOfWork() });
        statuses.push(last.status);
      }
      // Four an hour per address in this stack (QUESTION_LIMIT_PER_HOUR); three were asked from here before.
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(4);
      expect(statuses.at(-1)).toBe(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await last!.text()).toContain('提问过于频繁');

      // Posting as a kiosk without the terminal's proof of work: refused, nothing stored.
      const asKiosk = await fetch(`${stack.url}/kiosk/jx-service-hall/questions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: '冒充终端发来的问题，没有防刷验证' }) });
      expect([asKiosk.status, ((await asKiosk.json()) as any).error]).toEqual([400, 'QUESTION_CHECK_FAILED']);

      const token = await stack.token(['create', '--name', 'wechat-desk', '--channels', 'wechat', '--sites', SITE]);
      const ask = (site: string) => graphql(stack, token, 'mutation($site: String!, $body: String!) { askQuestion(site: $site, body: $body, source: WECHAT) { receipt dueAt duplicate } }', { site, body: '公众号读者：稳岗返还今年还有吗？' });
      const relayed = await ask(SITE);
      expect(relayed.body.data.askQuestion.receipt).toMatch(/^Q\d{8}-/);
      expect((await ask('huitong-portal')).body.errors[0].extensions.code).toBe('FORBIDDEN'); // not its site
      const noChannel = await graphql(stack, token, 'mutation { askQuestion(site: "juxian-portal", body: "微博读者的问题可以吗", source: WEIBO) { receipt } }');
      expect(noChannel.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }, 60_000);

    it('flags open questions past 2 working days by the clock it is given, in the CMS and on the status page, and stops once answered', async () => {
      // 2026-09-30 (Wednesday) 10:00, the day before National Day (1–7 October, off): 14 h that day, 24 h on the 8th, 10 h on the 9th.
      const asked = new Date('2026-09-30T10:00:00+08:00');
      const atAsking = await servicesAt(() => asked);
      const receipt = await receiveQuestion(atAsking, { site: SITE, body: '国庆前提交的问题：公租房申请材料有哪些？' }, {
        source: 'kiosk', sender: { kind: 'terminal', code: 'jx-service-hall' }, terminal: 'jx-service-hall', proofOfWork: await solvedProof(await atAsking.spamGuard.challenge(new Date())),
      });
      expect(receipt.dueAt).toBe(new Date('2026-10-09T10:00:00+08:00').toISOString());
      await waitFor('delivered', async () => (await cmsQuestions()).find((q) => q.receipt === receipt.receipt), 30_000, 300);

      // (The stack's own worker sweeps by the real clock too, by which October is long past: the CMS flag is asserted once it must be set.)
      const justBefore = await servicesAt(() => new Date('2026-10-09T09:59:00+08:00'));
      expect((await justBefore.questionDesk.overdue(justBefore.clock().toISOString())).map((q) => q.receipt)).not.toContain(receipt.receipt);
      expect((await sweepQuestions(justBefore)).overdue).toBe(0);
      const justAfter = await servicesAt(() => new Date('2026-10-09T10:01:00+08:00'));
      expect((await sweepQuestions(justAfter)).overdue).toBe(1);
      const flagged = (await cmsQuestions()).find((q) => q.receipt === receipt.receipt);
      expect(flagged.overdue).toBe(true); // the department's list shows it
      const page = await (await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH } })).text();
      expect(page).toContain(receipt.receipt); // real clock: long past October
      expect(page).toMatch(/已逾期 \d+ 条/);

      await cms().update(QUESTION, flagged.documentId, { answer: '需要身份证、户口簿、收入证明和住房情况声明，到县住建局窗口或“爱山东”APP 申请。' });
      const answered = (await cmsQuestions()).find((q) => q.receipt === receipt.receipt);
      expect(answered.handling).toBe('answered');
      expect(answered.answeredAt).toBeTruthy();
      await waitFor('the answer copied back', async () => !(await opsStatus()).questions.overdue.some((q: any) => q.receipt === receipt.receipt), 30_000, 500);
    }, 90_000);

    it('publishes an answer as a 政策问答 item on the site and its feed, with nothing about the asker', async () => {
      const question = await waitFor('the form question', async () => (await cmsQuestions()).find((q) => q.askerName === ASKER.name && q.handling === 'pending'), 10_000, 300);
      const answer = '异地住院前请在“国家医保服务平台”APP 办理异地就医备案，出院时直接结算；未备案的，回参保地按规定报销。';
      expect((await fetch(`${stack.cms.url}/tongyuan/questions/${question.documentId}/qa-draft`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` } })).status).toBe(400); // not answered yet
      await cms().update(QUESTION, question.documentId, { answer });
      const draftResponse = await fetch(`${stack.cms.url}/tongyuan/questions/${question.documentId}/qa-draft`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` } });
      const draft = await draftResponse.json() as any;
      expect(draftResponse.status).toBe(200);
      expect((await fetch(`${stack.cms.url}/tongyuan/questions/${question.documentId}/qa-draft`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` } })).status).toBe(400); // once

      const created = (await cms().get(INTERPRETATION, draft.documentId)).body.data;
      expect(created.format).toBe('qa');
      expect(created.stage).toBe('draft'); // through the workflow like any interpretation
      await cms().update(INTERPRETATION, draft.documentId, { stage: 'office_signoff' });
      expect((await cms().publish(INTERPRETATION, draft.documentId)).status).toBe(200);

      const slug = created.slug;
      await waitFor('the Q&A page', async () => (await fetch(`${stack.url}/sites/${SITE}/interpretations/${slug}.html`)).status === 200, 60_000, 500);
      const outputs = await Promise.all([
        `/sites/${SITE}/interpretations/${slug}.html`, `/sites/${SITE}/qa/`, `/feeds/${SITE}/qa.json`, `/feeds/${SITE}/qa.rss`, `/feeds/${SITE}/interpretations.atom`,
      ].map(async (path) => (await fetch(`${stack.url}${path}`)).text()));
      expect(outputs[0]).toContain('异地就医备案');
      expect(outputs[1]).toContain(created.title);
      expect(outputs[2]).toContain('异地就医备案');
      for (const output of outputs) {
        expect(output).not.toContain(ASKER.name);
        expect(output).not.toContain(ASKER.contact);
      }
    }, 120_000);

    it('groups frequent questions, flags a big group, and makes one short-video Q&A draft of it with one click', async () => {
      const wordings = [
        '我们是小微企业，稳岗返还今年什么时候发放？', '请问稳岗返还需要企业自己申请吗？', '稳岗返还的资金标准是多少，怎么查询到账？',
        '去年没有裁员，能享受失业保险稳岗返还吗？', '稳岗返还政策今年还延续吗？哪里申请？', '个体工商户可以领取稳岗返还吗？',
      ];
      const receipts: string[] = [];
      for (const body of wordings) receipts.push(((await (await postKiosk({ body })).json()) as any).receipt);
      const list = await waitFor('all six in the CMS', async () => {
        const all = await cmsQuestions();
        return receipts.every((r) => all.some((q) => q.receipt === r)) ? all : undefined;
      }, 30_000, 300);
      const first = list.find((q) => q.receipt === receipts[0]);
      await cms().update(QUESTION, first.documentId, { answer: '稳岗返还由人社部门按上年度失业保险缴费情况直接返还，无需申请，可在“爱山东”APP 查询。' });

      const groups = await (await fetch(`${stack.cms.url}/tongyuan/question-groups?days=30`, { headers: { authorization: `Bearer ${jwt}` } })).json() as any;
      const group = groups.groups.find((g: any) => g.ids.includes(receipts[0]));
      expect(group.flagged).toBe(true);
      expect(receipts.every((r) => group.ids.includes(r))).toBe(true);
      expect(group.keywords.join('')).toContain('稳岗返还');
      expect((await fetch(`${stack.cms.url}/tongyuan/question-groups?days=0`, { headers: { authorization: `Bearer ${jwt}` } })).status).toBe(400);

      const response = await fetch(`${stack.cms.url}/tongyuan/question-groups/draft`, {
        method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify({ receipts: group.ids, label: group.title }),
      });
      expect(response.status).toBe(200);
      const draft = (await cms().get(INTERPRETATION, ((await response.json()) as any).documentId)).body.data;
      expect([draft.format, draft.stage]).toEqual(['qa', 'draft']);
      expect(draft.qa.map((q: any) => q.answer)).toEqual([expect.stringContaining('无需申请')]);
      const channels = (await contentApi(stack.cms.url, stack.env.STRAPI_TOKEN).get(`/interpretations/${draft.documentId}?status=draft&populate=channels`)).body.data.channels.map((c: any) => c.code);
      expect(channels).toEqual(expect.arrayContaining(['short-video', 'web', 'feeds']));
      expect(JSON.stringify(draft)).not.toContain(ASKER.contact);
      // Ready to go out as a short video: every channel of the registry (this stack renders only some) finds nothing blocking in the draft.
      const everyChannel = await wireServices('test', { ...stack.env, CHANNELS: '' });
      inProcess.push(everyChannel);
      const { findings } = (await preflightDocument(everyChannel, 'interpretation', draft.documentId))!;
      expect(findings.filter((f) => f.level === 'error')).toEqual([]);
      expect(findings.filter((f) => f.channel === 'short-video')).toEqual([]); // its questions and answers are its slides
      expect(findings.map((f) => f.channel)).not.toContain('cinema'); // not one of its channels
    }, 60_000);
  });
}

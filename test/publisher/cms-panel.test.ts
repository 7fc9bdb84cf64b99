import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { openInAdmin } from '../support/admin-walk';
import { launchChromium } from '../support/browser';
import { ADMIN, DEMO_PASSWORD, TEST_HOOK_SECRET } from '../support/cms';
import { proofFrom } from '../support/proof-of-work';
import { waitFor } from '../support/processes';
import { OPS_AUTH, startStack, waitForLive, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION, POLICY_DOCUMENT } from '../support/strapi-api';
import { fontsSettled } from '../support/visible-english';

/**
 * Authors see each channel's state at the publisher on the edit view (发布状态 panel), through a
 * CMS admin route that asks the publisher with the shared secret.
 */
let stack: Stack;
let browser: Browser;
let documentId: string;
let adminJwt: string;

beforeAll(async () => {
  // Previews are drawn only for channels this deployment renders.
  stack = await startStack({ cmsEnv: { CMS_SERVE_ADMIN: 'true' }, publisherEnv: { CHANNELS: 'web,feeds,wechat,kiosk' } });
  adminJwt = await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password);
  const cm = contentManager(stack.cms.url, adminJwt);
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  documentId = body.results.find((d: { slug: string }) => d.slug === 'jx-public-rental-housing').documentId;
  const token = await stack.token(['create', '--name', 'panel', '--channels', 'web,feeds']);
  // A hang bound, not a speed check: on two cores busy with the whole suite the demo's first renders took over a minute once.
  await waitForLive(stack, token, documentId, 'web', undefined, 240_000);
  browser = await launchChromium();
}, 420_000);

/**
 * One browser page per person, logged in once for the file (Strapi rate-limits logins), showing `screen` (an admin
 * address) as a click in the admin does, through its router: reloading Strapi's bundle costs seconds a screen. The
 * document already on screen is loaded afresh (a routed visit would show the form as the admin cached it).
 */
const pages = new Map<string, Page>();
async function adminScreen(screen: string, email = ADMIN.email, password = ADMIN.password): Promise<Page> {
  const url = `${stack.cms.url}${screen}`;
  let page = pages.get(email);
  if (!page) {
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await page.goto(`${stack.cms.url}/admin/auth/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
    pages.set(email, page);
  }
  if (new URL(page.url()).pathname === new URL(url).pathname) await page.goto(url);
  else await openInAdmin(page, url);
  return page;
}
const editView = (documentId: string, model = INTERPRETATION) => `/admin/content-manager/collection-types/${model}/${documentId}`;
/** 莒县政府办 (the office signs off). */
const officeScreen = (screen: string) => adminScreen(screen, 'office@tongyuan.local', DEMO_PASSWORD);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('lists each target channel\'s findings on the draft, with what to fix', async () => {
  const cm = contentManager(stack.cms.url, adminJwt);
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  const long = body.results.find((d: { slug: string }) => d.slug === 'jx-high-quality-development');
  const response = await fetch(`${stack.url}/hooks/preflight/interpretation/${long.documentId}`, { headers: { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET } });
  const { findings } = (await response.json()) as { findings: Array<{ channel: string; level: string; message: string }> };
  expect(findings).toContainEqual(expect.objectContaining({ channel: 'wechat', level: 'warning', message: expect.stringContaining('超过 64 字') }));
  expect((await fetch(`${stack.url}/hooks/preflight/interpretation/${long.documentId}`)).status).toBe(401);
  expect((await fetch(`${stack.cms.url}/tongyuan/preflight/interpretation/${long.documentId}`)).status).toBe(401);
});

it('checks the words against the norms dictionary (表述规范库): a 严重 error, an outdated name and a misspelled department, each with its fix', async () => {
  const cm = contentManager(stack.cms.url, adminJwt);
  const draft = (await cm.get(INTERPRETATION, documentId)).body.data;
  const digest = `全县深入开展扫黑险恶专项斗争；原國稅局的业务由县税务局办理，详询莒县医疗保账局。${draft.digest}`;
  expect((await cm.update(INTERPRETATION, documentId, { digest })).status).toBe(200);
  type Found = { channel: string; level: string; field: string; message: string; fix?: { found: string; replace: string; start: number; end: number } };
  const findings = await waitFor('the norms findings in preflight', async () => {
    const found = ((await (await fetch(`${stack.url}/hooks/preflight/interpretation/${documentId}`, { headers: { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET } })).json()) as { findings: Found[] }).findings;
    return found.some((f) => f.field === 'digest' && f.channel === '*') ? found.filter((f) => f.field === 'digest' && f.channel === '*') : undefined;
  }, 60_000, 500);
  expect(findings).toEqual([
    expect.objectContaining({ channel: '*', level: 'error', message: expect.stringMatching(/^摘要：“扫黑险恶”应为“扫黑除恶”（错别字，严重；来源：/), fix: { found: '扫黑险恶', replace: '扫黑除恶', start: 6, end: 10 } }),
    // 原國稅局 names the former body on purpose (and is folded from traditional characters): not flagged.
    expect.objectContaining({ level: 'warning', message: expect.stringContaining('“莒县医疗保账局”疑似写错，规范名称是“莒县医疗保障局”'), fix: expect.objectContaining({ found: '莒县医疗保账局', replace: '莒县医疗保障局' }) }),
  ]);
  for (const f of findings) expect(digest.slice(f.fix!.start, f.fix!.end)).toBe(f.fix!.found);
  expect((await cm.update(INTERPRETATION, documentId, { digest: draft.digest })).status).toBe(200);
});

const SERIOUS = '全县深入开展扫黑险恶专项斗争。';

it('shows 发布前检查 per channel under its Chinese name, errors apart from warnings, and says an ended basis will be marked', async () => {
  const cm = contentManager(stack.cms.url, adminJwt);
  const long = (await cm.list(INTERPRETATION, 'page=1&pageSize=100')).body.results.find((d: { slug: string }) => d.slug === 'jx-high-quality-development');
  // A clerk ends its basis document (published): every channel will mark the interpretation 已失效, and the author hears it first.
  const basis = (await cm.list(POLICY_DOCUMENT, 'page=1&pageSize=100')).body.results.find((d: { documentNumber: string }) => d.documentNumber === '莒政办发〔2023〕8号');
  expect((await cm.update(POLICY_DOCUMENT, basis.documentId, { validTo: '2025-12-31' })).status).toBe(200);
  expect((await cm.publish(POLICY_DOCUMENT, basis.documentId, { validTo: '2025-12-31' })).status).toBe(200);
  // …and the draft's title gains a character no font has: the drawing channels will refuse it.
  expect((await cm.update(INTERPRETATION, long.documentId, { title: `\u{E000}${long.title}` })).status).toBe(200);
  const headers = { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET };
  type Found = { channel: string; channelName: string; level: string; message: string };
  const findings = await waitFor('the ended basis in preflight', async () => {
    const found = ((await (await fetch(`${stack.url}/hooks/preflight/interpretation/${long.documentId}`, { headers })).json()) as { findings: Found[] }).findings;
    return found.some((f) => f.channel === '*' && f.message.includes('已于 2025-12-31 失效')) ? found : undefined;
  }, 60_000, 500);
  expect(findings).toContainEqual({ channel: '*', channelName: '全部渠道', level: 'warning', field: 'basis', message: expect.stringMatching(/^政策依据《.+》（莒政办发〔2023〕8号）已于 2025-12-31 失效，发布后各渠道将标注已失效$/) });
  for (const channel of ['wechat', 'weibo', 'short-video']) {
    expect(findings).toContainEqual(expect.objectContaining({ channel, level: 'error', field: 'title', message: expect.stringMatching(/无法绘制：.*U\+E000/) }));
  }

  const page = await adminScreen(editView(long.documentId));
  const wechat = page.getByTestId('preflight').locator('[data-preflight-channel="wechat"]');
  await wechat.waitFor({ timeout: 60_000 });
  await expect(wechat.textContent()).resolves.toMatch(/^微信公众号1 项需修改需修改：.*无法绘制.*U\+E000.*提示：微信标题 \d+ 字，超过 64 字/u);
  await expect(page.locator('[data-preflight-channel="*"]').textContent()).resolves.toMatch(/^全部渠道1 项提示提示：政策依据《.+》（莒政办发〔2023〕8号）已于 2025-12-31 失效/);
  await expect(page.locator('[data-preflight-channel="short-video"] [data-level="error"]').count()).resolves.toBe(1);
  await expect(page.getByTestId('preflight').textContent()).resolves.toContain('有“需修改”的渠道，不改就发布会在该渠道失败；其他渠道照常发布。');
  // Errors first, then warnings, in every group.
  for (const group of await page.locator('[data-preflight-channel]').all()) {
    const levels = await group.locator('[data-level]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-level')));
    expect(levels).toEqual([...levels].sort((a, b) => ['error', 'warning', 'info'].indexOf(a!) - ['error', 'warning', 'info'].indexOf(b!)));
  }
  await fontsSettled(page); // for looking at the screenshot
  await page.getByTestId('preflight').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cms-preflight.png') });

  expect((await cm.update(INTERPRETATION, long.documentId, { title: long.title })).status).toBe(200);
  expect((await cm.update(POLICY_DOCUMENT, basis.documentId, { validTo: null })).status).toBe(200);
  expect((await cm.publish(POLICY_DOCUMENT, basis.documentId, { validTo: null })).status).toBe(200);
}, 180_000);

it('draws the draft\'s portal page, covers, 一图读懂, WeChat article and kiosk page with the publishing renderers, nothing stored', async () => {
  const headers = { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET };
  const response = await fetch(`${stack.url}/hooks/preview/interpretation/${documentId}`, { headers });
  expect(response.status).toBe(200);
  const { items, failures } = (await response.json()) as { items: Array<{ key: string; kind: string; dataUrl?: string; html?: string }>; failures: unknown[] };
  expect(failures).toEqual([]);
  expect(items.map((i) => i.key)).toEqual(['web-desktop', 'web-phone', 'cover', 'share-cover', 'explainer', 'wechat-article', 'kiosk-page']);
  const image = (key: string) => sharp(Buffer.from(items.find((i) => i.key === key)!.dataUrl!.split(',')[1], 'base64')).metadata();
  expect(await image('cover')).toMatchObject({ width: 900, height: 383 });
  expect(await image('share-cover')).toMatchObject({ width: 600, height: 600 });
  expect((await image('explainer')).width).toBe(1080);
  for (const page of items.filter((i) => i.kind === 'html')) {
    expect(page.html).toContain('公共租赁住房');
    expect(page.html).not.toMatch(/<script|src="(?!data:)|href="javascript/i); // self-contained, nothing runs
  }
  expect((await fetch(`${stack.url}/hooks/preview/interpretation/${documentId}`)).status).toBe(401);
  expect((await fetch(`${stack.url}/hooks/preview/interpretation/no-such-document`, { headers })).status).toBe(404);
  expect((await fetch(`${stack.cms.url}/tongyuan/preview/interpretation/${documentId}`)).status).toBe(401);
}, 60_000);

it('refuses the status route without an admin login, and the publisher refuses it without the secret', async () => {
  expect((await fetch(`${stack.cms.url}/tongyuan/publication/${documentId}`)).status).toBe(401);
  expect((await fetch(`${stack.url}/hooks/publication/${documentId}`)).status).toBe(401);
});

it('shows 发布状态 with each channel live on the interpretation edit view', async () => {
  const page = await adminScreen(editView(documentId));
  const panel = page.getByTestId('publication-status');
  await panel.waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cms-panel.png') });
  await expect(page.getByText('发布状态').first().isVisible()).resolves.toBe(true);
  await expect(panel.locator('[data-channel="web"]').textContent()).resolves.toContain('已上线');
  await expect(panel.locator('[data-channel="web"]').textContent()).resolves.toContain('门户网站');
  await expect(panel.locator('[data-channel="feeds"]').textContent()).resolves.toContain('订阅源已上线');
  await expect(page.getByTestId('preflight').textContent()).resolves.toContain('发布前检查');
  // Previews are full size, in Strapi's Preview (test/publisher/full-preview.test.ts): the panel links to it.
  const preview = page.getByTestId('full-preview');
  await preview.getByRole('link', { name: '在新窗口打开' }).waitFor({ timeout: 30_000 });
  await expect(preview.getByRole('link', { name: '打开完整预览' }).getAttribute('href')).resolves.toMatch(/\/preview\?status=draft$/);
}, 120_000);

it('shows 咨询办理 on a question: overdue or answered, one click to a 政策问答 draft, and its group of similar questions', async () => {
  const ask = async (body: string) => fetch(`${stack.url}/kiosk/jx-service-hall/questions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body, altcha: await proofFrom(stack.url) }) });
  await waitFor('the kiosk', async () => (await fetch(`${stack.url}/kiosk/jx-service-hall/manifest.json`)).status === 200, 60_000, 500);
  const receipts: string[] = [];
  for (const body of ['公租房申请需要哪些材料？', '申请公租房要准备什么材料', '公租房申请材料清单在哪里看？', '外地户口能申请公租房吗，要什么材料？', '公租房申请材料交到哪里？']) {
    receipts.push(((await (await ask(body)).json()) as any).receipt);
  }
  const cm = contentManager(stack.cms.url, adminJwt);
  const question = await waitFor('the questions in the CMS', async () => {
    const list = (await cm.list('api::question.question', 'page=1&pageSize=100')).body.results as any[];
    return receipts.every((r) => list.some((q) => q.receipt === r)) ? list.find((q) => q.receipt === receipts[0]) : undefined;
  }, 30_000, 300);
  await cm.update('api::question.question', question.documentId, { answer: '身份证、户口簿、收入和住房情况证明；到县住建局窗口或网上申请。' });

  const page = await adminScreen(editView(question.documentId, 'api::question.question'));
  const group = page.getByTestId('question-group');
  await group.waitFor({ timeout: 60_000 });
  await expect(page.getByText('咨询办理').first().isVisible()).resolves.toBe(true);
  await expect(group.textContent()).resolves.toContain('高频 5 条');
  await page.getByRole('button', { name: '公开为政策问答' }).click();
  await page.getByText('已生成草稿').first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: '生成短视频问答解读草稿' }).click();
  await page.getByText('已生成草稿').nth(1).waitFor({ timeout: 30_000 });
  await fontsSettled(page);
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cms-question.png') });
  const drafts = (await cm.list(INTERPRETATION, 'page=1&pageSize=200')).body.results.filter((d: any) => d.format === 'qa' && /^(qa|faq)-q/.test(d.slug));
  expect(drafts.length).toBe(2);
}, 120_000);

it('flags a renamed body’s old name on every live page, feed item, WeChat package and kiosk item once the office files the rename, and clears the flags after republishing', async () => {
  const NORM = 'api::norm-entry.norm-entry';
  // Feb 2021: the poverty-alleviation offices became rural-revitalization bureaus; a county's old name is now outdated.
  const OLD = '莒县扶贫开发办公室';
  const NEW = '莒县乡村振兴局';
  const CHANNELS = ['web', 'feeds', 'wechat', 'kiosk'];
  const ops = { authorization: OPS_AUTH };
  const wording = async () => (await (await fetch(`${stack.url}/status/wording.json`, { headers: ops })).json()) as any;
  const cm = contentManager(stack.cms.url, adminJwt);
  const ids = async (uid: string, codes: string[]) => ((await cm.list(uid)).body.results as any[]).filter((r) => codes.includes(r.code)).map((r) => r.documentId);
  const token = await stack.token(['create', '--name', 'wording', '--channels', CHANNELS.join(',')]);
  const text = `到${OLD}窗口办理，材料齐全的当场办结`;
  const created = await cm.create(INTERPRETATION, {
    title: '防止返贫监测帮扶办理指南', slug: 'jx-wording-live', digest: `${OLD}解读`, body: `申请人可以${text}。`, stage: 'office_signoff',
    keyPoints: [{ heading: '办理地点', text }], qa: [{ question: '在哪里办？', answer: text }],
    department: (await ids('api::department.department', ['jx-gov-office']))[0], channels: await ids('api::channel.channel', CHANNELS),
    sites: await ids('api::site.site', ['juxian-portal']), kioskTerminals: await ids('api::kiosk-terminal.kiosk-terminal', ['jx-service-hall']),
  });
  expect(created.status).toBe(201);
  const id = created.body.data.documentId;
  expect((await cm.publish(INTERPRETATION, id)).status).toBe(200);
  for (const channel of CHANNELS) await waitForLive(stack, token, id, channel, undefined, 120_000);
  expect((await wording()).findings.filter((f: any) => f.documentId === id)).toEqual([]); // nothing wrong before the rename

  const year = Number((await wording()).year);
  const portalBefore = ((await (await fetch(`${stack.url}/reports/annual.json?year=${year}&account=jx-portal`, { headers: ops })).json()) as any).accounts[0].wording;
  const entry = await cm.create(NORM, { kind: 'outdated', wrong: OLD, right: NEW, severity: 'serious', source: '机构改革（测试）', since: '2021-02-25' });
  expect(entry.status).toBe(201);
  try {
    // The CMS's webhook starts a scan of everything live: every channel of the document is flagged.
    const flagged = await waitFor('the old name flagged on every channel', async () => {
      const found = (await wording()).findings.filter((f: any) => f.documentId === id);
      return CHANNELS.every((c) => found.some((f: any) => f.channel === c)) ? found : undefined;
    }, 60_000, 500);
    for (const f of flagged) {
      expect(f).toMatchObject({ found: OLD, suggestion: NEW, severity: 'serious', fixedAt: null, message: expect.stringContaining(`已改为“${NEW}”（2021-02-25 起）`) });
    }
    expect(flagged.find((f: any) => f.channel === 'wechat').places).toMatch(/\.(html|json)/); // the article and package files
    const csv = await (await fetch(`${stack.url}/status/wording.csv`, { headers: ops })).text();
    expect(csv).toContain(`"${OLD}","${NEW}","严重"`);

    // The author fixes the source; the office republishes: the flags close as 已修改 everywhere.
    const fixed = text.replace(OLD, NEW);
    expect((await cm.update(INTERPRETATION, id, { digest: `${NEW}解读`, body: `申请人可以${fixed}。`, keyPoints: [{ heading: '办理地点', text: fixed }], qa: [{ question: '在哪里办？', answer: fixed }] })).status).toBe(200);
    expect((await cm.publish(INTERPRETATION, id)).status).toBe(200);
    const cleared = await waitFor('the flags closed after republishing', async () => {
      const mine = (await wording()).findings.filter((f: any) => f.documentId === id);
      return mine.length >= CHANNELS.length && mine.every((f: any) => f.fixedHow === 'republished') ? mine : undefined;
    }, 120_000, 1000);
    expect(new Set(cleared.map((f: any) => f.channel))).toEqual(new Set(CHANNELS));
    const after = await wording();
    expect(after.counts.fixed).toBeGreaterThanOrEqual(CHANNELS.length);
    expect(after.summary).toMatch(/^发现严重表述错误 \d+ 处，已修改 \d+ 处，未修改 \d+ 处/);
    const status = (await (await fetch(`${stack.url}/status`, { headers: { ...ops, accept: 'application/json' } })).json()) as any;
    expect(status.wording.summary).toMatch(new RegExp(`^\\d{4} 年发现严重表述错误 \\d+ 处，已修改 ${after.counts.fixed} 处，未修改 ${after.counts.open} 处`));
    // The annual report counts the same, for the deployment and for the account that carries it (莒县's portal).
    const report = async (query = '') => (await (await fetch(`${stack.url}/reports/annual.json?year=${after.year}${query}`, { headers: ops })).json()) as any;
    expect((await report()).totals.wording).toEqual({ found: after.counts.found, fixed: after.counts.fixed, withdrawn: after.counts.withdrawn, open: after.counts.open });
    const portalAfter = (await report('&account=jx-portal')).accounts[0].wording;
    expect(portalAfter).toEqual({ ...portalBefore, found: portalBefore.found + 1, fixed: portalBefore.fixed + 1 });
  } finally {
    expect((await cm.remove(NORM, entry.body.data.documentId)).status).toBe(200);
  }
}, 300_000);

// Last in the file: the override puts a 严重 wrong form live for a moment, which the live scan counts for the year.
it('stops 办公室签发 on a 严重 norms finding (API and admin) until its one-click fix changes the draft', async () => {
  const cm = contentManager(stack.cms.url, adminJwt);
  const office = contentManager(stack.cms.url, await adminLogin(stack.cms.url, 'office@tongyuan.local', DEMO_PASSWORD));
  const original = (await cm.get(INTERPRETATION, documentId)).body.data;
  expect((await cm.update(INTERPRETATION, documentId, { digest: `${SERIOUS}${original.digest}` })).status).toBe(200);
  const refused = await office.publish(INTERPRETATION, documentId);
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toMatch(/^《.+》有 1 处严重表述错误，不能签发：摘要：“扫黑险恶”应为“扫黑除恶”（错别字，严重；来源：.+）（第 7 字起）。请在“发布状态”的“发布前检查”中点“改为……”一键修改/);
  // A fix against text that has moved on is refused, not applied somewhere else.
  const stale = await fetch(`${stack.cms.url}/tongyuan/norms/fix/interpretation/${documentId}`, {
    method: 'POST', headers: { authorization: `Bearer ${adminJwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({ field: 'digest', start: 7, end: 11, found: '扫黑险恶', replace: '扫黑除恶' }),
  });
  expect(stale.status).toBe(409);

  const page = await officeScreen(editView(documentId));
  const finding = page.locator('[data-norms-field="digest"]');
  await finding.waitFor({ timeout: 60_000 });
  await expect(finding.locator('mark[data-norms-found]').textContent()).resolves.toBe('扫黑险恶');
  await expect(finding.locator('[data-norms-sentence]').textContent()).resolves.toBe('摘要：全县深入开展扫黑险恶专项斗争。');
  // The office's wording (the signoff state loads after the findings).
  await page.getByTestId('norms-signoff').getByText('有严重表述错误：修改后才能签发发布；确需照原文发布的，写明理由后点“仍然签发”').waitFor({ timeout: 30_000 });
  // The admin's own 发布 is refused with the same words.
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await page.getByText(/不能签发：摘要：“扫黑险恶”应为“扫黑除恶”/).first().waitFor({ timeout: 30_000 });
  await fontsSettled(page);
  await page.getByTestId('preflight').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cms-norms-finding.png') });

  await finding.getByRole('button', { name: '改为“扫黑除恶”' }).click();
  await page.locator('[data-norms-field="digest"]').waitFor({ state: 'detached', timeout: 30_000 });
  // The saved draft changed, and so did the form on screen.
  expect((await cm.get(INTERPRETATION, documentId)).body.data.digest).toBe(`全县深入开展扫黑除恶专项斗争。${original.digest}`);
  await expect(page.locator('textarea[name="digest"]').inputValue()).resolves.toMatch(/^全县深入开展扫黑除恶专项斗争。/);
  expect((await office.publish(INTERPRETATION, documentId)).status).toBe(200);

  // A key point's text is fixed in place (要点 2), the others untouched; someone who may not edit the draft is refused.
  const points = (original.keyPoints as Array<{ heading: string; text: string }>).map(({ heading, text }) => ({ heading, text }));
  expect((await cm.update(INTERPRETATION, documentId, { keyPoints: points.map((k, i) => (i === 1 ? { ...k, text: `${k.text}扫黑险恶。` } : k)) })).status).toBe(200);
  const adminRoute = (jwt: string, route: string, body?: object) => fetch(`${stack.cms.url}/tongyuan/${route}`, {
    method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  type Found = { field: string; fix?: object };
  const pointFinding = await waitFor('the key point\'s finding', async () => {
    const { findings } = (await (await adminRoute(adminJwt, `preflight/interpretation/${documentId}`)).json()) as { findings: Found[] };
    return findings.find((f) => f.field === 'keyPoints.1.text');
  }, 30_000, 500);
  const otherDepartment = await adminLogin(stack.cms.url, 'wang-xiaodong@tongyuan.local', DEMO_PASSWORD);
  const refusedFix = await adminRoute(otherDepartment, `norms/fix/interpretation/${documentId}`, { field: pointFinding.field, ...pointFinding.fix });
  expect(refusedFix.status).toBe(403);
  expect(((await refusedFix.json()) as { message: string }).message).toMatch(/^你没有权限修改这篇稿件/);
  const fixed = await adminRoute(adminJwt, `norms/fix/interpretation/${documentId}`, { field: pointFinding.field, ...pointFinding.fix });
  expect([fixed.status, await fixed.text()]).toEqual([200, expect.stringContaining('已将“扫黑险恶”改为“扫黑除恶”')]);
  const fixedPoints = (await cm.get(INTERPRETATION, documentId)).body.data.keyPoints.map(({ heading, text }: { heading: string; text: string }) => ({ heading, text }));
  expect(fixedPoints).toEqual(points.map((k, i) => (i === 1 ? { ...k, text: `${k.text}扫黑除恶。` } : k)));

  expect((await cm.update(INTERPRETATION, documentId, { digest: original.digest, keyPoints: points })).status).toBe(200);
  expect((await cm.publish(INTERPRETATION, documentId)).status).toBe(200);
}, 180_000);

it('lets only the office sign off over a 严重 finding, with a reason kept in the 审核记录, for exactly that wording', async () => {
  const cm = contentManager(stack.cms.url, adminJwt);
  const media = await adminLogin(stack.cms.url, 'media@tongyuan.local', DEMO_PASSWORD);
  const original = (await cm.get(INTERPRETATION, documentId)).body.data;
  expect((await cm.update(INTERPRETATION, documentId, { digest: `${SERIOUS}${original.digest}` })).status).toBe(200);
  const override = (jwt: string, reason: string) => fetch(`${stack.cms.url}/tongyuan/norms/override/interpretation/${documentId}`, {
    method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason }),
  });
  const notOffice = await override(media, '按上级文件原文保留');
  expect(notOffice.status).toBe(403);
  expect(((await notOffice.json()) as { message: string }).message).toContain('只有政府办公室可以');

  const page = await officeScreen(editView(documentId));
  const signoff = page.getByTestId('norms-signoff');
  await signoff.waitFor({ timeout: 60_000 });
  await expect(signoff.getByRole('button', { name: '仍然签发' }).isDisabled()).resolves.toBe(true);
  await signoff.locator('textarea').fill('好');
  await signoff.getByRole('button', { name: '仍然签发' }).click();
  await signoff.getByText('请写明仍然签发的理由（至少 5 个字）').waitFor({ timeout: 30_000 });
  await signoff.locator('textarea').fill('引用省委文件原标题，按原文保留');
  await signoff.getByRole('button', { name: '仍然签发' }).click();
  await signoff.getByText('已记入审核记录并签发发布').waitFor({ timeout: 30_000 });
  await signoff.locator('[data-norms-override]').waitFor({ timeout: 30_000 });
  await fontsSettled(page);
  await page.getByTestId('preflight').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cms-norms-override.png') });
  // The 审核记录 as the office reads it in the admin.
  const record = await officeScreen('/admin/content-manager/collection-types/api::stage-transition.stage-transition?page=1&pageSize=10&sort=id:DESC');
  await record.getByText('引用省委文件原标题，按原文保留').first().waitFor({ timeout: 60_000 });
  await fontsSettled(record);
  await record.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-cms-norms-override-record.png') });
  const records = (await cm.list('api::stage-transition.stage-transition', `filters[interpretationDocumentId][$eq]=${documentId}&sort=id:desc`)).body.results;
  expect(records[0]).toMatchObject({
    toStage: '仍然签发（未按表述规范修改）', actor: expect.stringContaining('office@tongyuan.local'), reason: '引用省委文件原标题，按原文保留',
    findings: expect.stringContaining('摘要：“扫黑险恶”应为“扫黑除恶”'),
  });
  // Published as written: the published version carries the wording the office let through.
  expect((await cm.get(INTERPRETATION, `${documentId}?status=published`)).body.data.digest).toBe(`${SERIOUS}${original.digest}`);
  // A later edit with another 严重 finding is not covered by the override: blocked again.
  expect((await cm.update(INTERPRETATION, documentId, { digest: `${SERIOUS}${original.digest}扫黑险恶。` })).status).toBe(200);
  const again = await cm.publish(INTERPRETATION, documentId);
  expect(again.status).toBe(403);
  expect(again.body.error.message).toContain('有 2 处严重表述错误');
  expect((await cm.update(INTERPRETATION, documentId, { digest: original.digest })).status).toBe(200);
  expect((await cm.publish(INTERPRETATION, documentId)).status).toBe(200);
}, 180_000);

it('stops 办公室签发 of a 开放活动 on a 严重 norms finding in its own texts (参加对象), until the one-click fix', async () => {
  const EVENT = 'api::open-event.open-event';
  const cm = contentManager(stack.cms.url, adminJwt);
  const office = contentManager(stack.cms.url, await adminLogin(stack.cms.url, 'office@tongyuan.local', DEMO_PASSWORD));
  const event = (await cm.list(EVENT, 'filters[slug][$eq]=jx-open-day-2027-01-healthcare')).body.results[0];
  const audience = `${event.audience}；${SERIOUS}`;
  expect((await cm.update(EVENT, event.documentId, { audience })).status).toBe(200);
  const refused = await office.publish(EVENT, event.documentId);
  expect(refused.status).toBe(403);
  const start = event.audience.length + 1 + SERIOUS.indexOf('扫黑险恶');
  expect(refused.body.error.message).toMatch(new RegExp(`^《${event.title}》有 1 处严重表述错误，不能签发：参加对象：“扫黑险恶”应为“扫黑除恶”（错别字，严重；来源：.+）（第 ${start + 1} 字起）。`));
  const [finding] = refused.body.error.details.findings;
  expect(finding).toEqual({ field: 'audience', found: '扫黑险恶', start, replace: '扫黑除恶' });
  const fixed = await fetch(`${stack.cms.url}/tongyuan/norms/fix/event/${event.documentId}`, {
    method: 'POST', headers: { authorization: `Bearer ${adminJwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...finding, end: start + finding.found.length }),
  });
  expect(fixed.status).toBe(200);
  expect((await cm.get(EVENT, event.documentId)).body.data.audience).toBe(audience.replace('扫黑险恶', '扫黑除恶'));
  expect((await office.publish(EVENT, event.documentId)).status).toBe(200);
}, 60_000);

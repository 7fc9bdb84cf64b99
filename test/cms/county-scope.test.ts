import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { DEMO_PASSWORD, REPO, startCms, TEST_HOOK_SECRET, type Cms } from '../support/cms';
import { adminLogin, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * Counties as scope and four eyes, as each role meets them: through Strapi's own admin API (what
 * the admin panel calls, so also what a hand-made request gets) and in Chromium on the admin.
 * 王晓东 interprets for 莒县医疗保障局, 赵倩 reviews there, 陈静 interprets for 广东税务.
 */
const demo = JSON.parse(readFileSync(path.join(REPO, 'cms', 'src', 'seed', 'demo-content.json'), 'utf8'));
const DEPARTMENT = 'api::department.department';
const SITE = 'api::site.site';
const countyOf = (departmentCode: string) => demo.departments.find((d: any) => d.code === departmentCode).county;
const namesIn = (type: 'departments' | 'sites' | 'kioskTerminals', county: string) =>
  demo[type].filter((r: any) => r.county === county).map((r: any) => r.name).sort();
const email = (code: string) => `${code}@tongyuan.local`;
const LOGINS = { author: email('wang-xiaodong'), reviewer: email('zhao-qian'), other: email('chen-jing'), office: 'office@tongyuan.local', media: 'media@tongyuan.local', city: 'city@tongyuan.local' };
type Who = keyof typeof LOGINS;

let cms: Cms;
let browser: Browser;
const jwt = {} as Record<Who, string>;
const as = {} as Record<Who, ReturnType<typeof contentManager>>;
const get = (who: Who, apiPath: string) =>
  fetch(`${cms.url}${apiPath}`, { headers: { authorization: `Bearer ${jwt[who]}` } }).then(async (r) => ({ status: r.status, body: await r.json() }));

beforeAll(async () => {
  cms = await startCms({ env: { CMS_SERVE_ADMIN: 'true', HOOK_SECRET: TEST_HOOK_SECRET } });
  // One login per person for the file: Strapi rate-limits logins.
  for (const [who, login] of Object.entries(LOGINS) as Array<[Who, string]>) {
    jwt[who] = await adminLogin(cms.url, login, DEMO_PASSWORD);
    as[who] = contentManager(cms.url, jwt[who]);
  }
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await cms?.stop();
  if (cms) rmSync(cms.dataDir, { recursive: true, force: true }); // its temporary database
});

/** The admin in Chromium as one of the demo staff, logged in with their token (no second login). */
/** A cold admin edit view asks for these once its bundle has run: on two busy cores that took up to 40 s. */
const ADMIN_LOAD_MS = 90_000;

async function adminPage(who: Who): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  await context.addInitScript((token) => {
    localStorage.setItem('jwtToken', JSON.stringify(token));
    localStorage.setItem('isLoggedIn', 'true');
    localStorage.setItem('strapi-admin-language', 'zh-Hans');
  }, jwt[who]);
  return context.newPage();
}
async function shoot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(os.tmpdir(), `tongyuan-county-${name}.png`) });
}
const editUrl = (documentId: string) => `${cms.url}/admin/content-manager/collection-types/${INTERPRETATION}/${documentId}`;
const names = (results: Array<{ name: string }>) => results.map((r) => r.name).sort();

describe('county scope', () => {
  let juxianDraft: string;
  let taxDraft: string;

  beforeAll(async () => {
    juxianDraft = (await as.author.create(INTERPRETATION, { title: '测试：莒县医保的草稿', slug: 'test-county-juxian' })).body.data.documentId;
    taxDraft = (await as.other.create(INTERPRETATION, { title: '测试：广东税务的草稿', slug: 'test-county-tax' })).body.data.documentId;
  });

  it("lists and offers in pickers only the interpreter's own county's departments, sites and drafts; the city office sees all", async () => {
    expect(countyOf('gd-tax')).not.toBe(countyOf('jx-healthcare'));
    expect(names((await as.author.list(DEPARTMENT)).body.results)).toEqual(namesIn('departments', 'juxian'));
    expect(names((await as.other.list(DEPARTMENT)).body.results)).toEqual(namesIn('departments', 'guangdong-tax'));
    expect(names((await as.other.list(SITE)).body.results)).toEqual(namesIn('sites', 'guangdong-tax'));
    expect((await as.city.list(DEPARTMENT)).body.results).toHaveLength(demo.departments.length);

    // The relation pickers of the edit view ask the server, which filters by the same rule.
    const picker = (who: Who, field: string) => get(who, `/content-manager/relations/${INTERPRETATION}/${field}?pageSize=100`);
    expect(names((await picker('author', 'sites')).body.results)).toEqual(namesIn('sites', 'juxian'));
    expect(names((await picker('other', 'kioskTerminals')).body.results)).toEqual(namesIn('kioskTerminals', 'guangdong-tax'));
    expect(names((await picker('other', 'department')).body.results)).toEqual(['国家税务总局广东省税务局']);

    const drafts = (who: Who) => as[who].list(INTERPRETATION, 'page=1&pageSize=100').then((r) => r.body.results.map((d: any) => d.documentId));
    expect(await drafts('other')).toContain(taxDraft);
    expect(await drafts('other')).not.toContain(juxianDraft);
    expect(await drafts('office')).not.toContain(taxDraft);
    expect(await drafts('city')).toEqual(expect.arrayContaining([taxDraft, juxianDraft]));
  });

  it("refuses another county's records by URL and by API, and a write that names one", async () => {
    const juxianSite = (await as.author.list(SITE)).body.results.find((s: any) => s.name === '莒县人民政府门户网站');
    const juxianDepartment = (await as.author.list(DEPARTMENT)).body.results[0];
    const foreign = await as.other.get(INTERPRETATION, juxianDraft);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toBe('你没有权限查看或修改这条记录：它属于其他区县或部门');
    expect((await as.other.get(SITE, juxianSite.documentId)).status).toBe(403);
    expect((await as.other.get(DEPARTMENT, juxianDepartment.documentId)).status).toBe(403);
    expect((await as.other.update(INTERPRETATION, juxianDraft, { title: '改别的区县的稿子' })).status).toBe(403);

    const res = await as.other.update(INTERPRETATION, taxDraft, { sites: { connect: [{ documentId: juxianSite.documentId }] } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('不能选用其他区县的发布站点“莒县人民政府门户网站”：你只能选广东税务的');
    // The county office registers a site in its own county, not in another one.
    const site = await as.office.create(SITE, { name: '测试：莒县东莞镇', code: 'test-juxian-dongguan', kind: 'township' });
    expect(site.status).toBe(201);
    expect((await as.other.get(SITE, site.body.data.documentId)).status).toBe(403);
  });

  it("shows a county office only its county's citizens' questions (with the askers' contacts); the city office all", async () => {
    const ask = (receipt: string, site: string, department: string) => fetch(`${cms.url}/api/tongyuan/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tongyuan-hook-secret': TEST_HOOK_SECRET },
      body: JSON.stringify({ receipt, body: '测试：怎么办理？', askerName: '张三', askerContact: '13800000000', site, department, source: 'web', receivedAt: new Date().toISOString(), dueAt: null }),
    });
    expect((await ask('Q20261203-JXTEST', 'juxian-portal', 'jx-healthcare')).status).toBeLessThan(300);
    expect((await ask('Q20261203-GDTEST', 'guangdong-tax', 'gd-tax')).status).toBeLessThan(300);
    const receipts = async (who: Who) => (await as[who].list('api::question.question')).body.results.map((q: any) => q.receipt);
    expect(await receipts('office')).toContain('Q20261203-JXTEST');
    expect(await receipts('office')).not.toContain('Q20261203-GDTEST');
    expect(await receipts('city')).toEqual(expect.arrayContaining(['Q20261203-JXTEST', 'Q20261203-GDTEST']));
  });

  it('in the admin: the list shows only its county, a picker offers only its sites, another county\'s draft is refused by URL', async () => {
    const page = await adminPage('other');
    await page.goto(`${cms.url}/admin/content-manager/collection-types/${DEPARTMENT}`);
    await page.getByText('国家税务总局广东省税务局').first().waitFor({ timeout: 60_000 });
    expect(await page.getByText('莒县医疗保障局').count()).toBe(0);
    await shoot(page, 'departments-list');

    await page.goto(editUrl(taxDraft));
    await page.getByRole('combobox', { name: /发布站点/ }).click();
    await page.getByRole('option', { name: /广东省税务局网站/ }).first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole('option', { name: /莒县/ }).count()).toBe(0);
    await shoot(page, 'site-picker');
    await page.keyboard.press('Escape');

    const refused = page.waitForResponse((r) => r.url().startsWith(`${cms.url}/content-manager/collection-types/${INTERPRETATION}/${juxianDraft}`), { timeout: ADMIN_LOAD_MS });
    await page.goto(editUrl(juxianDraft));
    expect((await refused).status()).toBe(403);
    await page.getByText('你没有权限查看或修改这条记录：它属于其他区县或部门').first().waitFor({ timeout: 30_000 });
    expect(await page.getByText('测试：莒县医保的草稿').count()).toBe(0);
    await shoot(page, 'foreign-draft');
    await page.context().close();
  });
});

describe('four eyes', () => {
  let draft: string;
  const stageOf = async (documentId: string) => (await as.office.get(INTERPRETATION, documentId)).body.data;
  const options = async (who: Who, documentId: string) => (await get(who, `/tongyuan/stage-moves/${documentId}`)).body.options.map((o: any) => o.value);

  beforeAll(async () => {
    draft = (await as.author.create(INTERPRETATION, { title: '测试：四眼原则', slug: 'test-four-eyes' })).body.data.documentId;
    expect((await as.author.update(INTERPRETATION, draft, { stage: 'department_review' })).status).toBe(200);
  });

  it('the interpreter cannot approve their own draft, and the stage control offers them nothing to move to', async () => {
    const res = await as.author.update(INTERPRETATION, draft, { stage: 'media_production' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('只有“部门审核人”');
    expect(await options('author', draft)).toEqual(['department_review']);
    expect(await options('reviewer', draft)).toEqual(['department_review', 'draft', 'media_production']);

    // A reviewer who submits their own draft cannot approve it either.
    const own = (await as.reviewer.create(INTERPRETATION, { title: '测试：审核人自己的稿子', slug: 'test-reviewer-own' })).body.data.documentId;
    expect((await as.reviewer.update(INTERPRETATION, own, { stage: 'department_review' })).status).toBe(200);
    const self = await as.reviewer.update(INTERPRETATION, own, { stage: 'media_production' });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('不能审核通过自己起草或提交的解读：请由本部门的另一位“部门审核人”审核');
    expect(await options('reviewer', own)).toEqual(['department_review', 'draft']);

    const page = await adminPage('author');
    const asked = page.waitForResponse((r) => r.url().includes(`/tongyuan/stage-moves/${draft}`), { timeout: ADMIN_LOAD_MS });
    await page.goto(editUrl(draft));
    // Nothing to move to while it waits for review: the control stays greyed out once the CMS has answered.
    expect((await (await asked).json()).options).toHaveLength(1);
    const stage = page.getByRole('combobox', { name: '审核阶段', disabled: true });
    await stage.waitFor({ timeout: 60_000 });
    await stage.click({ force: true });
    expect(await page.getByRole('option').count()).toBe(0);
    await stage.scrollIntoViewIfNeeded();
    await shoot(page, 'author-stage');
    await page.context().close();
  });

  it("the reviewer's 退回 needs a reason, which reaches the author on the draft and in the review record", async () => {
    const silent = await as.reviewer.update(INTERPRETATION, draft, { stage: 'draft' });
    expect(silent.status).toBe(403);
    expect(silent.body.error.message).toContain('请在“退回意见”中写明需要修改的地方');

    const page = await adminPage('reviewer');
    const asked = page.waitForResponse((r) => r.url().includes(`/tongyuan/stage-moves/${draft}`), { timeout: ADMIN_LOAD_MS });
    await page.goto(editUrl(draft));
    const stage = page.getByRole('combobox', { name: '审核阶段' });
    await stage.waitFor({ timeout: 60_000 });
    await asked;
    await stage.click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['部门审核', '退回到：草稿', '融媒体制作']);
    await page.getByRole('option', { name: '退回到：草稿' }).click();
    await page.getByTestId('stage-return-note').waitFor();
    await page.locator('textarea[name="returnReason"]').fill('第二条的报销比例写错了，请核对莒医保发〔2024〕3号后改正');
    await shoot(page, 'reviewer-send-back');
    await page.getByRole('button', { name: /^(保存|Save)$/ }).click();
    await page.getByRole('status').filter({ hasText: /已保存|Saved/ }).first().waitFor({ timeout: 30_000 });
    await page.context().close();

    const saved = await stageOf(draft);
    expect(saved.stage).toBe('draft');
    expect(saved.returnReason).toBe('第二条的报销比例写错了，请核对莒医保发〔2024〕3号后改正');
    const record = (await as.author.list('api::stage-transition.stage-transition', `page=1&pageSize=100&filters[interpretationDocumentId][$eq]=${draft}&sort=id:desc`)).body.results[0];
    expect(record).toMatchObject({ toStage: '草稿（draft）', reason: saved.returnReason, actor: expect.stringContaining(LOGINS.reviewer) });

    const authorView = await adminPage('author');
    await authorView.goto(editUrl(draft));
    const reason = authorView.locator('textarea[name="returnReason"]');
    await reason.waitFor({ timeout: 60_000 });
    await expect(reason.inputValue()).resolves.toBe(saved.returnReason);
    await expect(reason.isDisabled()).resolves.toBe(true); // the author reads it; only reviewers write it
    await reason.scrollIntoViewIfNeeded();
    await shoot(authorView, 'author-reads-reason');
    await authorView.context().close();
  });

  it('after the author resubmits, the reviewer approves, the media centre hands over and only the office publishes', async () => {
    expect((await as.author.update(INTERPRETATION, draft, { stage: 'department_review' })).status).toBe(200);
    expect((await stageOf(draft)).returnReason).toBeNull(); // answered: the reason stays in the review record
    expect((await as.reviewer.update(INTERPRETATION, draft, { stage: 'media_production' })).status).toBe(200);
    expect((await as.media.update(INTERPRETATION, draft, { stage: 'office_signoff' })).status).toBe(200);
    expect((await as.author.publish(INTERPRETATION, draft)).status).toBe(403);
    expect((await as.reviewer.publish(INTERPRETATION, draft)).status).toBe(403);
    expect((await as.media.publish(INTERPRETATION, draft)).status).toBe(403);
    expect((await as.office.publish(INTERPRETATION, draft)).status).toBe(200);
  });
});

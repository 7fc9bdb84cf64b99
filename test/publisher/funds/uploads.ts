import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import IDValidator from 'id-validator';
import type { Page } from 'playwright-core';
import { csvFile, FUNDS, PEOPLE, PRIVATE_VALUES, type FundsStack } from '../../support/fund-fixture';
import { ADMIN, DEMO_PASSWORD, TEST_HOOK_SECRET } from '../../support/cms';
import { waitFor } from '../../support/processes';
import type { Stack } from '../../support/stack';
import { fontsSettled, visibleEnglish } from '../../support/visible-english';
import { adminLogin, contentManager } from '../../support/strapi-api';
import { batchKindTests } from './upload-kinds';

/**
 * 民生资金 in the CMS (issue 21, "a batch is reviewed and signed off like an interpretation"): 会同县's
 * finance clerk, who reads only Chinese, uploads payment sheets on the admin page 民生资金 and sees the
 * rows to fix; a reviewer signs the batch off (签发) — never its own uploader — and it is on the county's
 * disclosure page; withdrawn with a reason, it leaves it (so the disclosure suite after this one finds
 * Huitong as the fixture left it). The routes behind the page refuse the unauthenticated, another county
 * and a file that is not a spreadsheet, in Chinese.
 */
const SITE_FUNDS = '/sites/huitong-portal/funds';
const TITLE = '2026年4月耕地地力保护补贴（后台上传）';
const shots = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-funds-admin-'));
const validator = new IDValidator();
const payee = { name: '石𠮷花', idNumber: validator.makeID() };
/** The same ID number with its check character changed: 身份证号校验位不正确. */
const broken = payee.idNumber.slice(0, 17) + (payee.idNumber[17] === '1' ? '2' : '1');
const HEADER = ['资金名称', '乡镇', '村（社区）', '姓名', '身份证号码', '发放金额（元）', '发放日期', '银行账号'];
const row = (idNumber: string) => [FUNDS[0][0], PEOPLE[0].township, PEOPLE[0].village, payee.name, idNumber, '105', '2026-04-20', '6217002900011112222'];

let stack: Stack;
let jwt: string;
const accounts: Record<'clerk' | 'reviewer', { email: string; jwt: string }> = {} as never;
const cms = (who: string, route: string, init: RequestInit = {}) =>
  fetch(`${stack.cms.url}${route}`, { ...init, headers: { ...(who ? { authorization: `Bearer ${who}` } : {}), ...(init.headers as Record<string, string>) } });
const uploadAs = (who: string, file: string, name: string, fields: Record<string, string> = {}, query = 'county=huitong&kind=payments') => {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return cms(who, `/tongyuan/funds/upload?${query}`, { method: 'POST', body: form });
};

/** A Huitong login of a role, belonging through an interpreter-library entry of 会同县财政局. */
async function huitongAccount(code: string, roleCode: string): Promise<{ email: string; jwt: string }> {
  const headers = { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' };
  const roles = (await (await fetch(`${stack.cms.url}/admin/roles`, { headers })).json() as any).data;
  const email = `${code}@tongyuan.local`;
  const created = await (await fetch(`${stack.cms.url}/admin/users`, {
    method: 'POST', headers, body: JSON.stringify({ email, firstname: code, roles: [roles.find((r: any) => r.code === roleCode).id] }),
  })).json() as any;
  expect((await fetch(`${stack.cms.url}/admin/users/${created.data.id}`, { method: 'PUT', headers, body: JSON.stringify({ password: DEMO_PASSWORD, isActive: true }) })).status).toBe(200);
  const admin = contentManager(stack.cms.url, jwt);
  const [department] = (await admin.list('api::department.department', 'filters[code][$eq]=ht-finance')).body.results;
  const entry = await admin.create('api::interpreter.interpreter', {
    code, name: code, title: '工作人员', department: { connect: [{ documentId: department.documentId }] }, adminUser: { connect: [{ id: created.data.id }] },
  });
  expect(entry.status).toBe(201);
  return { email, jwt: await adminLogin(stack.cms.url, email, DEMO_PASSWORD) };
}

/**
 * The admin's 民生资金 page as a person at a desktop sees it, its fonts settled. Each person logs in once for the
 * file and keeps their window: opened again, the page is left for the home page and chosen from the menu anew, as a
 * person does — its form empty, its lists fresh from the server — without loading the admin's scripts again (a login
 * and a page load cost Chromium seconds each).
 */
const windows = new Map<string, Page>();
async function openFundsPage(ctx: FundsStack, email: string): Promise<Page> {
  let page = windows.get(email);
  if (page) {
    await page.goBack(); // the home page the menu was opened from: same document
    await page.waitForURL(/\/admin(\/)?$/);
  } else {
    page = await (await ctx.browser.newContext({ viewport: { width: 1440, height: 1100 }, locale: 'zh-CN' })).newPage();
    windows.set(email, page);
    await page.goto(`${stack.cms.url}/admin/auth/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
  }
  await page.getByRole('link', { name: '民生资金' }).first().click();
  await page.getByText('上传表格').waitFor({ timeout: 60_000 });
  await fontsSettled(page);
  return page;
}

/** Run by funds.test.ts before the disclosure suite (which must find Huitong's live batches as the fixture made them). */
export function uploadTests(ctx: FundsStack) {
  let dir: string;
  beforeAll(async () => {
    stack = ctx.stack;
    dir = ctx.fixture.dir;
    jwt = await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password);
    accounts.clerk = await huitongAccount('ht-funds-clerk', 'tongyuan-department');
    accounts.reviewer = await huitongAccount('ht-funds-reviewer', 'tongyuan-reviewer');
  }, 60_000);
  afterAll(async () => {
    for (const page of windows.values()) await page.context().close();
  });

  describe('the 民生资金 routes', () => {
    it('refuse callers without a login or the shared secret, another county, a role that may not, and its own uploader signing off', async () => {
      expect((await cms('', '/tongyuan/funds/batches?county=huitong')).status).toBe(401);
      expect((await fetch(`${stack.url}/hooks/funds/huitong/batches`)).status).toBe(401);
      const other = await cms(accounts.clerk.jwt, '/tongyuan/funds/batches?county=juxian');
      expect(other.status).toBe(403);
      expect((await other.json() as any).message).toBe('你只能管理本区县（会同县）的民生资金');
      const upload = await uploadAs(accounts.clerk.jwt, csvFile(dir, 'other-county.csv', [HEADER, row(payee.idNumber)]), '发放明细.csv', { title: TITLE }, 'county=juxian&kind=payments');
      expect(upload.status).toBe(403);
      // The city office works on any county, the one it picks.
      const city = await adminLogin(stack.cms.url, 'city@tongyuan.local', DEMO_PASSWORD);
      const unpicked = await cms(city, '/tongyuan/funds/batches');
      expect([unpicked.status, (await unpicked.json() as any).message]).toEqual([400, '请先选择区县']);
      expect((await cms(city, '/tongyuan/funds/batches?county=huitong')).status).toBe(200);
      expect((await cms(city, '/tongyuan/funds/batches?county=nowhere')).status).toBe(404);
      // The media centre has no part in it: it neither uploads nor reads the rows to fix.
      const media = await adminLogin(stack.cms.url, 'media@tongyuan.local', DEMO_PASSWORD);
      expect((await cms(media, '/tongyuan/funds/batches')).status).toBe(403);
      expect((await uploadAs(media, csvFile(dir, 'media.csv', [HEADER, row(payee.idNumber)]), '发放明细.csv', { title: TITLE }, 'kind=payments')).status).toBe(403);
      // The clerk's role uploads and never signs off; the reviewer signs off, but not a batch of their own.
      const own = await uploadAs(accounts.reviewer.jwt, csvFile(dir, 'own.csv', [HEADER, row(payee.idNumber)]), '发放明细.csv', { title: '审核人自己上传的批次' });
      expect(own.status).toBe(201);
      const { batch } = await own.json() as any;
      expect((await cms(accounts.clerk.jwt, `/tongyuan/funds/batches/${batch.id}/live?county=huitong`, { method: 'POST' })).status).toBe(403);
      const self = await cms(accounts.reviewer.jwt, `/tongyuan/funds/batches/${batch.id}/live?county=huitong`, { method: 'POST' });
      expect(self.status).toBe(403);
      expect((await self.json() as any).message).toContain('是你上传的：须由另一位审核人');
      // Only its uploader or a reviewer sends it back: the clerk cannot 撤销 someone else's upload.
      const notTheirs = await cms(accounts.clerk.jwt, `/tongyuan/funds/batches/${batch.id}/return?county=huitong`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: '不是我上传的批次' }),
      });
      expect(notTheirs.status).toBe(403);
      expect((await notTheirs.json() as any).message).toBe('只能撤销你自己上传的批次：别人的批次由审核人退回');
      // Nothing of a payee in the listing: counts and totals.
      const listing = await (await cms(accounts.reviewer.jwt, '/tongyuan/funds/batches?county=huitong')).text();
      for (const value of [...PRIVATE_VALUES, payee.name, payee.idNumber]) expect(listing).not.toContain(value);
      expect(JSON.parse(listing).batches[0]).toMatchObject({
        id: batch.id, status: 'staged', statusName: '待签发', rows: 1, total: '105.00', uploadedBy: 'ht-funds-reviewer',
        review: [
          { title: '按资金', columns: ['资金', '笔数', '金额（元）'], rows: [[FUNDS[0][0], '1', '105.00']] },
          { title: '按乡镇', columns: ['乡镇', '笔数', '金额（元）'], rows: [[PEOPLE[0].township, '1', '105.00']] },
        ],
      });
    });

    it('says in Chinese that a file is not a spreadsheet, storing nothing, and takes the village list back as it is', async () => {
      const pdf = path.join(dir, 'notice.pdf');
      writeFileSync(pdf, '%PDF-1.4 not a sheet');
      const refused = await uploadAs(accounts.clerk.jwt, pdf, '通知.pdf', {}, 'county=huitong&kind=villages');
      expect(refused.status).toBe(422);
      expect((await refused.json() as any).message).toContain('不支持的文件类型“通知.pdf”：请上传 Excel（.xlsx）或 CSV 文件');
      const fake = path.join(dir, 'fake.xlsx');
      writeFileSync(fake, 'this is not a zip');
      const unreadable = await uploadAs(accounts.clerk.jwt, fake, '村名单.xlsx', {}, 'county=huitong&kind=villages');
      expect((await unreadable.json() as any).message).toMatch(/^Excel 文件无法读取.*请确认是 \.xlsx 文件且未加密$/);
      const villages = [...new Set(PEOPLE.map((p) => `${p.township}\t${p.village}`))].map((v) => v.split('\t'));
      const taken = await uploadAs(accounts.clerk.jwt, csvFile(dir, 'villages-again.csv', [['乡镇', '村（社区）'], ...villages]), '村名单.csv', {}, 'county=huitong&kind=villages');
      expect(await taken.json()).toMatchObject({ count: villages.length, message: `村名单已更新：${villages.length} 个村(社区)，替换原名单` });
    });

    it('takes a correction only of a published batch of the county, and only with what it corrects', async () => {
      const sheet = csvFile(dir, 'correction.csv', [HEADER, row(payee.idNumber)]);
      const noNote = await uploadAs(accounts.clerk.jwt, sheet, '更正.csv', { title: '更正', replaces: String(ctx.fixture.batch) });
      expect(noNote.status).toBe(422);
      expect((await noNote.json() as any).message).toBe('更正批次须写明更正说明（更正了什么、为什么），公开页面会显示这段说明');
      const hook = { headers: { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET } };
      const [juxian] = (await (await fetch(`${stack.url}/hooks/funds/juxian/batches`, hook)).json() as any).batches;
      const other = await uploadAs(accounts.clerk.jwt, sheet, '更正.csv', { title: '更正', replaces: String(juxian.id), note: '金额有误' });
      expect((await other.json() as any).message).toBe(`要更正的批次 ${juxian.id} 不是本区县已公开的批次：只能更正已公开的批次`);
      const batches = (await (await fetch(`${stack.url}/hooks/funds/huitong/batches`, hook)).json() as any).batches;
      expect(batches.filter((b: any) => b.title === '更正')).toEqual([]); // refused before any batch was made
    });

    it('hands out the empty templates with the headers the import reads', async () => {
      const response = await cms(accounts.clerk.jwt, '/tongyuan/funds/templates/payments.xlsx');
      expect(response.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
      const header = (book.worksheets[0].getRow(1).values as string[]).filter(Boolean);
      expect(header.slice(0, 7)).toEqual(['资金名称', '乡镇', '村（社区）', '姓名', '身份证号', '发放金额（元）', '发放日期']);
      // Every kind the page takes, as Excel and as CSV, with the header the publisher's template has.
      const first = { projects: '项目名称', ledgers: '乡镇', housing: '申请人姓名', villages: '乡镇', catalog: '资金名称' };
      for (const [kind, column] of Object.entries(first)) {
        for (const format of ['xlsx', 'csv']) {
          const template = await cms(accounts.clerk.jwt, `/tongyuan/funds/templates/${kind}.${format}`);
          expect([kind, format, template.status]).toEqual([kind, format, 200]);
          if (format === 'csv') expect((await template.text()).replace(/^\uFEFF/, '').split(',')[0]).toBe(column);
        }
      }
      expect((await cms(accounts.clerk.jwt, '/tongyuan/funds/templates/officials.xlsx')).status).toBe(404);
    });
  });

  describe('the 民生资金 page', () => {
    it('lets the clerk upload, see the rows to fix in Chinese, and stage a batch; a reviewer checks it, signs it off onto the county page and withdraws it, and takes back an upload of their own', async () => {
      const clerk = await openFundsPage(ctx, accounts.clerk.email);
      await clerk.getByLabel('批次标题').fill(TITLE);
      await clerk.getByTestId('funds-file').setInputFiles(csvFile(dir, 'broken.csv', [HEADER, row(payee.idNumber), row(broken)]));
      await clerk.getByTestId('funds-row-errors').waitFor({ timeout: 30_000 });
      expect(await clerk.getByTestId('funds-result').innerText()).toMatch(/^有 1 行需要修改，整批未导入：请改好后重新上传整张表\s+行 3：身份证号校验位不正确/);
      // Kept in the list as refused, with its rows to fix; nothing of it is stored.
      await clerk.locator('tr[data-status="failed"]', { hasText: TITLE }).first().getByRole('button', { name: '查看要改的行' }).waitFor();
      await clerk.screenshot({ path: path.join(shots, 'clerk-refused.png'), fullPage: true });

      // This office calls 姓名 户主: the clerk says so in 列对应.
      await clerk.getByLabel('批次标题').fill(TITLE);
      await clerk.getByLabel('列对应').fill('姓名=户主');
      await clerk.getByTestId('funds-file').setInputFiles(csvFile(dir, 'good.csv', [HEADER.map((h) => (h === '姓名' ? '户主' : h)), row(payee.idNumber)]));
      await clerk.getByText(/校验通过，待另一位审核人签发/).waitFor({ timeout: 30_000 });
      const staged = clerk.locator('tr[data-status="staged"]', { hasText: TITLE });
      await staged.waitFor();
      const id = await staged.getAttribute('data-batch');
      expect(await staged.innerText()).toContain('等待部门审核人或政府办公室签发');
      expect(await staged.getByRole('button', { name: '签发' }).count()).toBe(0);
      // Chinese throughout: the only Latin letters are the product name Excel and the avatar's initial.
      expect(await visibleEnglish(clerk, ['Excel', 'H'])).toEqual([]);

      const reviewer = await openFundsPage(ctx, accounts.reviewer.email);
      // The batch the reviewer uploaded (the routes' test above) waits for someone else.
      expect(await reviewer.locator('tr[data-status="staged"]', { hasText: '审核人自己上传的批次' }).innerText()).toContain('你上传的批次须由另一位审核人签发');
      // Checked first: its sums per fund and township, the figures the county's pages will show.
      await reviewer.locator(`tr[data-batch="${id}"]`).getByRole('button', { name: '核对明细' }).click();
      expect(await reviewer.getByTestId('funds-review').innerText()).toMatch(new RegExp(`按资金\\s+资金\\s+笔数\\s+金额（元）\\s+${FUNDS[0][0]}\\s+1\\s+105.00\\s+按乡镇\\s+乡镇\\s+笔数\\s+金额（元）\\s+${PEOPLE[0].township}\\s+1\\s+105.00`));
      await reviewer.screenshot({ path: path.join(shots, 'reviewer-review.png'), fullPage: true });
      await reviewer.locator(`tr[data-batch="${id}"]`).getByRole('button', { name: '签发', exact: true }).click();
      await reviewer.locator(`tr[data-batch="${id}"][data-status="live"]`).waitFor({ timeout: 15_000 });
      await waitFor('the batch on the county page', async () => (await (await fetch(`${stack.url}${SITE_FUNDS}`)).text()).includes(TITLE), 5000, 200);

      await reviewer.locator(`tr[data-batch="${id}"]`).getByRole('button', { name: '撤回' }).click();
      await reviewer.getByLabel('撤回原因').fill('测试批次，核实后重新上传');
      await reviewer.getByRole('button', { name: '确认撤回' }).click();
      await reviewer.locator(`tr[data-batch="${id}"][data-status="withdrawn"]`).waitFor({ timeout: 15_000 });
      expect(await reviewer.locator(`tr[data-batch="${id}"]`).innerText()).toContain('撤回：测试批次，核实后重新上传');
      // Its own upload the reviewer takes back before anyone signs it: 撤销上传, with why.
      const own = reviewer.locator('tr[data-status="staged"]', { hasText: '审核人自己上传的批次' });
      await own.getByRole('button', { name: '撤销上传' }).click();
      await reviewer.getByLabel('撤销上传原因').fill('表格选错了，重新上传');
      await reviewer.getByRole('button', { name: '确认撤销上传' }).click();
      await reviewer.locator('tr[data-status="returned"]', { hasText: '审核人自己上传的批次' }).waitFor({ timeout: 15_000 });
      expect(await reviewer.locator('tr[data-status="returned"]', { hasText: '审核人自己上传的批次' }).innerText()).toContain('退回：表格选错了，重新上传');
      await reviewer.screenshot({ path: path.join(shots, 'reviewer-withdrawn.png'), fullPage: true });
      expect(await visibleEnglish(reviewer, ['Excel', 'H'])).toEqual([]);
      await waitFor('the county page without it', async () => !(await (await fetch(`${stack.url}${SITE_FUNDS}`)).text()).includes(TITLE), 5000, 200);
    }, 240_000);
  });

  batchKindTests(ctx, { accounts, openFundsPage: (email) => openFundsPage(ctx, email), shots });
}

import { PEOPLE, type FundsStack } from '../../support/fund-fixture';
import { ADMIN, DEMO_PASSWORD } from '../../support/cms';
import { proofFrom } from '../../support/proof-of-work';
import { waitFor } from '../../support/processes';
import type { Stack } from '../../support/stack';
import { adminLogin, contentApi, contentManager } from '../../support/strapi-api';

/**
 * 我要监督 (issue 21): a villager follows the link on their village's 民生资金公开 page, reports what is
 * wrong (by name or anonymously), gets a receipt and a due time; the report reaches the CMS as a 监督
 * for 会同县纪委监委 (Huitong's 监督受理部门) with the place in it; the reporter's name and contact are
 * seen by that department and never by the department reported on, nor by anything public.
 */
const SITE = 'huitong-portal';
const QUESTION = 'api::question.question';
const REPORTER = { name: '杨秀珍', contact: '13907451234' };
const FUND = '耕地地力保护补贴';
const [VILLAGER] = PEOPLE;

let stack: Stack;
let jwt: string;
const superAdmin = () => contentManager(stack.cms.url, jwt);
const receiptIn = (html: string) => /class="receipt">(Q\d{8}-[A-Z0-9]{6})</.exec(html)?.[1];
const post = (action: string, fields: Record<string, string>) =>
  fetch(`${stack.url}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const unescape = (html: string) => html.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');

/** An admin login of the department role for a department, through an interpreter-library entry (how staff belong to a department). */
async function departmentAccount(department: string, code: string): Promise<string> {
  const admin = { token: jwt, headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' } };
  const roles = (await (await fetch(`${stack.cms.url}/admin/roles`, { headers: admin.headers })).json() as any).data;
  const role = roles.find((r: any) => r.code === 'tongyuan-department').id;
  const email = `${code}@tongyuan.local`;
  const created = await (await fetch(`${stack.cms.url}/admin/users`, { method: 'POST', headers: admin.headers, body: JSON.stringify({ email, firstname: code, roles: [role] }) })).json() as any;
  const activated = await fetch(`${stack.cms.url}/admin/users/${created.data.id}`, { method: 'PUT', headers: admin.headers, body: JSON.stringify({ password: DEMO_PASSWORD, isActive: true }) });
  expect(activated.status).toBe(200);
  const departments = (await superAdmin().list('api::department.department', `filters[code][$eq]=${department}`)).body.results;
  const interpreter = await superAdmin().create('api::interpreter.interpreter', {
    code, name: code, title: '工作人员', department: { connect: [{ documentId: departments[0].documentId }] }, adminUser: { connect: [{ id: created.data.id }] },
  });
  expect(interpreter.status).toBe(201);
  return adminLogin(stack.cms.url, email, DEMO_PASSWORD);
}

/** Run by funds.test.ts on the stack it shares with the disclosure pages' and posters' tests. */
export function reportTests(ctx: FundsStack) {
  beforeAll(async () => {
    stack = ctx.stack;
    jwt = await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password);
  });

it('takes a named and an anonymous report from the village page, with a receipt and due time, for the supervising department only', async () => {
  const villagePage = await (await fetch(`${stack.url}/sites/${SITE}/funds/townships/${encodeURIComponent(VILLAGER.township)}/${encodeURIComponent(VILLAGER.village)}`)).text();
  const link = unescape(/<a href="([^"]*\/funds\/report\?[^"]*)">我要监督<\/a>/.exec(villagePage)![1]);
  const form = await (await fetch(`${stack.url}${link}`)).text();
  expect(form).toContain(`value="${VILLAGER.township}"`);
  expect(form).toContain(`value="${VILLAGER.village}"`);
  expect(form).toContain('<altcha-widget challenge="/questions/challenge"');
  const action = /<form method="post" action="([^"]+)"/.exec(form)![1];

  const base = { township: VILLAGER.township, village: VILLAGER.village, fund: FUND };
  const named = await post(action, { ...base, body: '今年 4 月的耕地地力保护补贴我家 5 亩地只发了 3 亩的钱。', anonymous: '0', askerName: REPORTER.name, askerContact: REPORTER.contact, altcha: await proofFrom(stack.url) });
  expect(named.status).toBe(201);
  const namedPage = await named.text();
  expect(namedPage).toContain('监督反映已受理');
  expect(namedPage).toMatch(/答复时限：<strong class="due">\d{4}年/);
  // Anonymous: a name typed before choosing it is not kept.
  const anonymous = await post(action, { ...base, body: '村里有人没种地也领了耕地地力保护补贴。', anonymous: '1', askerName: '不该保存', altcha: await proofFrom(stack.url) });
  expect(anonymous.status).toBe(201);
  const anonymousPage = await anonymous.text();
  expect(anonymousPage).toContain('您选择了匿名反映');
  const receipts = [receiptIn(namedPage)!, receiptIn(anonymousPage)!];

  // In the CMS, as the publisher's read token sees it: a 监督 for 会同县纪委监委, with the place; nobody's name.
  const read = contentApi(stack.cms.url, stack.env.STRAPI_TOKEN);
  const arrived = await waitFor('both reports in the CMS', async () => {
    const found = await Promise.all(receipts.map(async (r) => (await read.get(`/questions?filters[receipt][$eq]=${r}&populate[department]=true`)).body.data[0]));
    return found.every(Boolean) ? found : undefined;
  }, 30_000, 300);
  for (const report of arrived) {
    expect([report.kind, report.department.code, report.routedBy, report.subject]).toEqual(['supervision', 'ht-discipline', 'supervising_department', `${VILLAGER.township} ${VILLAGER.village} · ${FUND}`]);
    expect(report.publicQuestion).toBeNull(); // never offered for publishing as a Q&A
  }
  expect(JSON.stringify(arrived)).not.toContain(REPORTER.name);
  expect(JSON.stringify(arrived)).not.toContain(REPORTER.contact);

  // The supervising department's staff see who reported; the anonymous report has nobody to see.
  const discipline = contentManager(stack.cms.url, await departmentAccount('ht-discipline', 'ht-jw-test'));
  const [namedDoc, anonymousDoc] = arrived.map((r: any) => r.documentId);
  expect((await discipline.get(QUESTION, namedDoc)).body.data).toMatchObject({ askerName: REPORTER.name, askerContact: REPORTER.contact });
  expect((await discipline.get(QUESTION, anonymousDoc)).body.data.askerName ?? null).toBeNull();

  // The fund's department (财政局): not its report to read; passed to it for the facts (转办), still nobody's name.
  const finance = contentManager(stack.cms.url, await departmentAccount('ht-finance', 'ht-cz-test'));
  expect((await finance.get(QUESTION, namedDoc)).status).toBe(403);
  const financeDept = (await superAdmin().list('api::department.department', 'filters[code][$eq]=ht-finance')).body.results[0].documentId;
  const passed = await superAdmin().update(QUESTION, namedDoc, { department: { connect: [{ documentId: financeDept }] }, reportedDepartment: { connect: [{ documentId: financeDept }] } });
  expect(passed.status).toBe(200);
  const asFinance = await finance.get(QUESTION, namedDoc);
  expect(asFinance.status).toBe(200);
  expect(asFinance.body.data.body).toContain('只发了 3 亩');
  expect(JSON.stringify(asFinance.body)).not.toContain(REPORTER.name);
  expect(JSON.stringify(asFinance.body)).not.toContain(REPORTER.contact);
  const list = (await finance.list(QUESTION)).body.results as any[];
  expect(list.map((q) => q.documentId)).toContain(namedDoc);
  expect(JSON.stringify(list)).not.toContain(REPORTER.contact);
}, 90_000);

it('refuses empty, 50,000-character and markup reports, a missing proof and no 匿名 choice, in Chinese, keeping what was typed', async () => {
  const action = `/sites/${SITE}/funds/report`;
  const base = { township: VILLAGER.township, village: VILLAGER.village, fund: FUND, anonymous: '1' };
  const cases: Array<[Record<string, string>, string, string]> = [
    [{ ...base, body: '  ' }, '请填写反映的问题', `value="${FUND}"`],
    [{ ...base, body: '补'.repeat(50_000) }, '最多 1000 字，现在有 50000 字', '补'.repeat(100)],
    [{ ...base, body: '<script>alert(1)</script>补贴没发' }, '不能包含网页代码', '&lt;script&gt;alert(1)&lt;/script&gt;补贴没发'],
    [{ ...base, body: '补贴到现在还没有发下来。' }, '防刷校验', '补贴到现在还没有发下来。'],
    [{ ...base, anonymous: '', body: '补贴到现在还没有发下来。', askerName: REPORTER.name }, '请选择“匿名反映”或“实名反映”', `value="${REPORTER.name}"`],
  ];
  for (const [fields, message, kept] of cases) {
    const response = await post(action, { ...fields, ...(message === '防刷校验' ? {} : { altcha: await proofFrom(stack.url) }) });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain(message);
    expect(page).toContain(kept);
    expect(page).not.toContain('class="receipt"');
  }
}, 60_000);
}

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IDValidator from 'id-validator';
import type { Browser } from 'playwright-core';
import Parser from 'rss-parser';
import { csvFile, PEOPLE, PRIVATE_VALUES, type FundsStack } from '../../support/fund-fixture';
import { proofFrom } from '../../support/proof-of-work';
import type { Stack } from '../../support/stack';
import { leavePhone, phonePage } from '../../support/phone-page';

/**
 * 公租房 (issue 21 item 6) as Huitong's applicants and neighbours see it: a round's roster imported from
 * the housing office's sheet (a broken row refused and named, nothing published), the round on the
 * county's site at 390 px — applications with status, the waiting list in order, allocations to the
 * building — names and ID numbers masked like payments; a correction with its 更正 note and the
 * history; feed entries; an applicant's own check; zero full names, ID numbers, phones, accounts,
 * addresses or door numbers on any of it; finally withdrawn (so the county's feed is the payments' again).
 */
const SITE = 'huitong-portal';
const ROUND = '2026年第二批公租房';
const BASE = `/sites/${SITE}/funds/housing`;
const ROUND_PATH = `${BASE}/rounds/${encodeURIComponent(ROUND)}`;
const shots = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-housing-'));
const validator = new IDValidator();
const DOOR = '2单元501';
const HEADER = ['申请人姓名', '身份证号', '乡镇/街道', '家庭人口', '申请类别', '审核状态', '不予通过理由', '轮候序号', '房源小区', '楼栋', '房号', '配租日期', '联系电话', '银行账号', '家庭住址'];
const OTHERS = ['杨秀珍', '石光明', '蒲春花'].map((name, i) => ({ name, idNumber: validator.makeID(), phone: `1897450${2000 + i}`, bankAccount: '', address: `城北社区${i + 1}栋` }));
const PRIVATE = [...PRIVATE_VALUES, ...OTHERS.flatMap((o) => [o.name, o.idNumber, o.phone, o.address]), DOOR];
const [RARE, MINORITY, HOUSED, REFUSED, PENDING] = PEOPLE;

/** The office's sheet: five of the fund fixture's people and three more, waiting orders out of sheet order. */
function roster(correct = false): string[][] {
  const row = (p: { name: string; idNumber: string; phone: string; bankAccount: string; address: string }, fields: string[]) =>
    [p.name, p.idNumber, ...Array.from({ length: 10 }, (_, i) => fields[i] ?? ''), p.phone, p.bankAccount, p.address];
  const rows = [
    row(OTHERS[0], ['', '2', '新就业职工', '审核通过', '', '5', '', '', '']),
    row(RARE, ['林城镇', '3', '城镇中低收入住房困难家庭', '审核通过', '', '2', '', '', '']),
    row(HOUSED, ['林城镇', '4', '城镇中低收入住房困难家庭', '审核通过', '', '', '阳光苑', '3栋', DOOR, '2026-06-30']),
    row(MINORITY, ['', '2', '外来务工人员', '审核通过', '', '1', '', '', '']),
    row(REFUSED, ['高椅乡', '1', '新就业职工', '不予通过', '家庭人均收入超过当地标准', '', '', '', '']),
    row(OTHERS[1], ['', '3', '外来务工人员', '审核通过', '', '3', '', '', '']),
    row(PENDING, ['高椅乡', '5', '城镇中低收入住房困难家庭', correct ? '审核通过' : '公示中', '', correct ? '6' : '', '', '', '']),
    row(OTHERS[2], ['', '2', '新就业职工', '审核通过', '', '4', '', '', '']),
  ];
  return [HEADER, ...(correct ? rows.filter((r) => r[0] !== OTHERS[1].name) : rows)];
}

let stack: Stack;
let browser: Browser;
let run: FundsStack['fixture']['run'];
let dir: string;
const get = async (url: string, status = 200) => {
  const response = await fetch(`${stack.url}${url}`);
  expect(response.status).toBe(status);
  return response.text();
};
const refused = (command: Promise<string>) => command.then(() => '', (e: { stderr?: string }) => e.stderr ?? String(e));
const batchOf = (out: string) => /批次 (\d+)/.exec(out)![1];

type PhonePage = { overflows: boolean; text: string; figures: Record<string, string>; tables: Record<string, string[][]> };
async function onPhone(url: string, shot: string): Promise<PhonePage> {
  const page = await phonePage(browser);
  try {
    await page.goto(`${stack.url}${url}`);
    await page.screenshot({ path: path.join(shots, shot), fullPage: true });
    return await page.evaluate(() => ({
      overflows: document.documentElement.scrollWidth > window.innerWidth,
      text: document.body.innerText,
      figures: Object.fromEntries(Array.from(document.querySelectorAll('[data-figure]')).map((e) => [e.getAttribute('data-figure'), e.textContent!.trim()])),
      tables: Object.fromEntries(Array.from(document.querySelectorAll('table[data-table]')).map((t) => [t.getAttribute('data-table'),
        Array.from(t.querySelectorAll('tbody tr')).map((r) => Array.from(r.children).map((c) => (c.getAttribute('data-order') ? `${c.textContent!.trim()}#${c.getAttribute('data-order')}` : c.textContent!.trim())))])),
    }));
  } finally {
    await leavePhone(page);
  }
}
const masked = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`;

/** Run by funds.test.ts on the stack it shares with the other funds suites (before the disclosure suite, which stops the CMS). */
export function housingTests(ctx: FundsStack) {
describe('公租房 applications, waiting order and allocations', () => {
  let first: string;
  let correction: string;
  beforeAll(() => {
    ({ stack, browser } = ctx);
    ({ run, dir } = ctx.fixture);
  });

  it('refuses a roster with a broken row, naming it, and publishes a good one once it goes live', async () => {
    const broken = roster();
    broken[4][1] = broken[4][1].slice(0, 17) + (broken[4][1][17] === '1' ? '2' : '1');
    const message = await refused(run('housing', '--county', 'huitong', '--round', ROUND, csvFile(dir, 'housing-broken.csv', broken)));
    expect(message).toContain('行 5：身份证号校验位不正确');
    expect(await get(BASE)).toContain('会同县还没有公开的公租房轮次');
    first = batchOf(await run('housing', '--county', 'huitong', '--round', ROUND, csvFile(dir, 'housing.csv', roster())));
    await get(ROUND_PATH, 404); // staged, waiting for sign-off
    await run('live', first);
    expect(await get(BASE)).toContain(ROUND);
    expect(await get(`/sites/${SITE}/funds`)).toContain(`<a href="${BASE}">公租房申请与配租</a>`); // from the county's funds page
  });

  it('shows the round on a 390 px phone: applications with status, the waiting list in order, allocations to the building, all masked', async () => {
    const rounds = await onPhone(BASE, 'housing-rounds.png');
    expect(rounds.overflows).toBe(false);
    expect(rounds.tables.rounds).toEqual([[ROUND, '8', '5', '1', expect.any(String), '查看']]);
    const page = await onPhone(ROUND_PATH, 'housing-round.png');
    expect(page.overflows).toBe(false);
    expect(page.figures).toEqual({ applications: '8', approved: '6', waiting: '5', allocated: '1' });
    expect(page.tables.waiting.map((r) => r.slice(0, 3))).toEqual([
      ['1#1', '阿******提', masked(MINORITY.idNumber)], ['2#2', '𡋀*祥', masked(RARE.idNumber)], ['3#3', '石*明', masked(OTHERS[1].idNumber)],
      ['4#4', '蒲*花', masked(OTHERS[2].idNumber)], ['5#5', '杨*珍', masked(OTHERS[0].idNumber)],
    ]);
    expect(page.tables.allocated).toEqual([['粟*华', masked(HOUSED.idNumber), '阳光苑', '3栋', '2026-06-30', '4']]);
    expect(page.tables.applications.map((r) => r.slice(0, 2))).toEqual([
      ['杨*珍', '审核通过'], ['𡋀*祥', '审核通过'], ['粟*华', '已配租'], ['阿******提', '审核通过'], ['龙*英', '不予通过'], ['石*明', '审核通过'], ['吴*国', '公示中'], ['蒲*花', '审核通过'],
    ]);
    expect(page.text).not.toContain('家庭人均收入超过当地标准'); // told to the applicant only
  });

  it('lets an applicant check their own status by name and full ID number, never shown back; a wrong name learns nothing', async () => {
    const lookup = async (name: string, idNumber: string, from: string) => (await fetch(`${stack.url}${BASE}/lookup`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
      body: new URLSearchParams({ name, idNumber, altcha: await proofFrom(stack.url) }).toString(),
    })).text();
    const result = (html: string) => /<section class="lookup-result"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const own = await lookup(RARE.name, RARE.idNumber.toLowerCase(), '10.5.0.1');
    expect(own).not.toContain(RARE.idNumber);
    expect(result(own)).toContain('目前排在轮候名单第 <strong>2</strong> 位');
    const refusal = await lookup(REFUSED.name, REFUSED.idNumber, '10.5.0.2');
    expect(result(refusal)).toContain('不予通过的理由：家庭人均收入超过当地标准');
    const wrongName = await lookup('龙秀兰', REFUSED.idNumber, '10.5.0.3');
    expect(result(wrongName)).toContain('没有查到');
    expect(result(wrongName)).not.toContain('不予通过');
  });

  it('publishes a correction only with its 更正 note, shown on the round, in its history and in the feed', async () => {
    const file = csvFile(dir, 'housing-corrected.csv', roster(true));
    expect(await refused(run('housing', '--county', 'huitong', '--round', ROUND, file))).toContain('须写明更正说明');
    expect(await refused(run('housing', '--county', 'huitong', '--round', ROUND, '--note', '吴建国公示期满审核通过', file))).toContain('不要写申请人的全名');
    const note = '吴*国公示期满审核通过，列入轮候（序号 6）；石*明本人申请撤回';
    const out = await run('housing', '--county', 'huitong', '--round', ROUND, '--note', note, file);
    expect(out).toContain(`更正批次 ${first}（新增 0、删除 1、变动 1 户）`);
    correction = batchOf(out);
    await run('live', correction);
    const page = await onPhone(ROUND_PATH, 'housing-corrected.png');
    expect(page.text).toContain(`更正：本版更正`);
    expect(page.text).toContain(note);
    expect(page.tables.waiting.map((r) => [r[0], r[1], r[5]])).toEqual([['1#1', '阿******提', '1'], ['2#2', '𡋀*祥', '2'], ['3#4', '蒲*花', '4'], ['4#5', '杨*珍', '5'], ['5#6', '吴*国', '6']]);
    const history = await onPhone(`${ROUND_PATH}/history`, 'housing-history.png');
    expect(history.overflows).toBe(false);
    expect(history.text).toMatch(new RegExp(`第 2 版（现行版本，.+ 公开，7 户）：新增 0 户，删除 1 户，变动 1 户\\s*更正：${note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(history.text).toMatch(/第 1 版（已被更正，.+ 公开，8 户）：首次公开/);
    const feed = await new Parser().parseString(await get(`/sites/${SITE}/funds/feed.atom`));
    const entry = feed.items.find((i) => i.title === `${ROUND}（更正）`)!;
    expect(entry.contentSnippet).toContain(note);
    expect(entry.link!.endsWith(ROUND_PATH)).toBe(true);
    expect(feed.items.map((i) => i.title)).not.toContain(`${ROUND}申请与配租公示`); // replaced, like a corrected batch
    expect(feed.items.some((i) => i.title?.startsWith('2026年4月惠民资金发放'))).toBe(true);
  });

  it('shows nobody\'s full name, ID number, phone, bank account, address or door number on any page, feed or template', async () => {
    const outputs = await Promise.all([BASE, ROUND_PATH, `${ROUND_PATH}/history`, `${BASE}/lookup`,
      ...['atom', 'rss', 'json'].map((f) => `/sites/${SITE}/funds/feed.${f}`)].map((url) => get(url)));
    const template = Buffer.from(await (await fetch(`${stack.url}/funds/templates/housing.xlsx`)).arrayBuffer());
    expect(template.subarray(0, 2).toString()).toBe('PK');
    const all = outputs.join('\n');
    for (const value of PRIVATE.filter(Boolean)) expect(all).not.toContain(value);
  });

  it('withdraws the round with a reason: it leaves the pages and the feed at once', async () => {
    expect(await refused(run('withdraw', correction))).toContain('撤回须写明原因');
    await run('withdraw', correction, '--reason', '名册需重新核对');
    await get(ROUND_PATH, 404);
    await get(`${ROUND_PATH}/history`, 404);
    expect(await get(BASE)).toContain('会同县还没有公开的公租房轮次');
    const feed = await new Parser().parseString(await get(`/sites/${SITE}/funds/feed.atom`));
    expect(feed.items.map((i) => i.title).filter((t) => t?.includes('公租房'))).toEqual([]);
  });
});
}

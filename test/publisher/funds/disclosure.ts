import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { extractFromJson } from '@extractus/feed-extractor';
import Parser from 'rss-parser';
import { rareFacesOf } from '../../support/browser';
import { csvFile, FUNDS, paymentRows, PEOPLE, PRIVATE_VALUES, UNKNOWN_ID, type FundsStack } from '../../support/fund-fixture';
import { proofFrom } from '../../support/proof-of-work';
import { waitFor } from '../../support/processes';
import type { Stack } from '../../support/stack';
import { leavePhone, phonePage } from '../../support/phone-page';

/**
 * 民生资金公开 as villagers see it (Huitong's "一项不留、一分不少"): the county's, each township's,
 * village's and fund's page on the county's site, totals that add up at every level, payees masked,
 * a correction with its 更正 note, and a household's own lookup that tells nobody else anything.
 */
const SITE = 'huitong-portal';
const OTHER_SITE = 'juxian-portal';
const BASE = `/sites/${SITE}/funds`;
const shots = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-funds-'));
const seg = encodeURIComponent;
const YUAN = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2 });

let stack: Stack;
let browser: Browser;
let fixture: FundsStack['fixture'];

/** Run by funds.test.ts on the stack it shares with the posters' and reports' tests; last, as it stops the CMS. */
export function disclosureTests(ctx: FundsStack) {
  beforeAll(() => {
    ({ stack, browser, fixture } = ctx);
  });
const pageText = async (url: string) => {
  const response = await fetch(`${stack.url}${url}`);
  expect(response.status).toBe(200);
  return response.text();
};
const villagePaths = () => [...new Set(PEOPLE.map((p) => `${BASE}/townships/${seg(p.township)}/${seg(p.village)}`))];

/** A page's tables as a phone shows them: each table's body rows and footer, and whether anything is wider than the screen. */
async function readOnPhone(url: string, shot?: string) {
  const page = await phonePage(browser);
  try {
    await page.goto(`${stack.url}${url}`);
    if (shot) await page.screenshot({ path: path.join(shots, shot), fullPage: true });
    return await page.evaluate(() => ({
      overflows: document.documentElement.scrollWidth > window.innerWidth,
      figures: Object.fromEntries(Array.from(document.querySelectorAll('[data-figure]')).map((e) => [e.getAttribute('data-figure'), e.textContent!.trim()])),
      tables: Object.fromEntries(Array.from(document.querySelectorAll('table[data-table]')).map((t) => [t.getAttribute('data-table'), {
        rows: Array.from(t.querySelectorAll('tbody tr')).map((r) => Array.from(r.children).map((c) => c.textContent!.trim())),
        total: Array.from(t.querySelectorAll('tfoot tr > *')).map((c) => c.textContent!.trim()),
      }])),
    }));
  } finally {
    await leavePhone(page);
  }
}
const amountColumn = (rows: string[][], column: number) => rows.reduce((sum, r) => sum + Math.round(Number(r[column].replace(/,/g, '')) * 100), 0) / 100;

describe('the disclosure pages', () => {
  it('give the county, each township, village and fund totals that add up, readable on a 390 px phone', async () => {
    const expected = PEOPLE.length * FUNDS.reduce((sum, f) => sum + Number(f[3]), 0);
    const county = await readOnPhone(BASE, 'county.png');
    expect(county.overflows).toBe(false);
    expect(county.figures.total).toBe(YUAN(expected));
    expect(county.figures.payments).toBe(String(PEOPLE.length * FUNDS.length));
    expect(amountColumn(county.tables.funds.rows, 1)).toBe(expected);
    expect(amountColumn(county.tables.townships.rows, 1)).toBe(expected);
    for (const [township, amount] of county.tables.townships.rows) {
      const page = await readOnPhone(`${BASE}/townships/${seg(township)}`);
      expect(page.figures.total).toBe(amount);
      expect(YUAN(amountColumn(page.tables.villages.rows, 1))).toBe(amount);
      expect(YUAN(amountColumn(page.tables.funds.rows, 1))).toBe(amount);
    }
    for (const url of villagePaths()) {
      const village = await readOnPhone(url, url.endsWith(seg('金子村')) ? 'village.png' : undefined);
      expect(village.overflows).toBe(false);
      expect(YUAN(amountColumn(village.tables.payments.rows, 1))).toBe(village.figures.total);
    }
    for (const [fund] of FUNDS) {
      const page = await readOnPhone(`${BASE}/by-fund/${seg(fund)}`);
      expect(YUAN(amountColumn(page.tables.townships.rows, 1))).toBe(page.figures.total);
    }
  });

  it('shows payees only masked (the middle of a name, the birth date of an ID number) and nothing private on any page', async () => {
    const pages = await Promise.all([BASE, `${BASE}/lookup`, ...villagePaths(), ...[...new Set(PEOPLE.map((p) => p.township))].map((t) => `${BASE}/townships/${seg(t)}`),
      ...FUNDS.map(([f]) => `${BASE}/by-fund/${seg(f)}`)].map(pageText));
    const all = pages.join('\n');
    for (const value of PRIVATE_VALUES) expect(all).not.toContain(value);
    const jinzi = await pageText(villagePaths()[0]);
    for (const masked of ['𡋀*祥', '阿******提', `${PEOPLE[0].idNumber.slice(0, 4)}**********${PEOPLE[0].idNumber.slice(-4)}`]) expect(jinzi).toContain(masked);
    // The rare character left showing (𡋀, U+212C0) is drawn by the publisher's fallback font, not a box.
    const page = await browser.newPage();
    await page.goto(`${stack.url}${villagePaths()[0]}`);
    const faces = await rareFacesOf(page);
    await page.close();
    expect(faces).toContain('U+212C0 loaded');
  });

  it('replaces a batch with its correction on every page, with the 更正 note, keeping totals that add up', async () => {
    const corrected = paymentRows((person, fund) => (person === 3 && fund === 0 ? 45 : 0));
    const out = await fixture.run('payments', '--county', 'huitong', '--title', '2026年4月惠民资金发放（更正）', '--replaces', String(fixture.batch),
      '--note', '龙*英耕地地力保护补贴由 105 元更正为 150 元', csvFile(fixture.dir, 'corrected.csv', corrected));
    await fixture.run('live', /批次 (\d+)/.exec(out)![1]);
    const county = await pageText(BASE);
    expect(county).toContain('更正');
    expect(county).toContain('龙*英耕地地力保护补贴由 105 元更正为 150 元');
    const expected = PEOPLE.length * FUNDS.reduce((sum, f) => sum + Number(f[3]), 0) + 45;
    const view = await readOnPhone(BASE);
    expect(view.figures.total).toBe(YUAN(expected));
    expect(view.tables.funds.total[1]).toBe(YUAN(expected));
    // The feed of new disclosures, as a reader's feed app reads it: the correction in place of what it corrected.
    // (The county's 民生项目 and 村级财务 batches have entries too: projects-ledgers.ts.)
    const payments = (titles: Array<string | undefined>) => titles.filter((t) => t?.startsWith('2026年4月惠民资金发放'));
    const feed = await new Parser().parseString(await pageText(`${BASE}/feed.atom`));
    expect(payments(feed.items.map((i) => i.title))).toEqual(['2026年4月惠民资金发放（更正）']);
    const entry = feed.items.find((i) => i.title === '2026年4月惠民资金发放（更正）')!;
    expect(entry.contentSnippet).toContain('龙*英耕地地力保护补贴由 105 元更正为 150 元');
    expect(payments((await new Parser().parseString(await pageText(`${BASE}/feed.rss`))).items.map((i) => i.title))).toHaveLength(1);
    // A second reader (@extractus/feed-extractor) on the JSON Feed, and the Atom entry's HTML as a browser draws it.
    const json = extractFromJson(JSON.parse(await pageText(`${BASE}/feed.json`))) as { entries: Array<{ title: string }> };
    expect(payments(json.entries.map((e) => e.title))).toEqual(['2026年4月惠民资金发放（更正）']);
    const drawn = await browser.newPage();
    await drawn.setContent(entry.content ?? '');
    expect(await drawn.locator('body').innerText()).toContain('更正：更正“2026年4月惠民资金发放”：龙*英耕地地力保护补贴由 105 元更正为 150 元');
    await drawn.close();
    const gaoyi = await readOnPhone(`${BASE}/townships/${seg('高椅乡')}/${seg('高椅村')}`);
    expect(gaoyi.tables.payments.rows.map((r: string[]) => r[1])).toContain('150.00');
    expect(gaoyi.tables.payments.rows).toHaveLength(4); // the old batch's rows are gone, not added
  });
});

describe('a household\'s own lookup', () => {
  const lookup = async (site: string, fields: Record<string, string>, from: string, proof?: string) => fetch(`${stack.url}/sites/${site}/funds/lookup`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
    body: new URLSearchParams({ ...fields, altcha: proof ?? (await proofFrom(stack.url)) }).toString(),
  });
  const resultOf = (html: string) => /<section class="lookup-result"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

  it('shows a person their own payments by name and full ID number, never the number back; any wrong pair gets one same answer', async () => {
    const person = PEOPLE[1];
    const own = await lookup(SITE, { name: person.name, idNumber: person.idNumber.toLowerCase() }, '10.1.0.1');
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).not.toContain(person.idNumber);
    expect(resultOf(html)).toContain('查到 <strong>2</strong> 笔发放');
    const answers = await Promise.all([
      lookup(SITE, { name: '龙秀英', idNumber: person.idNumber }, '10.1.0.2'), // a real name with someone else's number
      lookup(SITE, { name: '龙秀英', idNumber: UNKNOWN_ID }, '10.1.0.3'), // a valid number nobody here has
    ].map(async (r) => resultOf(await (await r).text())));
    expect(answers[0]).toContain('没有查到');
    expect(answers[1]).toBe(answers[0]);
  });

  it('says what to fix in a malformed number without repeating it, and refuses a used proof', async () => {
    const bad = await lookup(SITE, { name: '吴建国', idNumber: '43122519800101123' }, '10.1.0.4');
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('身份证号不正确');
    expect(text).not.toContain('43122519800101123');
    const proof = await proofFrom(stack.url);
    expect((await lookup(SITE, { name: '吴建国', idNumber: PEOPLE[4].idNumber }, '10.1.0.5', proof)).status).toBe(200);
    const replay = await lookup(SITE, { name: '吴建国', idNumber: PEOPLE[4].idNumber }, '10.1.0.6', proof);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('这个验证已经用过');
  });

  it('slows and refuses guessing: one address past its hourly allowance, many addresses past the county\'s', async () => {
    const guess = (from: string) => lookup(OTHER_SITE, { name: '龙秀英', idNumber: UNKNOWN_ID }, from);
    for (let i = 0; i < 4; i += 1) expect((await guess('10.2.0.1')).status).toBe(200);
    const refused = await guess('10.2.0.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('查询过于频繁');
    const statuses: number[] = [];
    for (let i = 2; i < 12; i += 1) statuses.push((await guess(`10.2.0.${i}`)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6); // the county's 10 a minute, 4 of them used above
    const last = await guess('10.2.0.99');
    expect(last.status).toBe(429);
    expect(await last.text()).toContain('此刻查询的人较多');
  });

  it('takes a withdrawn batch off the county\'s pages and feed at once, and says why a withdrawal without a reason is refused', async () => {
    const juxian = `/sites/${OTHER_SITE}/funds`;
    expect((await fetch(`${stack.url}${juxian}`)).status).toBe(200);
    const batch = /批次 (\d+)：/.exec(await fixture.run('payments', '--county', 'juxian', '--title', '撤回测试', csvFile(fixture.dir, 'withdraw.csv', paymentRows())))![1];
    await fixture.run('live', batch);
    await waitFor('the new batch on the county page', async () => (await (await fetch(`${stack.url}${juxian}`)).text()).includes('撤回测试'), 5000, 200);
    const refused = await fixture.run('withdraw', batch).then(() => '', (error: { stderr: string }) => error.stderr);
    expect(refused).toContain('撤回须写明原因');
    await fixture.run('withdraw', batch, '--reason', '发放名册有误，核实后重新公开');
    // Every replica reads the live set at most a second before.
    await waitFor('the county page without the withdrawn batch', async () => !(await (await fetch(`${stack.url}${juxian}`)).text()).includes('撤回测试'), 5000, 200);
    const feed = await new Parser().parseString(await (await fetch(`${stack.url}${juxian}/feed.atom`)).text());
    expect(feed.items.map((i) => i.title)).not.toContain('撤回测试');
  });
});

describe('the touch screen in 林城镇\'s service centre', () => {
  type Manifest = { version: string; items: Array<{ id: string; title: string; files: Array<{ role: string; url: string; sha256: string; size: number }> }> };
  const manifest = async () => (await (await fetch(`${stack.url}/kiosk/ht-lincheng/manifest.json`)).json()) as Manifest;

  it('holds its own township\'s villages, masked, and shows them in large type offline right after its first sync (1080×1920, opened by IP)', async () => {
    const synced = await waitFor('the terminal\'s funds item', async () => {
      const m = await manifest().catch(() => null);
      return m?.items.some((i) => i.id.startsWith('funds:')) ? m : undefined;
    }, 180_000, 1000);
    const funds = synced.items.find((i) => i.id.startsWith('funds:'))!;
    expect(funds.title).toBe('民生资金公开 · 林城镇');
    const bodies = await Promise.all(funds.files.map(async (f) => (await fetch(new URL(f.url, `${stack.url}/kiosk/ht-lincheng/`))).text()));
    expect(bodies.map((b) => JSON.parse(b).village).sort()).toEqual(['新联村', '金子村']); // 高椅乡's are not on it
    for (const value of PRIVATE_VALUES) expect(JSON.stringify(synced) + bodies.join('')).not.toContain(value);
    expect((await fetch(`${stack.url}/kiosk/jx-service-hall/funds/${funds.files[0].sha256}`)).status).toBe(404); // another terminal's list has no such file

    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const page = await context.newPage();
    const heartbeat = page.waitForResponse((r) => r.url().endsWith('/heartbeat') && r.request().method() === 'POST', { timeout: 90_000 });
    await page.goto(`${stack.url}/kiosk/ht-lincheng/?idle=600`);
    expect((await heartbeat).request().postDataJSON()).toMatchObject({ items: synced.items.length, failedFiles: 0 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
    await page.reload();
    await page.locator('.funds-button').click();
    await page.getByRole('button', { name: /林城镇 金子村/ }).click();
    const rows = await page.locator('table[data-table="payments"] tr').allTextContents();
    expect(rows.join('\n')).toContain('𡋀*祥');
    expect(rows.join('\n')).not.toContain(PEOPLE[0].name);
    // The village's 民生项目 and 村级财务 (projects-ledgers.ts made them live) are on the same screen, offline too.
    const projects = await page.locator('table[data-table="projects"] tr').allTextContents();
    expect(projects.join('\n')).toContain('金子村𡋀坪组通组道路硬化工程');
    expect(projects.join('\n')).toContain('349,800.00 元');
    const ledger = await page.locator('table[data-table="ledger"] tr').allTextContents();
    expect(ledger.length).toBeGreaterThan(1);
    expect(ledger[0]).toBe('期间收入支出结余');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(shots, 'kiosk-village.png'), fullPage: true });
    console.log(`kiosk village screen: ${path.join(shots, 'kiosk-village.png')}`);
    await context.close();
  }, 240_000);
});

describe('the publisher\'s logs', () => {
  it('hold no payee\'s name, ID number, bank account, phone or address at info level, after imports, pages, lookups and a kiosk sync', () => {
    const logs = `${stack.api.output()}\n${stack.worker.output()}`;
    expect(logs.length).toBeGreaterThan(1000); // info level: every request is there
    for (const value of PRIVATE_VALUES) expect(logs).not.toContain(value);
  });
});

describe('while the CMS is away', () => {
  it('serves the funds pages, even from a publisher started during the outage (the county of each site is kept in the store)', async () => {
    await stack.cms.stop();
    await stack.api.stop();
    await stack.startApi();
    const county = await fetch(`${stack.url}${BASE}`);
    expect(county.status).toBe(200);
    expect(await county.text()).toContain('会同县民生资金公开');
  });
});
}

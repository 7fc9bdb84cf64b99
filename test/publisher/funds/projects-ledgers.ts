import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import type { Browser } from 'playwright-core';
import Parser from 'rss-parser';
import sharp from 'sharp';
import { csvFile, LEDGER_HEADER, LEDGER_LINES, PRIVATE_VALUES, PROJECT_FUND, PROJECT_HEADER, PROJECTS, type FundsStack } from '../../support/fund-fixture';
import type { Stack } from '../../support/stack';
import { leavePhone, phonePage } from '../../support/phone-page';

/**
 * 民生项目 and 村级财务 (issue 21) as villagers see them: the sheets imported from the command line
 * (a broken row refused by its number, nothing stored), the projects on the county, township,
 * village and fund pages and each project's own page with totals that add up when read off the
 * tables at 390 px, 金子村's accounts with 收入 − 支出 = 结余 per period, a project's poster scanned
 * to its page, and a correction with its 更正 note and the old figures kept.
 */
const SITE = 'huitong-portal';
const BASE = `/sites/${SITE}/funds`;
const OUT = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-projects-'));
const seg = encodeURIComponent;
const fen = (text: string) => Math.round(Number(text.replace(/,/g, '')) * 100);
const YUAN = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const sumColumn = (rows: string[][], column: number) => rows.reduce((sum, r) => sum + (r[column] ? fen(r[column]) : 0), 0);

let stack: Stack;
let browser: Browser;
let fixture: FundsStack['fixture'];
let projectBatch: number;

/** Run by funds.test.ts on the stack the other funds suites share. */
export function projectLedgerTests(ctx: FundsStack) {
  beforeAll(async () => {
    ({ stack, browser, fixture } = ctx);
    await fixture.run('catalog', '--county', 'huitong', csvFile(fixture.dir, 'project-fund.csv', [['资金名称', '资金来源', '级次', '补助标准（元）', '开始日期', '结束日期'], PROJECT_FUND]));
    const projects = await fixture.run('projects', '--county', 'huitong', '--title', '2026年会同县民生项目', csvFile(fixture.dir, 'projects.csv', [PROJECT_HEADER, ...PROJECTS]));
    projectBatch = Number(/批次 (\d+)/.exec(projects)![1]);
    await fixture.run('live', String(projectBatch));
    const ledger = await fixture.run('ledgers', '--county', 'huitong', '--title', '林城镇2026年二、三季度村级财务', await xlsx('ledger.xlsx', [LEDGER_HEADER, ...LEDGER_LINES]));
    await fixture.run('live', /批次 (\d+)/.exec(ledger)![1]);
  }, 60_000);

async function xlsx(name: string, rows: string[][]) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('村级财务');
  for (const r of rows) sheet.addRow(r);
  const file = path.join(fixture.dir, name);
  await book.xlsx.writeFile(file);
  return file;
}

/** A page as a 390 px phone shows it: figures, each table's rows and footer, the project links, and whether anything is wider than the screen. */
async function readOnPhone(url: string, shot?: string) {
  const page = await phonePage(browser);
  try {
    const response = await page.goto(`${stack.url}${url}`);
    expect(response?.status()).toBe(200);
    if (shot) await page.screenshot({ path: path.join(OUT, shot), fullPage: true });
    return await page.evaluate(() => ({
      text: document.body.innerText,
      overflows: document.documentElement.scrollWidth > window.innerWidth,
      figures: Object.fromEntries(Array.from(document.querySelectorAll('[data-figure]')).map((e) => [e.getAttribute('data-figure'), e.textContent!.trim()])),
      tables: Object.fromEntries(Array.from(document.querySelectorAll('table[data-table]')).map((t) => [t.getAttribute('data-table'), {
        rows: Array.from(t.querySelectorAll('tbody tr')).map((r) => Array.from(r.children).map((c) => c.textContent!.trim())),
        total: Array.from(t.querySelectorAll('tfoot tr > *')).map((c) => c.textContent!.trim()),
      }])),
      projects: Object.fromEntries(Array.from(document.querySelectorAll<HTMLAnchorElement>('table[data-table="projects"] tbody a')).map((a) => [a.textContent!.trim(), new URL(a.href).pathname])),
    }));
  } finally {
    await leavePhone(page);
  }
}

const invested = (rows: string[][]) => rows.reduce((sum, r) => sum + Math.round(Number(r[5]) * 100), 0);

describe('民生项目 and 村级财务', () => {
  it('lists projects on the county, township, village and fund pages with totals that add up, each project on its own page, on a 390 px phone', async () => {
    const county = await readOnPhone(BASE, 'county.png');
    expect(county.overflows).toBe(false);
    expect(sumColumn(county.tables['project-townships'].rows, 1)).toBe(invested(PROJECTS));
    expect(fen(county.figures['project-total'])).toBe(invested(PROJECTS));
    expect(county.text).toContain('2026年会同县民生项目（5 个民生项目，投资 2,182,800.50 元');
    for (const [township, amount] of county.tables['project-townships'].rows) {
      const page = await readOnPhone(`${BASE}/townships/${seg(township)}`);
      expect(page.figures['project-total']).toBe(amount);
      expect(sumColumn(page.tables.projects.rows, 1)).toBe(fen(amount));
    }
    const village = await readOnPhone(`${BASE}/townships/${seg('林城镇')}/${seg('金子村')}`, 'village.png');
    const own = PROJECTS.filter((p) => p[3] === '金子村');
    expect(village.overflows).toBe(false);
    expect(Object.keys(village.projects).sort()).toEqual(own.map((p) => p[0]).sort());
    expect(sumColumn(village.tables.projects.rows, 1)).toBe(invested(own));
    expect(fen(village.figures['project-total'])).toBe(invested(own));
    const fund = await readOnPhone(`${BASE}/by-fund/${seg(PROJECT_FUND[0])}`);
    expect(sumColumn(fund.tables.projects.rows, 1)).toBe(invested(PROJECTS));

    const road = await readOnPhone(village.projects[own[0][0]], 'project.png');
    expect(road.overflows).toBe(false);
    expect(fen(road.figures['project-amount'])).toBe(35_600_000);
    for (const words of ['金子村𡋀坪组通组道路硬化工程', '林城镇 金子村', '硬化通组道路 1.2 公里，宽 4.5 米', '林城镇人民政府', '2026-03-01', '未完工', '解决 86 户 320 人出行难', '我要监督']) expect(road.text).toContain(words);
    const township = (await readOnPhone(`${BASE}/townships/${seg('林城镇')}`)).projects['林城镇集中供水工程'];
    expect((await readOnPhone(township)).text).toContain('林城镇（全乡镇）');
  });

  it('shows 金子村\'s accounts per period: 收入 − 支出 = 结余, the lines adding up to each period and the periods to the 合计', async () => {
    const { tables, figures, text } = await readOnPhone(`${BASE}/townships/${seg('林城镇')}/${seg('金子村')}#ledger`, 'ledger.png');
    const periods = tables['ledger-periods'];
    expect(periods.rows.map((r: string[]) => r[0])).toEqual(['2026年第3季度', '2026年第2季度']);
    for (const [, income, expense, balance] of periods.rows) expect(fen(income) - fen(expense)).toBe(fen(balance));
    expect([fen(figures['ledger-income']), fen(figures['ledger-expense'])]).toEqual([sumColumn(periods.rows, 1), sumColumn(periods.rows, 2)]);
    const lines = LEDGER_LINES.filter((l) => l[1] === '金子村');
    const of = (kind: string) => lines.filter((l) => l[3] === kind).reduce((sum, l) => sum + Math.round(Number(l[6]) * 100), 0);
    expect(fen(figures['ledger-balance'])).toBe(of('收入') - of('支出'));
    for (const [label, income, expense] of periods.rows) {
      const detail = tables[`ledger-${label === '2026年第3季度' ? '2026-Q3' : '2026-Q2'}`];
      expect([sumColumn(detail.rows, 1), sumColumn(detail.rows, 2)]).toEqual([fen(income), fen(expense)]);
    }
    expect(text).toContain('𡋀坪组水渠清淤');
    for (const value of PRIVATE_VALUES) expect(text).not.toContain(value);
  });

  it('prints a project\'s A4 poster whose QR code opens the project\'s page', async () => {
    const village = await readOnPhone(`${BASE}/townships/${seg('林城镇')}/${seg('金子村')}`);
    const here = village.projects['金子村𡋀坪组通组道路硬化工程'];
    const response = await fetch(`${stack.url}${here}/poster.pdf`);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const file = path.join(OUT, 'project-poster.pdf');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n[\s\S]*Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const words of ['民生项目“码”上监督', '会同县·林城镇·金子村', '扫码查看本项目建设内容、投资和进度', '总投资356,000.00元', '项目状态在建']) expect(text).toContain(words);
    for (const value of PRIVATE_VALUES) expect(text).not.toContain(value);
    execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', file, path.join(OUT, 'project-poster')]);
    console.log(`project poster: ${OUT}/project-poster.png`);
    const { data, info } = await sharp(path.join(OUT, 'project-poster.png')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const code = jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
    expect(code).toBe(`${stack.url}${here}`);
    const opened = await fetch(code!);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('硬化通组道路 1.2 公里');
    expect((await fetch(`${stack.url}${BASE}/projects/0123456789abcdef/poster.pdf`)).status).toBe(404);

    // The township's projects at once, linked from its page: a page each, each code its project's page.
    const township = await readOnPhone(`${BASE}/townships/${seg('林城镇')}`);
    const all = path.join(OUT, 'township-projects.pdf');
    const printed = await fetch(`${stack.url}${BASE}/projects/posters/${seg('林城镇')}.pdf`);
    expect(printed.status).toBe(200);
    writeFileSync(all, Buffer.from(await printed.arrayBuffer()));
    execFileSync('pdftoppm', ['-r', '100', '-png', all, path.join(OUT, 'township-projects')]);
    const pages = PROJECTS.filter((p) => p[2] === '林城镇').length;
    const codes = await Promise.all(Array.from({ length: pages }, async (_, i) => {
      const { data: pixels, info: size } = await sharp(path.join(OUT, `township-projects-${i + 1}.png`)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return jsQR(new Uint8ClampedArray(pixels), size.width, size.height)?.data;
    }));
    expect(execFileSync('pdfinfo', [all], { encoding: 'utf8' })).toMatch(new RegExp(`Pages:\\s+${pages}\\n`));
    expect(codes.sort()).toEqual(Object.values(township.projects).map((href) => `${stack.url}${href}`).sort());
    expect((await fetch(`${stack.url}${BASE}/projects/posters/${seg('没有镇')}.pdf`)).status).toBe(404);
    expect(await (await fetch(`${stack.url}${BASE}/townships/${seg('林城镇')}`)).text()).toContain(`${BASE}/projects/posters/${seg('林城镇')}.pdf`);
  });

  it('refuses a sheet with a broken row in the middle, naming it, and changes nothing', async () => {
    const broken = [PROJECT_HEADER, ...PROJECTS.slice(0, 2), [...PROJECTS[2].slice(0, 5), '-4000', ...PROJECTS[2].slice(6)], ...PROJECTS.slice(3)]
      .map((r, i) => (i === 0 ? r : [`${r[0]}（二期）`, ...r.slice(1)]));
    const error = await fixture.run('projects', '--county', 'huitong', '--title', '二期', csvFile(fixture.dir, 'broken.csv', broken)).then(() => null, (e: { stderr: string }) => e);
    expect(error?.stderr).toContain('行 4：投资金额为负数：请填写项目的投资总额（大于 0）');
    const county = await readOnPhone(BASE);
    expect(fen(county.figures['project-total'])).toBe(invested(PROJECTS));
    const ledger = await fixture.run('ledgers', '--county', 'huitong', '--title', '重复', csvFile(fixture.dir, 'again.csv', [LEDGER_HEADER, LEDGER_LINES[0]])).then(() => null, (e: { stderr: string }) => e);
    expect(ledger?.stderr).toMatch(/行 2：林城镇金子村2026年第2季度的账目已在批次 \d+ 中公开：要修改请作为更正导入/);
  });

  it('replaces the projects\' batch with its correction: new figures with the 更正 note, the old kept as history, totals still adding up', async () => {
    const corrected = PROJECTS.map((r) => (r[0] === '金子村𡋀坪组通组道路硬化工程' ? [...r.slice(0, 5), '349800', ...r.slice(6, 8), '2026-11-20', '已完工', ...r.slice(10)] : r));
    const out = await fixture.run('projects', '--county', 'huitong', '--title', '2026年会同县民生项目（更正）', '--replaces', String(projectBatch),
      '--note', '金子村𡋀坪组道路按决算更正为 349,800 元，已完工', csvFile(fixture.dir, 'corrected.csv', [PROJECT_HEADER, ...corrected]));
    await fixture.run('live', /批次 (\d+)/.exec(out)![1]);
    const village = await readOnPhone(`${BASE}/townships/${seg('林城镇')}/${seg('金子村')}`);
    const road = await readOnPhone(village.projects['金子村𡋀坪组通组道路硬化工程'], 'corrected.png');
    expect([road.figures['project-amount'], road.figures['project-status']]).toEqual(['349,800.00', '已完工']);
    expect(road.text).toContain('更正：金子村𡋀坪组道路按决算更正为 349,800 元，已完工');
    expect(road.text).toContain('2026年会同县民生项目：投资 356,000.00 元，在建'); // the version it corrected
    const county = await readOnPhone(BASE);
    expect(fen(county.figures['project-total'])).toBe(invested(corrected));
    expect(sumColumn(county.tables['project-townships'].rows, 1)).toBe(invested(corrected));
    expect(county.text).toContain('本批更正“2026年会同县民生项目”。金子村𡋀坪组道路按决算更正为 349,800 元，已完工');
    // The feed of new disclosures: the correction in its batch's place, and the ledger's batch, as a feed reader sees them.
    const feed = await new Parser().parseString(await (await fetch(`${stack.url}${BASE}/feed.atom`)).text());
    const titles = feed.items.map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['2026年会同县民生项目（更正）', '林城镇2026年二、三季度村级财务']));
    expect(titles).not.toContain('2026年会同县民生项目');
    const entry = feed.items.find((i) => i.title === '2026年会同县民生项目（更正）')!;
    expect(entry.contentSnippet).toContain(`民生项目 ${PROJECTS.length} 个，投资合计 ${YUAN(invested(corrected) / 100)} 元`);
    expect(entry.contentSnippet).toContain('金子村𡋀坪组道路按决算更正为 349,800 元，已完工');
  });

  it('hands out empty import templates whose headers the import reads', async () => {
    const response = await fetch(`${stack.url}/funds/templates/projects.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(seg('民生项目导入模板.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    expect((book.worksheets[0].getRow(1).values as string[]).slice(1)).toEqual(PROJECT_HEADER.slice(0, 11));
    const ledger = Buffer.from(await (await fetch(`${stack.url}/funds/templates/ledgers.csv`)).arrayBuffer()).toString('utf8'); // with its BOM, for Excel
    expect(ledger).toBe('\uFEFF' + `${LEDGER_HEADER.slice(0, 8).join(',')}\r\n`);
    expect((await fetch(`${stack.url}/funds/templates/nothing.xlsx`)).status).toBe(404);
  });
});
}

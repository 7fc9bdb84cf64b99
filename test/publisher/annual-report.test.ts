import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { missingGlyphs } from '@tongyuan/channels';
import { renderAnnualReportHtml, reportMissingGlyphs } from '../../publisher/src/reports/annual-report';
import { onTimeRate, percent } from '../../publisher/src/reports/format';
import { ReportPrinter } from '../../publisher/src/reports/report-pdf';
import type { AccountReport, AnnualReportData, DepartmentReport } from '../../publisher/src/reports/report-data';
import { launchChromium } from '../support/browser';

/**
 * The annual report renderer (issue 9) on a realistic year: eight departments (one with nothing
 * published), forty accounts, a rare character (𠮷) in a village's name. The page is opened in
 * Chromium at A4 and desktop widths, printed to PDF and rasterised with poppler.
 * Set REPORT_OUT=dir to keep the HTML, PDF and page images for a look.
 */
const FORMATS = { graphic_text: '图文', qa: '问答', image: '图片', video: '视频', short_video: '短视频' };
const CHANNELS = { web: '网站', feeds: '订阅源', wechat: '微信', weibo: '微博', kiosk: '触摸屏', cinema: '电影映前', 'short-video': '短视频' };

function department(code: string, name: string, formats: number[], channels: number[], pulls: number, downloads: number, q: [number, number, number, number]): DepartmentReport {
  const pick = <T extends Record<string, string>>(names: T, counts: number[]) =>
    Object.entries(names).map(([key, label], i) => ({ key, name: label, count: counts[i] ?? 0 })).filter((x) => x.count > 0);
  return {
    code, name, interpretations: formats.reduce((a, b) => a + b, 0),
    byFormat: pick(FORMATS, formats).map(({ key, name: n, count }) => ({ format: key, name: n, count })),
    byChannel: pick(CHANNELS, channels).map(({ key, name: n, count }) => ({ channel: key, name: n, count })),
    feedPulls: pulls, downloads, questions: { received: q[0], answered: q[1], answeredOnTime: q[2], overdueOpen: q[3] },
  };
}

const DEPARTMENTS: DepartmentReport[] = [
  department('jx-tax', '莒县税务局', [20, 12, 8, 4, 2], [46, 46, 40, 22, 10, 0, 6], 18234, 3120, [120, 114, 105, 3]),
  department('yc-hrss', '宜春市人力资源和社会保障局', [31, 15, 7, 3, 2], [58, 58, 51, 44, 12, 4, 9], 40210, 8233, [210, 200, 196, 4]),
  department('jx-office', '县政府办公室', [25, 6, 3, 0, 1], [35, 35, 30, 28, 20, 2, 1], 25871, 5022, [64, 60, 48, 1]),
  department('jx-medical', '莒县医疗保障局', [14, 9, 5, 2, 3], [33, 33, 29, 10, 14, 3, 5], 9120, 2411, [96, 90, 88, 2]),
  department('jx-agri', '莒县农业农村局', [9, 3, 6, 4, 6], [28, 20, 25, 6, 18, 12, 10], 4410, 1980, [31, 25, 19, 4]),
  department('yc-edu', '宜春市袁州区教育体育局', [12, 8, 2, 1, 0], [23, 23, 20, 15, 3, 0, 0], 7702, 1204, [58, 58, 58, 0]),
  department('yc-street', '宜春市袁州区人民政府金园街道办事处社会事务和综合治理办公室', [4, 2, 1, 0, 0], [7, 7, 5, 0, 2, 0, 0], 611, 95, [9, 6, 3, 2]),
  department('jx-archives', '莒县档案馆', [], [], 0, 0, [0, 0, 0, 0]),
];

const PLATFORMS = [['wechat', '微信公众号'], ['weibo', '微博'], ['douyin', '抖音'], ['web', '门户网站'], ['kiosk', '村级触摸屏']] as const;
const ACCOUNT_NAMES = ['莒县发布', '宜春发布', '政在开讲', '莒县人民政府', '𠮷家村便民服务点', '莒县税务', '宜春人社', '莒县医保', '袁州教育', '金园街道'];
const ADMINS = ['王建国', '李秀英', '张伟', '刘𠮷', '陈静', '杨帆', '赵磊', '黄婷'];

const ACCOUNTS: AccountReport[] = Array.from({ length: 40 }, (_, i) => {
  const [platform, platformName] = PLATFORMS[i % PLATFORMS.length];
  const dept = DEPARTMENTS[i % 7];
  return {
    code: `acct-${i + 1}`, name: i === 2 ? '政在开讲' : `${ACCOUNT_NAMES[i % ACCOUNT_NAMES.length]}${i >= ACCOUNT_NAMES.length ? `（${Math.floor(i / ACCOUNT_NAMES.length) + 1}）` : ''}`,
    platform, platformName, department: dept.name, administrator: ADMINS[i % ADMINS.length],
    openedOn: `20${15 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}`,
    published: (i * 37) % 90 + (i === 7 ? 0 : 3), feedPulls: platform === 'web' ? 12000 + i * 311 : (i * 53) % 700, downloads: (i * 97) % 1500,
    // Three accounts went quiet in the autumn; one never published.
    lastUpdateAt: i === 7 ? null : i % 13 === 5 ? '2026-10-08T02:00:00Z' : `2026-12-${String(20 + (i % 10)).padStart(2, '0')}T01:30:00Z`,
    findings: i % 6 === 0 ? 2 : i % 11 === 0 ? 1 : 0,
  };
});
ACCOUNTS[20].name = '🎉莒县发布 新年特刊';

const sum = (f: (d: DepartmentReport) => number) => DEPARTMENTS.reduce((a, d) => a + f(d), 0);
const DATA: AnnualReportData = {
  year: 2026, generatedAt: '2027-01-05T01:30:00Z', issuer: '莒县人民政府办公室',
  scope: { kind: 'all', code: null, name: '全部' },
  totals: {
    interpretations: sum((d) => d.interpretations), renditions: sum((d) => d.byChannel.reduce((a, c) => a + c.count, 0)),
    feedPulls: sum((d) => d.feedPulls), downloads: sum((d) => d.downloads),
    questionsReceived: sum((d) => d.questions.received), questionsAnswered: sum((d) => d.questions.answered),
    answeredOnTime: sum((d) => d.questions.answeredOnTime), questionsOverdueOpen: sum((d) => d.questions.overdueOpen),
  },
  departments: DEPARTMENTS,
  accounts: ACCOUNTS,
  monthly: Array.from({ length: 12 }, (_, m) => ({
    month: `2026-${String(m + 1).padStart(2, '0')}`, published: [18, 12, 30, 26, 22, 35, 20, 16, 28, 31, 24, 40][m],
    feedPulls: 6000 + m * 900 + (m % 3) * 1500, downloads: 1200 + m * 130, questions: [40, 22, 61, 55, 48, 70, 39, 33, 52, 60, 47, 61][m],
  })),
  // Grid workers' 明白纸 and the villages' programmes, counted for the county and the department whose file it was.
  downloadPlaces: {
    byCounty: [
      { code: 'juxian', name: '莒县', total: 1830, channels: [{ channel: 'print', name: '印刷品', count: 1200 }, { channel: 'audio', name: '音频节目', count: 630 }] },
      { code: 'huitong', name: '会同县', total: 412, channels: [{ channel: 'print', name: '印刷品', count: 412 }] },
    ],
    byDepartment: [
      { code: 'jx-healthcare', name: '莒县医疗保障局', total: 900, channels: [{ channel: 'print', name: '印刷品', count: 600 }, { channel: 'audio', name: '音频节目', count: 300 }] },
      { code: 'ht-housing', name: '会同县住房和城乡建设局', total: 412, channels: [{ channel: 'print', name: '印刷品', count: 412 }] },
    ],
    unattributed: [{ channel: 'print', name: '印刷品', count: 77 }],
  },
};

const OUT = process.env.REPORT_OUT ?? path.join(os.tmpdir(), `annual-report-${process.pid}`);
let browser: Browser;
/** As the publisher prints it (its one Chromium for PDFs). */
const printer = new ReportPrinter({ chromiumPath: '/usr/bin/chromium' });
let html: string;
let htmlMs: number;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const started = performance.now();
  html = await renderAnnualReportHtml(DATA);
  htmlMs = performance.now() - started;
  writeFileSync(path.join(OUT, 'report.html'), html);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await printer.close();
  if (!process.env.REPORT_OUT) rmSync(OUT, { recursive: true, force: true });
});

async function open(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

/** The page without its embedded font, whose base64 would match any short pattern. */
const markup = (page: string) => page.replace(/url\(data:font\/woff2;base64,[^)]*\)/g, 'url(font)');

/** The embedded regular face, decoded from the page's @font-face. */
function embeddedFont(source: string): fontkit.Font {
  const base64 = /font-weight:400;[^}]*base64,([A-Za-z0-9+/=]+)/.exec(source)?.[1];
  expect(base64).toBeDefined();
  return fontkit.create(Buffer.from(base64!, 'base64')) as fontkit.Font;
}

it('is one self-contained page, the same for the same data, and rendered without hanging', async () => {
  const started = performance.now();
  const again = await renderAnnualReportHtml(DATA);
  const warmMs = performance.now() - started;
  console.log(`annual report HTML: ${Math.round(htmlMs)} ms cold, ${Math.round(warmMs)} ms warm, ${Math.round(html.length / 1024)} KB`);
  expect(again).toBe(html);
  expect(html).toMatch(/^<!DOCTYPE html>/);
  expect(html).toContain('2026 年度政务新媒体与政策解读发布报告');
  expect(markup(html)).not.toMatch(/<(script|link|img)\b|src="http|NaN|undefined|Infinity/);
  // A bound to catch a hang, not a speed claim (the figure above is logged; speed is the bench's job).
  expect(htmlMs).toBeLessThan(60_000);
});

it('shows charts with bars and lines for formats, channels, months and questions', async () => {
  const page = await open(794, 1123);
  const charts = await page.$$eval('figure.chart', (figures) => figures.map((f) => ({
    title: f.querySelector('figcaption')!.textContent!,
    bars: f.querySelectorAll('svg path[ecmeta_ssr_type="chart"]').length,
    texts: Array.from(f.querySelectorAll('svg text')).map((t) => t.textContent).join('|'),
    font: getComputedStyle(f.querySelector('svg text')!).fontFamily,
  })));
  await page.close();
  expect(charts.map((c) => c.title.replace(/（.*$/, ''))).toEqual(['月度趋势', '各部门解读发布量', '各渠道发布量', '各部门公众提问答复情况']);
  const [monthly, formats, channels, questions] = charts;
  const nonZeroFormatCells = DEPARTMENTS.reduce((a, d) => a + d.byFormat.length, 0);
  expect(formats.bars).toBeGreaterThanOrEqual(nonZeroFormatCells);
  expect(channels.bars).toBeGreaterThanOrEqual(6);
  expect(monthly.bars).toBeGreaterThanOrEqual(24);
  expect(questions.bars).toBeGreaterThanOrEqual(14);
  expect(formats.texts).toContain('宜春市人力资源和社会保障局');
  expect(monthly.texts).toContain('12月');
  expect(questions.texts).toContain('89.7%'); // 莒县税务局: 105 on time of 114 answered + 3 overdue
  for (const c of charts) expect(c.font).toContain('TongyuanReportSans');
});

it.each([[794, 1123, 'A4'], [1280, 800, 'desktop'], [390, 844, 'phone']])('has no horizontal overflow at %i px (%s)', async (width, height, label) => {
  const page = await open(width, height);
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    // At A4 and desktop widths tables fit their column; only a phone may scroll one sideways.
    tables: Array.from(document.querySelectorAll('.table-wrap')).map((w) => w.scrollWidth - w.clientWidth),
    charts: Array.from(document.querySelectorAll('figure.chart svg')).map((s) => s.getBoundingClientRect().right - s.parentElement!.getBoundingClientRect().right),
  }));
  await page.close();
  expect(overflow.page).toBeLessThanOrEqual(0);
  for (const c of overflow.charts) expect(c).toBeLessThanOrEqual(0.5);
  if (label !== 'phone') expect(Math.max(...overflow.tables)).toBeLessThanOrEqual(0);
});

it('draws every character with the embedded font, rare names included, emoji left out', async () => {
  const page = await open(794, 1123);
  const { text, faces } = await page.evaluate(() => ({
    text: document.body.innerText + Array.from(document.querySelectorAll('svg text')).map((t) => t.textContent).join(''),
    faces: Array.from(document.fonts as unknown as Iterable<FontFace>).map((f) => `${f.family} ${f.weight} ${f.status}`),
  }));
  await page.close();
  expect(faces.sort()).toEqual(['TongyuanReportSans 400 loaded', 'TongyuanReportSans 700 loaded']);
  expect(text).toContain('𠮷家村便民服务点');
  expect(text).toContain('莒县发布 新年特刊');
  expect(text).not.toContain('🎉');
  expect(missingGlyphs(text)).toEqual([]);
  const font = embeddedFont(html);
  const absent = [...new Set(text)].filter((ch) => !/\s/.test(ch) && !font.hasGlyphForCodePoint(ch.codePointAt(0)!));
  expect(absent).toEqual([]);
  expect(reportMissingGlyphs(DATA)).toEqual([]);
  expect(reportMissingGlyphs({ ...DATA, scope: { kind: 'account', code: 'x', name: '𰀀村' } })).toEqual(['𰀀']);
});

it('shows the figures of the data: totals, 按时答复率, zero departments as —, all forty accounts', async () => {
  const page = await open(1280, 800);
  const read = (selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText.trim());
  expect(await read('#questions-table tr[data-code="jx-tax"] .rate')).toBe('89.7%');
  expect(await read('#questions-table tr[data-code="yc-hrss"] .rate')).toBe('96.1%');
  expect(await read('#questions-table tr[data-code="jx-archives"] .rate')).toBe('—');
  expect(await read('#questions-table tfoot .rate')).toBe(percent(DATA.totals.answeredOnTime, DATA.totals.questionsAnswered + DATA.totals.questionsOverdueOpen));
  expect(await read('#kpi-on-time .value')).toBe(await read('#questions-table tfoot .rate'));
  expect(await read('#formats-table tr[data-code="jx-archives"]')).toContain('本年度无发布');
  expect(await read('#channels-table tr[data-code="yc-hrss"] td:last-child')).toBe('8,233');
  expect(await read('#accounts-table tr[data-code="acct-8"]')).toContain('从未发布');
  expect(await page.$$eval('#accounts-table tbody tr', (rows) => rows.length)).toBe(40);
  expect(await page.$$eval('#accounts-table td.stale', (cells) => cells.length)).toBe(ACCOUNTS.filter((a) => !a.lastUpdateAt || a.lastUpdateAt < '2026-12-17').length);
  // Downloads by county and by department, a column per channel (印刷品, 音频节目); booklets and joined files apart.
  const row = async (selector: string) => (await read(selector)).replace(/\s+/g, '');
  expect(await row('#downloads-by-county thead tr')).toBe('区县印刷品音频节目合计');
  expect(await row('#downloads-by-county tr[data-code="juxian"]')).toBe('莒县1,2006301,830');
  expect(await row('#downloads-by-department tr[data-code="jx-healthcare"]')).toBe('莒县医疗保障局600300900');
  expect(await row('#downloads-by-department tr[data-code="ht-housing"]')).toBe('会同县住房和城乡建设局4120412');
  expect(await read('.table-wrap:has(#downloads-by-department) + p')).toContain('印刷品 77 次');
  const kpis = await page.$$eval('.kpis li', (items) => items.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, '')));
  expect(kpis).toContain(`发布政策解读${DATA.totals.interpretations}篇`);
  expect(kpis).toContain(`订阅源拉取${DATA.totals.feedPulls.toLocaleString('en-US')}次`);
  await page.close();
});

it('escapes names and survives an empty year (no departments, accounts or questions)', async () => {
  const hostile = { ...DATA, departments: [{ ...DEPARTMENTS[0], name: '<script>alert(1)</script>莒县&局' }], accounts: [{ ...ACCOUNTS[0], name: '"><img src=x onerror=alert(1)>' }] };
  const marked = await renderAnnualReportHtml(hostile);
  expect(marked).not.toMatch(/<script>alert|<img src=x/);
  expect(marked).toContain('&lt;script&gt;alert(1)&lt;/script&gt;莒县&amp;局');
  const zero = { received: 0, answered: 0, answeredOnTime: 0, overdueOpen: 0 };
  expect(onTimeRate(zero)).toBe('—');
  const empty = await renderAnnualReportHtml({ ...DATA, departments: [], accounts: [], monthly: [], totals: { interpretations: 0, renditions: 0, feedPulls: 0, downloads: 0, questionsReceived: 0, questionsAnswered: 0, answeredOnTime: 0, questionsOverdueOpen: 0 } });
  expect(markup(empty)).not.toMatch(/NaN|undefined|Infinity|<svg/);
  expect(empty).toContain('本范围内没有政务新媒体账号');
});

it('splits many departments over several charts, each short enough for one printed page', async () => {
  const many = Array.from({ length: 45 }, (_, i) => ({ ...DEPARTMENTS[i % DEPARTMENTS.length], code: `d${i}`, name: `${DEPARTMENTS[i % DEPARTMENTS.length].name}${i}` }));
  const big = await renderAnnualReportHtml({ ...DATA, departments: many });
  const page = await browser.newPage({ viewport: { width: 688, height: 994 } }); // A4's text column (182 mm × 263 mm) at 96 dpi
  await page.emulateMedia({ media: 'print' });
  await page.setContent(big, { waitUntil: 'load' });
  const figures = await page.$$eval('figure.chart', (fs) => fs.map((f) => ({ title: f.querySelector('figcaption')!.textContent!, height: f.getBoundingClientRect().height })));
  await page.close();
  const formatCharts = figures.filter((f) => f.title.startsWith('各部门解读发布量'));
  expect(formatCharts.length).toBeGreaterThanOrEqual(3);
  expect(formatCharts[0].title).toContain(`（1/${formatCharts.length}）`);
  for (const f of figures) expect(f.height).toBeLessThan(994);
});

it('prints to an A4 PDF with the embedded font only, every page showing something', async () => {
  const started = performance.now();
  const pdf = await printer.print(html);
  console.log(`annual report PDF: ${Math.round(performance.now() - started)} ms, ${Math.round(pdf.length / 1024)} KB`);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const file = path.join(OUT, 'report.pdf');
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  expect(pages).toBeGreaterThanOrEqual(5);
  expect(pages).toBeLessThanOrEqual(12);
  // Chromium writes the CFF-based web font as Type 3 glyph outlines (embedded, with a Unicode map);
  // a named system font here (DejaVu, Liberation) would mean some character fell back.
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  expect(fonts.length).toBeGreaterThan(0);
  for (const line of fonts) expect(line).toMatch(/^\[none\]\s+Type 3\s+Custom\s+yes\s+\S+\s+yes\b/);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('莒县税务局');
  expect(text.replace(/\s+/g, '')).toContain(`第1页共${pages}页`); // the @page footer; pdftotext drops its spaces
  execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(OUT, 'page')]);
  const images = readdirSync(OUT).filter((f) => /^page-\d+\.png$/.test(f)).sort();
  expect(images).toHaveLength(pages);
  for (const image of images) {
    const { data, info: raw } = await sharp(path.join(OUT, image)).greyscale().raw().toBuffer({ resolveWithObject: true });
    let inked = 0;
    for (const v of data) if (v < 200) inked++;
    expect(raw.width).toBe(496);
    expect(inked / data.length).toBeGreaterThan(0.01);
  }
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import IDValidator from 'id-validator';
import { createDb, migrate, type Db } from '../store/db';
import { FundRosterStore } from '../store/fund-rosters';
import { FundStore } from '../store/funds';
import { writeCrossChecksCsv, writeCrossChecksXlsx } from './cross-check-export';
import { runCrossChecks, type CrossCheckReport } from './cross-checks';
import { importFundCatalog, importVillages } from './import-catalog';
import { importPayments } from './import-payments';
import { importDeparted, importOfficials } from './import-rosters';
import { TEMPORARY_STORES } from '../../../test/support/temporary-stores';

/**
 * 数据碰撞 on both stores: a county's payments with exactly one planted case of each kind among clean
 * rows — including a fund paid every month, a batch replaced by its correction and a batch not yet
 * live, none of which may be flagged — each found with its rows and nothing else; the rosters'
 * row errors; the auditors' xlsx and CSV read back.
 */
const COUNTY = 'huitong';
const SECRET = 'test-hook-secret-0123456789abcdef';
const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-checks-'));
const validator = new IDValidator();
const ids = [...new Set(Array.from({ length: 40 }, () => validator.makeID()))].slice(0, 12);
const HEADER = ['资金名称', '乡镇', '村（社区）', '姓名', '身份证号码', '发放金额（元）', '发放日期', '补贴项目'];
const NAMES = ['杨一', '杨二', '杨三', '杨四', '杨五', '杨六', '杨七', '杨八', '杨九', '杨十', '杨官', '杨外'];
const place = (i: number) => (i % 2 ? '金子村' : '新联村');
const land = (i: number, amount = '105.00', village = place(i), day = '2026-04-15') => ['耕地地力保护补贴', '林城镇', village, NAMES[i], ids[i], amount, day, '2026年耕地地力保护补贴'];
const relief = (i: number, month: number) => ['城乡低保', '林城镇', place(i), NAMES[i], ids[i], '500', `2026-${String(month).padStart(2, '0')}-10`, `2026年${month}月`];

const csv = (name: string, rows: unknown[][]) => {
  const file = path.join(dir, name);
  writeFileSync(file, rows.map((r) => r.map((c) => `"${String(c ?? '').replace(/"/g, '""')}"`).join(',')).join('\r\n'));
  return { path: file, fileName: name, county: COUNTY };
};

const stores = TEMPORARY_STORES;

describe.each(stores)('%s', (_label, open) => {
  let db: Db;
  let done: () => Promise<void>;
  let report: CrossCheckReport;
  let deps: { db: Db; funds: FundStore; rosters: FundRosterStore; clock: () => Date; config: { HOOK_SECRET: string } };

  beforeAll(async () => {
    ({ db, done } = await open());
    await migrate(db);
    deps = { db, funds: new FundStore(db), rosters: new FundRosterStore(db), clock: () => new Date('2026-05-01T02:00:00Z'), config: { HOOK_SECRET: SECRET } };
    await importVillages(deps.funds, csv('villages.csv', [['乡镇', '村'], ['林城镇', '金子村'], ['林城镇', '新联村']]));
    await importFundCatalog(deps.funds, csv('funds.csv', [['资金名称', '补助标准（元）', '开始日期', '结束日期'],
      ['耕地地力保护补贴', '105', '2026-01-01', '2026-12-31'], ['城乡低保', '500', '2026-01-01', '2026-12-31'], ['临时救助', '', '2026-01-01', '2026-12-31']]));
    const live = async (name: string, rows: unknown[][], more = {}) => {
      const batch = await importPayments(deps, { ...csv(name, [HEADER, ...rows]), title: name, ...more });
      await deps.funds.goLive(batch.batchId, '2026-05-01T03:00:00Z');
      return batch.batchId;
    };
    // April's land subsidy, then its correction: the first stays as history and must not count twice.
    const landRows = Array.from({ length: 10 }, (_, i) => land(i)); // 杨五 (i = 4) is an official's spouse: on the roster (planted)
    const first = await live('land.csv', landRows);
    await live('land-corrected.csv', [...landRows.slice(0, 2), land(2, '150.00'), ...landRows.slice(3), land(1, '105.00', '新联村', '2026-04-20')],
      { replaces: first, correctionNote: '更正两户' }); // planted: 杨三 above the standard of 105; 杨二 again, in a second village
    // 城乡低保 monthly, January to April, item by month: not repeats. 杨四 died on 10 February (planted).
    await live('relief.csv', [3, 5, 6].flatMap((i) => [1, 2, 3, 4].map((m) => relief(i, m))));
    // A batch not yet signed off, full of repeats: not looked at.
    await importPayments(deps, { ...csv('staged.csv', [HEADER, land(0), land(0), land(0)]), title: 'staged' });
    await importDeparted(deps, csv('departed.csv', [['姓名', '身份证号', '类型', '日期', '备注'],
      [NAMES[3], ids[3], '死亡', '2026-02-10', '村委会报告'], [NAMES[5], ids[5], '迁出', '2026-06-01', ''], [NAMES[11], ids[11], '去世', '2026年1月3日', '']]));
    await importOfficials(deps, csv('officials.csv', [['乡镇', '村（社区）', '姓名', '身份证号', '职务', '关系', '户主身份证号'],
      ['林城镇', '新联村', NAMES[10], ids[10], '村委会主任', '本人', ''], ['林城镇', '新联村', NAMES[4], ids[4], '村委会主任', '配偶', ids[10]]]));
    report = await runCrossChecks(deps, { county: COUNTY, from: '2026-01-01', to: '2026-12-31' });
  });
  afterAll(() => done());

  it('finds the one planted case of each kind, with its rows, and nothing else', () => {
    const { repeat, aboveStandard, afterDeparture, official } = report.findings;
    expect(report).toMatchObject({ checkedRows: 11 + 12, rosters: { departed: 3, officials: 2 } });
    expect(repeat).toHaveLength(1);
    expect(repeat[0]).toMatchObject({ name: '杨二', idNumber: ids[1], fund: '耕地地力保护补贴',
      reason: '同一月份领取多次（2026-04）；同一补贴项目领取多次（“2026年耕地地力保护补贴”）；在 2 个村(社区)领取（林城镇金子村、林城镇新联村）' });
    expect(repeat[0].rows.map((r) => [r.village, r.paidOn, r.rowNumber])).toEqual([['金子村', '2026-04-15', 3], ['新联村', '2026-04-20', 12]]);
    expect(aboveStandard).toHaveLength(1);
    expect(aboveStandard[0]).toMatchObject({ name: '杨三', reason: '补助标准 105.00 元，1 笔超过标准，合计多发 45.00 元' });
    expect(aboveStandard[0].rows).toEqual([expect.objectContaining({ amountFen: 15_000, rowNumber: 4, idNumber: ids[2], township: '林城镇', village: '新联村' })]);
    expect(afterDeparture).toHaveLength(1);
    expect(afterDeparture[0]).toMatchObject({ name: '杨四', reason: '2026-02-10 死亡（村委会报告），此后领取 3 笔，合计 1105.00 元' });
    expect(afterDeparture[0].rows.map((r) => [r.fund, r.paidOn])).toEqual([['城乡低保', '2026-03-10'], ['城乡低保', '2026-04-10'], ['耕地地力保护补贴', '2026-04-15']]); // paid on the day itself: not after it
    expect(official).toHaveLength(1);
    expect(official[0]).toMatchObject({ name: '杨五', idNumber: ids[4], reason: '林城镇新联村村委会主任杨官（村委会主任）的配偶；领取 1 笔，合计 105.00 元' });
    expect(official[0].rows).toHaveLength(1);
    // Nothing from the replaced batch or the one not yet live.
    expect(Object.values(report.findings).flat().flatMap((f) => f.rows.map((r) => r.batchId))).toEqual(Array(7).fill(expect.any(Number)));
    expect(new Set(Object.values(report.findings).flat().flatMap((f) => f.rows.map((r) => r.batchId))).size).toBe(2);
  });

  it('refuses a roster with bad rows, naming each, and keeps the roster it had', async () => {
    const bad = csv('bad-departed.csv', [['姓名', '身份证号码', '类型', '死亡日期'],
      [NAMES[0], ids[0], '失踪', '2026-03-01'], [NAMES[1], ids[1].slice(0, 17) + (ids[1][17] === '1' ? '2' : '1'), '死亡', '2026-03-01'],
      [NAMES[2], ids[2], '迁出', '2026/2/30'], [NAMES[6], ids[2], '死亡', '2026-03-01']]);
    const error = await importDeparted(deps, bad).then(() => null, (e: { details: { errors: string[] } }) => e);
    expect(error!.details.errors).toEqual([
      '行 2：类型“失踪”应为“死亡”或“迁出”', '行 3：身份证号校验位不正确（请核对最后一位和各位数字）',
      '行 4：日期“2026/2/30”不是日期（请写成 2026-03-05 或 2026年3月5日）', '行 5：身份证号与第 4 行重复：每人只列一行']);
    const officials = csv('bad-officials.csv', [['乡镇', '村', '姓名', '身份证号', '职务', '关系'], ['林城镇', '石门村', NAMES[0], ids[0], '村支书', '本人'], ['林城镇', '金子村', NAMES[1], ids[1], '', '本人']]);
    const refused = await importOfficials(deps, officials).then(() => null, (e: { details: { errors: string[] } }) => e);
    expect(refused!.details.errors).toEqual(['行 2：林城镇没有“石门村”这个村(社区)：请核对村名，或先更新村名单', '行 3：职务为空']);
    expect(await deps.rosters.sizes(COUNTY)).toEqual({ departed: 3, officials: 2 });
  });

  it('writes the auditors\' xlsx, a sheet per kind with full names and ID numbers, and a CSV', async () => {
    const file = path.join(dir, `checks-${_label}.xlsx`);
    await writeCrossChecksXlsx(report, file, new Date('2026-05-02T00:00:00Z'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['说明', '重复领取', '超标准发放', '死亡迁出后仍领取', '村干部及亲属领取']);
    const values = (name: string) => book.getWorksheet(name)!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(values('重复领取')[0]).toEqual(['线索编号', '线索说明', '姓名', '身份证号', '资金名称', '乡镇', '村(社区)', '发放金额(元)', '发放日期', '补贴项目', '批次号', '表内行号']);
    expect(values('重复领取').slice(1).map((r) => [r[0], r[2], r[3], r[6], r[11]])).toEqual([['CF-0001', '杨二', ids[1], '金子村', 3], ['CF-0001', '杨二', ids[1], '新联村', 12]]);
    expect(values('超标准发放')[1].slice(2, 8)).toEqual(['杨三', ids[2], '耕地地力保护补贴', '林城镇', '新联村', 150]);
    expect(values('死亡迁出后仍领取')).toHaveLength(4);
    expect(values('村干部及亲属领取')[1][1]).toContain('的配偶');
    expect(values('说明').map((r) => r.join(' '))).toEqual(expect.arrayContaining(['区县 huitong', '核查发放明细 23 行（已公开批次）', '重复领取 1 条线索，2 行发放明细']));

    const csvFile = path.join(dir, `checks-${_label}.csv`);
    await writeCrossChecksCsv(report, csvFile);
    const text = readFileSync(csvFile, 'utf8');
    expect(text.startsWith('\uFEFF类别,线索编号,线索说明,姓名,身份证号')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(1 + 7);
    expect(text).toContain(`超标准发放,CB-0001,补助标准 105.00 元，1 笔超过标准，合计多发 45.00 元,杨三,${ids[2]},耕地地力保护补贴,林城镇,新联村,150.00,2026-04-15,2026年耕地地力保护补贴,2,4\r\n`);
  });
});

describe('the command line (npm run funds -- deceased / officials / checks)', () => {
  it('imports a roster and writes the auditors\' file', async () => {
    const database = `file:${path.join(mkdtempSync(path.join(dir, 'cli-')), 'publisher.db')}`;
    const db = createDb(database);
    await migrate(db);
    const funds = new FundStore(db);
    await importVillages(funds, csv('cli-villages.csv', [['乡镇', '村'], ['林城镇', '金子村'], ['林城镇', '新联村']]));
    await importFundCatalog(funds, csv('cli-funds.csv', [['资金名称', '补助标准', '开始日期', '结束日期'], ['耕地地力保护补贴', '105', '2026-01-01', '2026-12-31']]));
    const batch = await importPayments({ db, funds, clock: () => new Date(), config: { HOOK_SECRET: SECRET } }, { ...csv('cli-payments.csv', [HEADER, land(0), land(1), land(1, '105', '金子村', '2026-04-30')]), title: '四月' });
    await funds.goLive(batch.batchId, new Date().toISOString());
    await db.destroy();
    const run = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'main', 'funds-cli.ts'), ...args], {
      env: { ...process.env, DATABASE_URL: database, HOOK_SECRET: SECRET, LOG_LEVEL: 'error' }, encoding: 'utf8',
    });
    const roster = csv('cli-departed.csv', [['姓名', '身份证号', '类型', '日期'], [NAMES[0], ids[0], '迁出', '2026-03-01']]);
    expect(run('deceased', '--county', COUNTY, roster.path)).toBe('已导入死亡/迁出名单 1 人（替换原名单）\n');
    expect(run('checks', '--county', COUNTY, '--from', '2026-01-01', '--to', '2026-12-31', '--out', path.join(dir, '数据碰撞.xlsx')))
      .toBe(`核查 3 行：重复领取 1 条，超标准发放 0 条，死亡迁出后仍领取 1 条，村干部及亲属领取 0 条。已写入 ${path.join(dir, '数据碰撞.xlsx')}（内部资料，不得公开）\n`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(dir, '数据碰撞.xlsx'));
    expect(book.getWorksheet('死亡迁出后仍领取')!.getRow(2).getCell(4).value).toBe(ids[0]);
  }, 60_000);
});

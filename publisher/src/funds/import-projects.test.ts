import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrate, type Db } from '../store/db';
import { FundProjectStore } from '../store/fund-projects';
import { FundStore } from '../store/funds';
import { importFundCatalog, importVillages } from './import-catalog';
import { importLedgers, importProjects, type BatchUpload } from './import-projects';
import { sheetTemplateXlsx } from './import-templates';
import { mapColumns } from './columns';
import { readSheet } from './sheet';
import { PROJECT_COLUMNS } from './project-rows';
import { refusal, sheetWriter } from '../../../test/support/fund-sheets';
import { TEMPORARY_STORES } from '../../../test/support/temporary-stores';

/**
 * 民生项目 and 村级财务 sheets on both stores: a broken row in the middle leaves nothing stored and is
 * named; each bad cell says what to fix; a project or a village's period already live is refused
 * unless the sheet is a correction, which replaces its batch with a 更正 note and keeps the old one;
 * phone and bank columns are never stored, and a 摘要 holding a person's number is refused.
 */
const COUNTY = 'huitong';
const { dir, csv, xlsx } = sheetWriter('tongyuan-projects-');
const PROJECT_HEADER = ['项目名称', '资金名称', '乡镇', '村（社区）', '建设内容', '投资金额（元）', '实施单位', '开工日期', '完工日期', '项目状态', '绩效目标/成效', '联系电话'];
const project = (i: number, more: Partial<Record<number, string>> = {}) => Object.assign(
  [`𡋀坪组道路硬化工程${i}`, '衔接推进乡村振兴补助资金', '林城镇', i % 2 ? '金子村' : '新联村', '硬化道路 1.2 公里，宽 4.5 米', String(100_000 + i), '林城镇人民政府', '2026-03-01', '', '在建', '方便 120 户群众出行', '13974501234'], more);
const LEDGER_HEADER = ['乡镇', '村（社区）', '期间', '类别', '科目', '摘要', '金额（元）', '日期', '银行账号'];
const line = (i: number, more: Partial<Record<number, string>> = {}) => Object.assign(
  ['林城镇', '金子村', '2026年第3季度', i % 3 ? '支出' : '收入', i % 3 ? '管理费用' : '补助收入', i % 3 ? `阿依古丽·买买提报销办公用品 ${i}` : '上级转移支付', String(100 + i), '2026-08-15', '6217002900001234567'], more);

describe.each(TEMPORARY_STORES)('%s', (_label, open) => {
  let db: Db;
  let done: () => Promise<void>;
  let funds: FundStore;
  let projects: FundProjectStore;
  const deps = () => ({ funds, projects, clock: () => new Date('2026-10-08T02:00:00Z') });
  const upload = (file: string, more: Partial<BatchUpload> = {}): BatchUpload => ({ path: file, fileName: path.basename(file), county: COUNTY, title: '2026年林城镇民生项目', ...more });
  const stored = async (table: string) => (await db.selectFrom(table as never).selectAll().execute()) as Array<Record<string, unknown>>;

  beforeAll(async () => {
    ({ db, done } = await open());
    await migrate(db);
    funds = new FundStore(db);
    projects = new FundProjectStore(db);
    await importVillages(funds, { path: await csv('villages.csv', [['乡镇', '村（社区）'], ['林城镇', '金子村'], ['林城镇', '新联村']]), fileName: 'villages.csv', county: COUNTY });
    await importFundCatalog(funds, { path: await csv('funds.csv', [['资金名称', '开始日期', '结束日期'], ['衔接推进乡村振兴补助资金', '2026-01-01', '2026-12-31']]), fileName: 'funds.csv', county: COUNTY });
  });
  afterAll(() => done());

  it('refuses a project sheet with a broken row in the middle: nothing stored, the row and what to fix named', async () => {
    const rows = [PROJECT_HEADER, ...Array.from({ length: 300 }, (_, i) => project(i))];
    rows[150] = project(149, { 1: '种粮补贴', 9: '快完了' }); // spreadsheet row 151
    const error = await refusal(importProjects(deps(), upload(await xlsx('broken.xlsx', rows))));
    expect(error.details?.errors ?? error.message).toEqual(['行 151：项目状态“快完了”应为未开工、在建、已完工、已验收、停工之一；资金名称“种粮补贴”不在本县的资金目录中：请核对名称，或先导入资金目录']);
    expect(error.publicMessage).toContain('整表未导入');
    expect(await stored('fund_projects')).toHaveLength(0);
    expect(await stored('fund_batches')).toHaveLength(0);
  });

  it('says what to fix in each kind of bad project row', async () => {
    const rows = [PROJECT_HEADER, project(0),
      project(1, { 9: '已完工' }), project(2, { 8: '2026-01-01' }), project(3, { 3: '石门村' }), project(4, { 2: '没有镇', 3: '' }),
      project(0), project(6, { 5: '-5' }), project(7, { 4: '<img src=x onerror=alert(1)>' })];
    const error = await refusal(importProjects(deps(), upload(await csv('bad.csv', rows))));
    expect(error.details?.errors ?? error.message).toEqual([
      '行 3：项目状态为已完工，请填写完工日期',
      '行 4：完工日期 2026-01-01 早于开工日期 2026-03-01',
      '行 5：林城镇没有“石门村”这个村(社区)：请核对村名，或先更新村名单',
      '行 6：村名单中没有乡镇“没有镇”：请核对乡镇名称',
      '行 7：项目“𡋀坪组道路硬化工程0”与行 2 重复（同一乡镇、村的同名项目只填一行）',
      '行 8：投资金额为负数：请填写项目的投资总额（大于 0）',
      '行 9：建设内容不能包含网页代码',
    ]);
    expect(await stored('fund_projects')).toHaveLength(0);
  });

  it('imports projects (one of the whole township) without the phone column, and a correction replaces its batch, keeping the old', async () => {
    const rows = [PROJECT_HEADER, project(1), project(2, { 9: '已完工', 8: '2026年9月30日' }), project(3, { 0: '林城镇集中供水工程', 3: '' })];
    const first = await importProjects(deps(), upload(await csv('projects.csv', rows)));
    expect(first).toMatchObject({ rows: 3, totalFen: (100_001 + 100_002 + 100_003) * 100 });
    await funds.goLive(first.batchId, '2026-10-08T03:00:00Z');
    const live = await projects.liveProjects(COUNTY, { township: '林城镇' });
    expect(live.map((p) => [p.name, p.village, p.status, p.finishedOn])).toEqual([
      ['林城镇集中供水工程', '', '在建', null], ['𡋀坪组道路硬化工程2', '新联村', '已完工', '2026-09-30'], ['𡋀坪组道路硬化工程1', '金子村', '在建', null]]);
    expect(JSON.stringify(await stored('fund_projects'))).not.toContain('13974501234');

    // The same project again, not as a correction: refused, naming the batch to correct.
    const again = await refusal(importProjects(deps(), upload(await csv('again.csv', [PROJECT_HEADER, project(1, { 9: '已完工', 8: '2026-10-01' })]))));
    expect(again.details!.errors).toEqual([`行 2：项目“𡋀坪组道路硬化工程1”已在批次 ${first.batchId} 中公开：要修改请作为更正导入（更正批次 ${first.batchId}，写明更正说明）`]);
    await refusal(importProjects(deps(), upload(await csv('nonote.csv', rows), { replaces: first.batchId })));

    const corrected = [PROJECT_HEADER, project(1, { 5: '98000', 9: '已完工', 8: '2026-10-01' }), ...rows.slice(2)];
    const second = await importProjects(deps(), upload(await csv('corrected.csv', corrected), { title: '2026年林城镇民生项目（更正）', replaces: first.batchId, correctionNote: '金子村道路投资由 100,001 元更正为 98,000 元' }));
    await funds.goLive(second.batchId, '2026-10-09T03:00:00Z');
    expect((await funds.batch(first.batchId))!.status).toBe('replaced');
    const [now, before] = await projects.projectVersions(COUNTY, live[2].projectKey);
    expect([now.amountFen, now.status, now.status_, now.correctionNote]).toEqual([9_800_000, '已完工', 'live', '金子村道路投资由 100,001 元更正为 98,000 元']);
    expect([before.amountFen, before.status_]).toEqual([10_000_100, 'replaced']);
    expect(await projects.liveProjects(COUNTY)).toHaveLength(3);
    // Withdrawn (撤回): off every list and page at once (its page asks for a live version), the history kept.
    await funds.withdraw(second.batchId, '项目信息待核实，核实后重新公开', '2026-10-10T03:00:00Z');
    expect(await projects.liveProjects(COUNTY)).toHaveLength(0);
    expect((await projects.projectVersions(COUNTY, live[2].projectKey)).map((v) => v.status_)).toEqual(['replaced']);
  });

  it('refuses a ledger with a broken row in the middle, and says what to fix in each bad line', async () => {
    const rows = [LEDGER_HEADER, ...Array.from({ length: 200 }, (_, i) => line(i))];
    rows[100] = line(99, { 5: '支付龙秀英 13974501234 劳务费' }); // spreadsheet row 101
    const error = await refusal(importLedgers(deps(), upload(await csv('broken-ledger.csv', rows))));
    expect(error.details?.errors ?? error.message).toEqual(['行 101：摘要中含有手机号码：公开的账目不能有个人号码，请删去后再上传']);
    expect(await stored('fund_ledger_lines')).toHaveLength(0);

    const bad = [LEDGER_HEADER, line(0), line(1, { 7: '2026-06-30' }), line(2, { 3: '转出' }), line(3, { 6: '-20' }), line(4, { 2: '第三季度' }),
      line(5, { 5: '代发 430524199001011234 补助' }), line(6, { 5: '转入 6217002900001234567' }), line(7, { 1: '石门村' })];
    const wrong = await refusal(importLedgers(deps(), upload(await csv('bad-ledger.csv', bad))));
    expect(wrong.details!.errors).toEqual([
      '行 3：日期 2026-06-30 不在期间“2026年第3季度”（2026-07-01 至 2026-09-30）内',
      '行 4：类别“转出”应为收入或支出',
      '行 5：金额为负数：收入和支出都填正数，在“类别”中写明收入或支出；冲销请另起一行说明',
      '行 6：期间“第三季度”应写成 2026年第3季度、2026年7月 或 2026年',
      '行 7：摘要中含有身份证号：公开的账目不能有个人号码，请删去后再上传',
      '行 8：摘要中含有银行账号：公开的账目不能有个人号码，请删去后再上传',
      '行 9：林城镇没有“石门村”这个村(社区)：请核对村名，或先更新村名单',
    ]);
    expect(await stored('fund_ledger_lines')).toHaveLength(0);
  });

  it('imports a village ledger by quarter and month without the bank column, and corrects a period only by replacing its batch', async () => {
    const rows = [LEDGER_HEADER, line(0), line(1), line(2, { 2: '2026Q3' }), line(3, { 2: '2026年8月' }), line(4, { 2: '2026年8月', 3: '收入', 6: '1,000.50' })];
    const first = await importLedgers(deps(), upload(await csv('ledger.csv', rows), { title: '林城镇2026年第3季度村级财务' }));
    // 结余: income 100 + 103 + 1,000.50 less expenditure 101 + 102
    expect(first).toMatchObject({ rows: 5, totalFen: 10_000 + 10_300 + 100_050 - 10_100 - 10_200 });
    await funds.goLive(first.batchId, '2026-10-08T03:00:00Z');
    const lines = await projects.liveLedger(COUNTY, '林城镇', '金子村');
    expect(lines.map((l) => [l.period, l.kind, l.amountFen])).toEqual([
      ['2026年第3季度', '收入', 10_000], ['2026年第3季度', '支出', 10_100], ['2026年第3季度', '支出', 10_200], ['2026年8月', '收入', 10_300], ['2026年8月', '收入', 100_050]]);
    expect(lines.map((l) => l.summary)).toContain('阿依古丽·买买提报销办公用品 1'); // the ledger's own public text
    expect(JSON.stringify(await stored('fund_ledger_lines'))).not.toContain('6217002900001234567');

    const again = await refusal(importLedgers(deps(), upload(await csv('ledger-again.csv', [LEDGER_HEADER, line(9)]))));
    expect(again.details!.errors).toEqual([`行 2：林城镇金子村2026年第3季度的账目已在批次 ${first.batchId} 中公开：要修改请作为更正导入（更正批次 ${first.batchId}，写明更正说明）`]);
    const second = await importLedgers(deps(), upload(await csv('ledger-fix.csv', rows.slice(0, 4)), { replaces: first.batchId, correctionNote: '删去重复录入的 8 月收入' }));
    await funds.goLive(second.batchId, '2026-10-09T03:00:00Z');
    expect((await projects.liveLedger(COUNTY, '林城镇', '金子村')).map((l) => l.correctionNote)).toEqual(Array(3).fill('删去重复录入的 8 月收入'));
    expect((await funds.batch(first.batchId))!.status).toBe('replaced');
  });

  it('counts a project or a village\'s period once when two batches holding it were staged and both went live: the newer', async () => {
    const sheets = [1, 2].map((n) => csv(`twice-${n}.csv`, [PROJECT_HEADER, project(0, { 0: '新联村便民桥', 5: String(n * 1000) })]));
    const batches = [await importProjects(deps(), upload(await sheets[0])), await importProjects(deps(), upload(await sheets[1]))];
    for (const b of batches) await funds.goLive(b.batchId, '2026-10-11T03:00:00Z');
    expect((await projects.liveProjects(COUNTY, { fund: '衔接推进乡村振兴补助资金' })).map((p) => [p.name, p.amountFen])).toEqual([['新联村便民桥', 200_000]]);
    const ledgers = [1, 2].map((n) => csv(`ledger-twice-${n}.csv`, [LEDGER_HEADER, line(0, { 1: '新联村', 2: '2026年10月', 6: String(n * 10), 7: '2026-10-09' })]));
    const staged = [await importLedgers(deps(), upload(await ledgers[0])), await importLedgers(deps(), upload(await ledgers[1]))];
    for (const b of staged) await funds.goLive(b.batchId, '2026-10-11T03:00:00Z');
    expect((await projects.liveLedger(COUNTY, '林城镇', '新联村')).filter((l) => l.period === '2026年10月').map((l) => l.amountFen)).toEqual([2_000]);
  });

  it('takes another office\'s layout by a column mapping, and names the columns a sheet lacks', async () => {
    const rows = [['乡镇', '村（社区）', '所属期', '收支方向', '科目', '摘要', '金额', '日期'], ['林城镇', '新联村', '2026年9月', '支出', '管理费用', '村部电费', '300', '2026-09-03']];
    const file = await csv('other-layout.csv', rows);
    const error = await refusal(importLedgers(deps(), upload(file)));
    expect(error.publicMessage).toBe('第 1 行（表头）缺少这些列：期间、类别。表头现在是：乡镇、村(社区)、所属期、收支方向、科目、摘要、金额、日期。请按模板改列名，或在“列对应”中指明哪一列是哪一项');
    expect(await importLedgers(deps(), upload(file, { mapping: { period: '所属期', kind: '收支方向' } }))).toMatchObject({ rows: 1, totalFen: -30_000 });
  });
});

it('gives an empty template whose header the import reads', async () => {
  const file = path.join(dir, 'template.xlsx');
  writeFileSync(file, (await sheetTemplateXlsx('projects'))!);
  const rows = [];
  for await (const row of readSheet(file, 'template.xlsx')) rows.push(row);
  const [header] = rows;
  expect(() => mapColumns(PROJECT_COLUMNS, header.cells, header.rowNumber)).not.toThrow();
  expect(header.cells).toEqual(['项目名称', '资金名称', '乡镇', '村（社区）', '建设内容', '投资金额（元）', '实施单位', '开工日期', '完工日期', '项目状态', '绩效目标/成效']);
});

import IDValidator from 'id-validator';
import { migrate, type Db } from '../store/db';
import { FundStore } from '../store/funds';
import { refusal, rowsOfBatch, sheetWriter } from '../../../test/support/fund-sheets';
import { TEMPORARY_STORES } from '../../../test/support/temporary-stores';
import { batchFields, importBatch, type BatchSheet } from './batch-kinds';
import { batchReview } from './batch-review';
import { importFundCatalog, importVillages } from './import-catalog';

/**
 * The CMS's 民生资金 page takes 民生项目, 村级财务 and 公租房 sheets as it takes payments, on both
 * stores: each batch keeps its uploader (who may not sign it off); 核对明细 sums what the kind is
 * about; a sheet refused for its rows is listed as refused with nothing of it stored; a batch sent
 * back (退回) loses its rows; a roster's correction is of its round, whose name it takes.
 */
const COUNTY = 'huitong';
const CLERK = { id: 'cms-user:7', name: '杨帆' };
const REVIEWER = { id: 'cms-user:8', name: '龙小平' };
const { csv } = sheetWriter('tongyuan-batch-kinds-');
const FUND = '衔接推进乡村振兴补助资金';
const PROJECT_HEADER = ['项目名称', '资金名称', '乡镇', '村（社区）', '建设内容', '投资金额（元）', '实施单位', '开工日期', '完工日期', '项目状态'];
const PROJECTS = [
  ['金子村通组道路', FUND, '林城镇', '金子村', '硬化道路 1.2 公里', '356000', '林城镇人民政府', '2026-03-01', '', '在建'],
  ['林城镇集中供水', FUND, '林城镇', '', '扩建水厂一座', '1200000', '会同县水利局', '2026-02-15', '', '在建'],
  ['高椅村消防改造', FUND, '高椅乡', '高椅村', '改造消防管网', '86000.50', '高椅乡人民政府', '2026-03-20', '2026-08-31', '已验收'],
];
const LEDGER_HEADER = ['乡镇', '村（社区）', '期间', '类别', '科目', '摘要', '金额（元）', '日期'];
const LEDGER = [
  ['林城镇', '金子村', '2026年第3季度', '收入', '补助收入', '上级转移支付', '50000', '2026-07-06'],
  ['林城镇', '金子村', '2026年第3季度', '支出', '管理费用', '村部水电费', '1860.40', '2026-08-20'],
  ['林城镇', '金子村', '2026年第2季度', '支出', '公益支出', '村道路灯维修', '3200', '2026-06-12'],
  ['高椅乡', '高椅村', '2026年第3季度', '收入', '经营收入', '集体山林承包费', '12000.50', '2026-08-01'],
];
const ids = Array.from({ length: 4 }, () => new IDValidator().makeID());
const HOUSING_HEADER = ['申请人姓名', '身份证号码', '乡镇/街道', '家庭人口', '申请类别', '审核状态', '不予通过理由', '轮候序号', '房源小区', '楼栋', '配租日期'];
const ROSTER = [
  ['石𠮷花', ids[0], '林城镇', '3', '城镇中低收入住房困难家庭', '审核通过', '', '1', '', '', ''],
  ['龙秀英', ids[1], '林城镇', '4', '城镇中低收入住房困难家庭', '审核通过', '', '2', '阳光苑', '3栋', '2026-06-30'],
  ['吴建国', ids[2], '', '1', '新就业职工', '不予通过', '家庭人均收入超过标准', '', '', '', ''],
  ['杨秀珍', ids[3], '', '2', '新就业职工', '受理', '', '', '', '', ''],
];
const ROUND = '2026年第二批公租房';

describe.each(TEMPORARY_STORES)('%s', (_label, open) => {
  let db: Db;
  let done: () => Promise<void>;
  let funds: FundStore;
  const deps = () => ({ db, funds, clock: () => new Date('2026-09-01T02:00:00Z'), config: { HOOK_SECRET: 'test-hook-secret-0123456789abcdef' } });
  const sheet = (file: string, title: string, more: Partial<BatchSheet> = {}): BatchSheet => ({
    path: file, fileName: file.split('/').pop()!, county: COUNTY, title, replaces: null, correctionNote: null, uploadedBy: CLERK, ...more,
  });
  const count = (table: string, batchId: number) => rowsOfBatch(db, table, batchId);

  beforeAll(async () => {
    ({ db, done } = await open());
    await migrate(db);
    funds = new FundStore(db);
    await importVillages(funds, { path: csv('villages.csv', [['乡镇', '村'], ['林城镇', '金子村'], ['高椅乡', '高椅村']]), fileName: 'villages.csv', county: COUNTY });
    await importFundCatalog(funds, { path: csv('funds.csv', [['资金名称', '开始日期', '结束日期'], [FUND, '2026-01-01', '2026-12-31']]), fileName: 'funds.csv', county: COUNTY });
  });
  afterAll(() => done());

  it('stages a projects sheet with its uploader, reviewed per township, fund and project', async () => {
    const batch = await importBatch(deps(), 'projects', sheet(csv('projects.csv', [PROJECT_HEADER, ...PROJECTS]), '2026年民生项目'));
    expect(batch).toMatchObject({ kind: 'projects', status: 'staged', rows: 3, total_fen: 164_200_050, uploaded_by: CLERK.id, uploaded_by_name: CLERK.name });
    const [townships, byFund, projects] = await batchReview(db, batch);
    expect(townships).toEqual({
      title: '按乡镇', columns: ['乡镇', '项目数', '投资（元）'], rows: [['高椅乡', '1', '86,000.50'], ['林城镇', '2', '1,556,000.00']], total: ['合计', '3', '1,642,000.50'],
    });
    expect(byFund.rows).toEqual([[FUND, '3', '1,642,000.50']]);
    expect(projects.rows[1]).toEqual(['林城镇集中供水', '林城镇（全乡镇）', '在建', '1,200,000.00']);
    await funds.goLive(batch.id, '2026-09-02T01:00:00Z', REVIEWER);
    expect(await funds.batch(batch.id)).toMatchObject({ status: 'live', signed_off_by_name: REVIEWER.name });
  });

  it('lists a projects sheet refused for its rows as refused, its reasons kept and nothing of it stored', async () => {
    const broken = [PROJECT_HEADER, [...PROJECTS[0].slice(0, 5), '-4000', ...PROJECTS[0].slice(6)].map((c, i) => (i === 0 ? '二期道路' : c))];
    const error = await refusal(importBatch(deps(), 'projects', sheet(csv('broken.csv', broken), '二期')));
    expect(error.details?.errors ?? error.message).toEqual(['行 2：投资金额为负数：请填写项目的投资总额（大于 0）']);
    const failed = await funds.batch(error.details!.batchId as number);
    expect(failed).toMatchObject({ kind: 'projects', status: 'failed', uploaded_by: CLERK.id, errors: JSON.stringify(['行 2：投资金额为负数：请填写项目的投资总额（大于 0）']) });
    expect(await count('fund_projects', Number(failed!.id))).toBe(0);
    // A correction names a live batch of its own kind, and says what it corrects.
    const [live] = (await funds.batchesOf(COUNTY, 'projects', 10)).filter((b) => b.status === 'live');
    expect((await refusal(batchFields(funds, COUNTY, 'ledgers', { title: '更正', replaces: String(live.id) }))).message).toBe(`要更正的批次 ${live.id} 不是本区县已公开的村级财务批次：只能更正已公开的批次`);
    const correction = await batchFields(funds, COUNTY, 'projects', { title: '2026年民生项目（更正）', replaces: String(live.id) });
    const noNote = await refusal(importBatch(deps(), 'projects', sheet(csv('again.csv', [PROJECT_HEADER, ...PROJECTS]), correction.title, { replaces: correction.replaces })));
    expect(noNote.message).toBe('更正批次须写明更正说明（更正了什么、为什么），公开页面会显示这段说明');
  });

  it('reviews a ledger by village and period — 收入, 支出, 结余 — and sends it back, its lines removed', async () => {
    const batch = await importBatch(deps(), 'ledgers', sheet(csv('ledger.csv', [LEDGER_HEADER, ...LEDGER]), '2026年村级财务'));
    expect(batch).toMatchObject({ status: 'staged', rows: 4, total_fen: 5_694_010, uploaded_by_name: CLERK.name });
    expect(await batchReview(db, batch)).toEqual([{
      title: '按村和期间', columns: ['乡镇', '村（社区）', '期间', '收入（元）', '支出（元）', '结余（元）'],
      rows: [['高椅乡', '高椅村', '2026年第3季度', '12,000.50', '0.00', '12,000.50'], ['林城镇', '金子村', '2026年第3季度', '50,000.00', '1,860.40', '48,139.60'], ['林城镇', '金子村', '2026年第2季度', '0.00', '3,200.00', '-3,200.00']],
      total: ['合计', '', '', '62,000.50', '5,060.40', '56,940.10'],
    }]);
    await funds.returnBatch(batch.id, '期间填错了', '2026-09-02T01:00:00Z', REVIEWER);
    expect(await count('fund_ledger_lines', batch.id)).toBe(0);
    expect(await funds.batch(batch.id)).toMatchObject({ status: 'returned', withdrawn_reason: '期间填错了' });
  });

  it('reviews a 公租房 roster by status and category, no applicant in it; its correction is of its round, with what it changes', async () => {
    const first = await importBatch(deps(), 'housing', sheet(csv('roster.csv', [HOUSING_HEADER, ...ROSTER]), ROUND));
    expect(first).toMatchObject({ kind: 'housing', title: ROUND, status: 'staged', rows: 4, uploaded_by: CLERK.id });
    const review = await batchReview(db, first);
    expect(review).toEqual([
      { title: '按审核状态（其中已配租 1 户）', columns: ['审核状态', '申请数'], rows: [['受理', '1'], ['初审通过', '0'], ['公示中', '0'], ['审核通过', '2'], ['不予通过', '1']], total: ['合计', '4'] },
      { title: '按申请类别', columns: ['申请类别', '申请数'], rows: [['城镇中低收入住房困难家庭', '2'], ['新就业职工', '2']] },
    ]);
    for (const [name, id, , , , , reason] of ROSTER) expect(JSON.stringify(review)).not.toMatch(new RegExp(`${name}|${id}${reason ? `|${reason}` : ''}`));
    await funds.goLive(first.id, '2026-09-02T01:00:00Z', REVIEWER);

    const fields = await batchFields(funds, COUNTY, 'housing', { title: '', replaces: String(first.id) });
    expect(fields).toEqual({ title: ROUND, replaces: first.id });
    const file = csv('roster2.csv', [HOUSING_HEADER, ...ROSTER.slice(0, 3), [...ROSTER[3].slice(0, 5), '初审通过', ...ROSTER[3].slice(6)]]);
    expect((await refusal(importBatch(deps(), 'housing', sheet(file, fields.title, fields)))).message).toContain('重新导入即为更正，须写明更正说明（改了什么、为什么）');
    const second = await importBatch(deps(), 'housing', sheet(file, fields.title, { ...fields, correctionNote: '杨*珍通过受理，进入初审' }));
    expect(second).toMatchObject({ replaces: first.id, status: 'staged' });
    expect((await batchReview(db, second))[2]).toEqual({ title: '与现行版本相比', columns: ['新增', '删除', '变动'], rows: [['0 户', '0 户', '1 户']] });
    await funds.returnBatch(second.id, '核对后再传', '2026-09-03T01:00:00Z', REVIEWER);
    expect(await count('housing_applications', second.id)).toBe(0);
    expect(await funds.batch(first.id)).toMatchObject({ status: 'live' });
  });
});

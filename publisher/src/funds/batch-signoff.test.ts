import IDValidator from 'id-validator';
import { migrate, type Db } from '../store/db';
import { FundStore } from '../store/funds';
import { rowsOfBatch, sheetWriter } from '../../../test/support/fund-sheets';
import { TEMPORARY_STORES } from '../../../test/support/temporary-stores';
import { batchReview, maskedRowError } from './batch-review';
import { importFundCatalog, importVillages } from './import-catalog';
import { importPayments } from './import-payments';

/**
 * The store's side of the CMS's 民生资金 page, on both stores: a batch keeps who uploaded it and who
 * signed it off or sent it back; a reviewer's 核对明细 sums per fund and township; a batch sent back
 * (退回) loses its rows as a refused one does and can no longer go live.
 */
const COUNTY = 'huitong';
const validator = new IDValidator();
const CLERK = { id: 'cms-user:7', name: '杨帆' };
const REVIEWER = { id: 'cms-user:8', name: '龙小平' };

const { csv } = sheetWriter('tongyuan-signoff-');
const sheet = (name: string) => csv(name, [
  ['资金名称', '乡镇', '村（社区）', '姓名', '身份证号码', '发放金额（元）', '发放日期'],
  ['耕地地力保护补贴', '林城镇', '金子村', '石𠮷花', validator.makeID(), '105', '2026-04-15'],
  ['耕地地力保护补贴', '林城镇', '新联村', '阿依古丽·买买提', validator.makeID(), '105.50', '2026-04-15'],
  ['城乡居民基础养老金', '高椅乡', '高椅村', '龙秀英', validator.makeID(), '150', '2026-04-15'],
]);

describe.each(TEMPORARY_STORES)('%s', (_label, open) => {
  let db: Db;
  let done: () => Promise<void>;
  let funds: FundStore;
  const upload = (name: string) => importPayments({ db, funds, clock: () => new Date('2026-05-01T02:00:00Z'), config: { HOOK_SECRET: 'test-hook-secret-0123456789abcdef' } }, {
    path: sheet(name), fileName: name, county: COUNTY, title: `2026年4月发放（${name}）`, uploadedBy: CLERK,
  });
  const count = (table: string, batchId: number) => rowsOfBatch(db, table, batchId);

  beforeAll(async () => {
    ({ db, done } = await open());
    await migrate(db);
    funds = new FundStore(db);
    await importVillages(funds, { path: csv('villages.csv', [['乡镇', '村'], ['林城镇', '金子村'], ['林城镇', '新联村'], ['高椅乡', '高椅村']]), fileName: 'villages.csv', county: COUNTY });
    await importFundCatalog(funds, { path: csv('funds.csv', [['资金名称', '开始日期', '结束日期'], ['耕地地力保护补贴', '2026-01-01', '2026-12-31'], ['城乡居民基础养老金', '2026-01-01', '2026-12-31']]), fileName: 'funds.csv', county: COUNTY });
  });
  afterAll(() => done());

  it('keeps who uploaded and who signed off, and gives the reviewer the sums per fund and township', async () => {
    const { batchId } = await upload('signed.csv');
    expect(await batchReview(db, { id: batchId, kind: 'payments' })).toEqual([
      { title: '按资金', columns: ['资金', '笔数', '金额（元）'], rows: [['城乡居民基础养老金', '1', '150.00'], ['耕地地力保护补贴', '2', '210.50']] },
      { title: '按乡镇', columns: ['乡镇', '笔数', '金额（元）'], rows: [['高椅乡', '1', '150.00'], ['林城镇', '2', '210.50']] },
    ]);
    await funds.goLive(batchId, '2026-05-02T01:00:00Z', REVIEWER);
    await funds.withdraw(batchId, '名册有误，核实后重新公开', '2026-05-03T01:00:00Z', REVIEWER);
    const [listed] = await funds.batchesOf(COUNTY, 'payments', 10);
    expect(listed).toMatchObject({
      id: batchId, status: 'withdrawn', rows: 3, total_fen: 36_050, uploaded_by: CLERK.id, uploaded_by_name: CLERK.name,
      signed_off_by: REVIEWER.id, signed_off_by_name: REVIEWER.name, withdrawn_reason: '名册有误，核实后重新公开', withdrawn_by_name: REVIEWER.name,
    });
    expect(await funds.listSizes(COUNTY)).toEqual({ villages: 3, funds: 2 });
  });

  it('sends a staged batch back: its rows and sums removed, kept as 退回 with who and why, never to go live', async () => {
    const { batchId } = await upload('returned.csv');
    await funds.returnBatch(batchId, '金额与审批表不符', '2026-05-02T01:00:00Z', REVIEWER);
    expect(await count('fund_payments', batchId)).toBe(0);
    expect(await count('fund_batch_places', batchId)).toBe(0);
    expect(await funds.batch(batchId)).toMatchObject({ status: 'returned', withdrawn_reason: '金额与审批表不符', withdrawn_by_name: REVIEWER.name });
    await expect(funds.goLive(batchId, '2026-05-02T02:00:00Z', REVIEWER)).rejects.toThrow(`批次 ${batchId} 不是待发布状态`);
    await expect(funds.returnBatch(batchId, '再退一次', '2026-05-02T02:00:00Z', REVIEWER)).rejects.toThrow(`批次 ${batchId} 不是待签发的批次，无法退回`);
  });
});

describe('a refused row in the CMS\'s list', () => {
  const rule = { FUND_NAME_MASK: 'middle' as const, FUND_ID_SHOWN: [4, 4] as [number, number] };
  it('masks the names and ID numbers it quotes as the public pages do, and leaves the rest as it is', () => {
    expect(maskedRowError('行 3：姓名“43302619900101123X”含有数字：姓名和身份证号是否填反了？', rule)).toBe('行 3：姓名“4****************X”含有数字：姓名和身份证号是否填反了？');
    expect(maskedRowError('行 4：姓名“阿依古丽2”含有数字：姓名和身份证号是否填反了？；身份证号应为 18 位（前 17 位数字，最后一位数字或 X），现在是“阿依古丽·买买提”', rule))
      .toBe('行 4：姓名“阿***2”含有数字：姓名和身份证号是否填反了？；身份证号应为 18 位（前 17 位数字，最后一位数字或 X），现在是“********”');
    expect(maskedRowError('行 5：身份证号中的出生日期 19900230 不存在；发放金额“1,200.555”超过两位小数（分）', rule)).toBe('行 5：身份证号中的出生日期不存在；发放金额“1,200.555”超过两位小数（分）');
    expect(maskedRowError('行 6：身份证号校验位不正确（请核对最后一位和各位数字）', rule)).toBe('行 6：身份证号校验位不正确（请核对最后一位和各位数字）');
  });
});

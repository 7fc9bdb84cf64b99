import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import IDValidator from 'id-validator';
import { migrate, type Db } from '../store/db';
import { FundStore } from '../store/funds';
import { importFundCatalog, importVillages } from './import-catalog';
import { importPayments, type PaymentsUpload } from './import-payments';
import { refusal, sheetWriter } from '../../../test/support/fund-sheets';
import { TEMPORARY_STORES } from '../../../test/support/temporary-stores';

/**
 * Importing payment spreadsheets on both stores: a broken row in the middle of a large file leaves
 * nothing imported and is named; every kind of bad cell says what to fix; other layouts map by their
 * headers; columns nobody may see (bank account, phone, address) are never stored; a correction
 * replaces the batch it names when it goes live, keeping the old one.
 */
const COUNTY = 'huitong';
const { dir, csv, xlsx } = sheetWriter('tongyuan-funds-');
const ids = Array.from({ length: 50 }, () => new IDValidator().makeID());
const HEADER = ['资金名称', '乡镇', '村（社区）', '姓名', '身份证号码', '发放金额（元）', '发放日期', '补贴项目'];
const row = (i: number) => ['耕地地力保护补贴', '林城镇', i % 2 ? '金子村' : '新联村', `杨${'一二三四五六七八九十'[i % 10]}`, ids[i % ids.length], (100 + (i % 7)).toFixed(2), '2026-04-15', '2026年耕地地力保护补贴'];
const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

const stores = TEMPORARY_STORES;

describe.each(stores)('%s', (_label, open) => {
  let db: Db;
  let done: () => Promise<void>;
  let funds: FundStore;
  const deps = () => ({ db, funds, clock: () => new Date('2026-05-01T02:00:00Z'), config: { HOOK_SECRET: 'test-hook-secret-0123456789abcdef' } });
  const upload = (file: string, more: Partial<PaymentsUpload> = {}): PaymentsUpload => ({ path: file, fileName: path.basename(file), county: COUNTY, title: '2026年4月耕地地力保护补贴发放', ...more });
  const paymentCount = async () => Number((await db.selectFrom('fund_payments' as never).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() as { n: number }).n);

  beforeAll(async () => {
    ({ db, done } = await open());
    await migrate(db);
    funds = new FundStore(db);
    // The county's own catalogue sheets, as the finance bureau keeps them.
    const villages = await xlsx('villages.xlsx', [['乡镇（街道）', '村（社区）'], ['林城镇', '金子村'], ['林城镇', '新联村']]);
    expect(await importVillages(funds, { path: villages, fileName: 'villages.xlsx', county: COUNTY })).toBe(2);
    const catalog = await csv('funds.csv', [['资金名称', '资金来源', '级次', '补助标准（元）', '资金总额（元）', '开始日期', '结束日期'],
      ['耕地地力保护补贴', '中央财政', '中央', '105', '1,250,000.00', '2026年1月1日', '2026/12/31']]);
    expect(await importFundCatalog(funds, { path: catalog, fileName: 'funds.csv', county: COUNTY })).toBe(1);
  });

  it('refuses a fund catalogue whose period ends before it starts, naming the row', async () => {
    const catalog = await csv('bad-funds.csv', [['资金名称', '开始日期', '结束日期'], ['种粮补贴', '2026-12-31', '2026-01-01']]);
    const error = await refusal(importFundCatalog(funds, { path: catalog, fileName: 'bad-funds.csv', county: COUNTY }));
    expect(error.details?.errors ?? error.message).toEqual(['行 2：结束日期 2026-01-01 早于开始日期 2026-12-31']);
    expect((await funds.catalog(COUNTY)).funds.has('种粮补贴')).toBe(false);
  });
  afterAll(() => done());

  it('refuses a 10,000-row file with one broken row in the middle: nothing imported, the row named', async () => {
    const rows = [HEADER, ...Array.from({ length: 10_000 }, (_, i) => row(i))];
    rows[5_000][4] = wrongCheckDigit(String(rows[5_000][4])); // spreadsheet row 5,001
    const error = await refusal(importPayments(deps(), upload(await csv('broken.csv', rows))));
    expect(error.publicMessage).toBe('行 5001：身份证号校验位不正确（请核对最后一位和各位数字），整批未导入');
    expect(error.details).toMatchObject({ errorCount: 1, errors: ['行 5001：身份证号校验位不正确（请核对最后一位和各位数字）'] });
    expect(await paymentCount()).toBe(0);
    expect((await funds.batch(error.details!.batchId as number))!.status).toBe('failed');
  });

  it('says what to fix in every kind of bad cell, each with its row', async () => {
    const bad = [HEADER, row(0),
      ['耕地地力保护补贴', '林城镇', '金子村', '杨一', ids[1], '-100', '2026-04-15', ''],
      ['耕地地力保护补贴', '林城镇', '石门村', '杨二', ids[2], '100', '2026-04-15', ''],
      ['耕地地力保护补贴', '林城镇', '金子村', '杨三', ids[3], '100', '2025-12-31', ''],
      ['耕地地力保护补贴', '林城镇', '金子村', '杨四', '110101800101123', '100', '2026-04-15', ''],
      ['耕地地力保护补贴', '林城镇', '金子村', ids[5], '杨五', '100', '2026-04-15', ''],
      ['种粮补贴', '林城镇', '金子村', '杨六', ids[6], '100', '2026-04-15', ''],
      ['耕地地力保护补贴', '林城镇', '金子村', '杨七', ids[7], '一百', '2026/4/31', '<script>alert(1)</script>'],
    ];
    const error = await refusal(importPayments(deps(), upload(await xlsx('bad.xlsx', bad))));
    expect(error.details!.errorCount).toBe(7);
    expect(error.details?.errors ?? error.message).toEqual([
      '行 3：发放金额为负数（-100）：发放金额应大于 0，退回的款项请另行说明',
      '行 4：林城镇没有“石门村”这个村(社区)：请核对村名，或先更新村名单',
      '行 5：发放日期 2025-12-31 不在“耕地地力保护补贴”的执行期 2026-01-01 至 2026-12-31 内',
      '行 6：身份证号是 15 位的旧号码：请填写 18 位身份证号',
      `行 7：姓名“${ids[5]}”含有数字：姓名和身份证号是否填反了？；身份证号应为 18 位（前 17 位数字，最后一位数字或 X），现在是“杨五”`,
      '行 8：资金名称“种粮补贴”不在本县的资金目录中：请核对名称，或先导入资金目录',
      '行 9：发放金额“一百”不是数字；发放日期“2026/4/31”不是日期（请写成 2026-03-05 或 2026年3月5日）；补贴项目不能包含网页代码',
    ]);
    expect(await paymentCount()).toBe(0);
  });

  it('names the columns a sheet lacks, and the headers it has', async () => {
    const error = await refusal(importPayments(deps(), upload(await csv('no-id.csv', [['资金名称', '乡镇', '村', '姓名', '金额', '日期'], ['耕地地力保护补贴', '林城镇', '金子村', '杨一', '100', '2026-04-15']]))));
    expect(error.publicMessage).toBe('第 1 行（表头）缺少这些列：身份证号。表头现在是：资金名称、乡镇、村、姓名、金额、日期。请按模板改列名，或在“列对应”中指明哪一列是哪一项');
  });

  it('takes another office\'s layout by a column mapping, never stores bank accounts, phones or addresses, and a correction replaces the batch it names', async () => {
    const header = ['序号', '乡镇（街道）', '行政村', '户主', '公民身份号码', '银行账号', '联系电话', '家庭住址', '资金项目', '金额', '发放时间'];
    const rows = [header, ...Array.from({ length: 20 }, (_, i) => {
      const r = row(i);
      return [i + 1, r[1], r[2], r[3], r[4], `62170033${String(100000000 + i)}`, `1390745${String(1000 + i)}`, `林城镇金子村${i + 1}组`, r[0], Number(r[5]), new Date('2026-04-15T00:00:00Z')];
    })];
    const first = await importPayments(deps(), upload(await xlsx('other-layout.xlsx', rows), { mapping: { name: '户主' } }));
    expect(first).toMatchObject({ rows: 20 });
    await funds.goLive(first.batchId, '2026-05-01T03:00:00Z');
    const before = await funds.liveTotals(COUNTY);
    expect(before).toEqual([{ fund: '耕地地力保护补贴', payments: 20, totalFen: first.totalFen }]);
    const live = await funds.livePaymentsOf(COUNTY, '林城镇', '金子村');
    expect(live).toHaveLength(10);
    expect(JSON.stringify(live)).not.toMatch(/62170033|1390745|组/);
    const dump = JSON.stringify(await db.selectFrom('fund_payments' as never).selectAll().execute());
    for (const secret of ['62170033100000000', '13907451000', '林城镇金子村1组']) expect(dump).not.toContain(secret);

    // The correction: one amount was wrong; it says so, and takes the first batch's place.
    rows[3][9] = 150;
    const corrected = await importPayments(deps(), upload(await xlsx('corrected.xlsx', rows), {
      mapping: { name: '户主' }, replaces: first.batchId, correctionNote: '第 3 户发放金额由 102.00 元更正为 150.00 元',
    }));
    await funds.goLive(corrected.batchId, '2026-05-02T03:00:00Z');
    expect(await funds.liveTotals(COUNTY)).toEqual([{ fund: '耕地地力保护补贴', payments: 20, totalFen: first.totalFen + 4800 }]);
    expect(await funds.batch(first.batchId)).toMatchObject({ status: 'replaced', replaced_by: corrected.batchId });
    expect(await funds.batch(corrected.batchId)).toMatchObject({ status: 'live', correction_note: '第 3 户发放金额由 102.00 元更正为 150.00 元' });
    expect(await paymentCount()).toBe(40); // the first batch kept as history

    // The 更正说明 is public: a payee's full name (one still in the sheet, or one the correction leaves out) or a number is refused, nothing stored.
    const kept = String(rows[3][3]);
    const removed = String(rows[20][3]);
    for (const correctionNote of [`${kept}的补贴由 102.00 元更正为 150.00 元`, `删除${removed}的重复发放`, '联系电话 13907451003']) {
      const withoutRemoved = rows.filter((r, i) => i === 0 || r[3] !== removed);
      const refused = await refusal(importPayments(deps(), upload(await xlsx('named.xlsx', withoutRemoved), { mapping: { name: '户主' }, replaces: corrected.batchId, correctionNote })));
      expect(refused.publicMessage).toContain('更正说明会公开显示，不要写领取人的全名');
      expect(refused.publicMessage).not.toContain(kept);
    }
    expect(await paymentCount()).toBe(40);
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GBK)', async () => {
    const text = [HEADER, row(0), row(1)].map((r) => r.join(',')).join('\r\n');
    const file = path.join(dir, 'gbk.csv');
    writeFileSync(file, Buffer.from(gbk(text)));
    const batch = await importPayments(deps(), upload(file));
    expect(batch.rows).toBe(2);
    expect(readFileSync(file).includes(Buffer.from('耕地'))).toBe(false); // it really was not UTF-8
  });
});

/** GBK bytes for the text, from a table built by decoding every GBK code (the platform has a decoder, not an encoder). */
function gbk(text: string): number[] {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.of(lead, trail));
      if (char.length === 1 && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  return [...text].flatMap((char) => (char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : table.get(char) ?? [0x3f]));
}

describe('the command line (npm run funds)', () => {
  it('imports a village list, a catalogue and a payment sheet, and puts the batch live', async () => {
    const database = `file:${path.join(mkdtempSync(path.join(dir, 'cli-')), 'publisher.db')}`;
    const run = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'main', 'funds-cli.ts'), ...args], {
      env: { ...process.env, DATABASE_URL: database, HOOK_SECRET: 'test-hook-secret-0123456789abcdef', LOG_LEVEL: 'error' }, encoding: 'utf8',
    });
    const villages = await xlsx('cli-villages.xlsx', [['乡镇', '村'], ['林城镇', '金子村'], ['林城镇', '新联村']]);
    const catalog = await csv('cli-funds.csv', [['资金名称', '开始日期', '结束日期'], ['耕地地力保护补贴', '2026-01-01', '2026-12-31']]);
    const payments = await csv('cli-payments.csv', [HEADER, row(0), row(1)]);
    expect(run('villages', '--county', COUNTY, villages)).toBe('已导入 2 个村(社区)\n');
    expect(run('catalog', '--county', COUNTY, catalog)).toBe('已导入 1 项资金\n');
    expect(run('payments', '--county', COUNTY, '--title', '四月发放', payments)).toBe('批次 1：2 行，合计 201.00 元，待签发（npm run funds -- live 1）\n');
    expect(run('live', '1')).toBe('批次 1 已公开\n');
  }, 60_000);
});

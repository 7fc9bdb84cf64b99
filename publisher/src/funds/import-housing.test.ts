import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import IDValidator from 'id-validator';
import { migrate, type Db } from '../store/db';
import { FundStore } from '../store/funds';
import { HousingStore } from '../store/housing';
import { refusal, sheetWriter } from '../../../test/support/fund-sheets';
import { TEMPORARY_STORES } from '../../../test/support/temporary-stores';
import { mapColumns } from './columns';
import { housingHistory, housingRound } from './housing-disclosure';
import { HOUSING_COLUMNS } from './housing-rows';
import { sheetTemplateXlsx } from './import-templates';
import { importVillages } from './import-catalog';
import { importHousing, type HousingUpload } from './import-housing';
import { readSheet } from './sheet';

/**
 * 公租房 rosters on both stores: rows checked and named (a broken row in the middle stores nothing),
 * rare-character and minority names kept whole, no door number or phone stored, a corrected round
 * replacing the live one with its note and change count while the old version stays in the history.
 */
const COUNTY = 'huitong';
const ROUND = '2026年第二批公租房';
const { dir, csv } = sheetWriter('tongyuan-housing-');
const ids = Array.from({ length: 40 }, () => new IDValidator().makeID());
const HEADER = ['申请人姓名', '身份证号码', '乡镇/街道', '家庭人口', '申请类别', '审核状态', '不予通过理由', '轮候序号', '房源小区', '楼栋', '配租日期', '联系电话', '家庭住址'];
const PHONE = '13974501234';
const ROWS = [
  ['𡋀𠮷祥', ids[0], '林城镇', '3', '城镇中低收入住房困难家庭', '审核通过', '', '2', '', '', '', PHONE, '林城镇金子村3组12号'],
  ['阿依古丽·买买提', ids[1], '', '2', '外来务工人员', '审核通过', '', '1', '', '', '', PHONE, ''],
  ['龙秀英', ids[2], '林城镇', '4', '城镇中低收入住房困难家庭', '审核通过', '', '3', '阳光苑', '3栋', '2026-06-30', '', ''],
  ['吴建国', ids[3], '', '1', '新就业职工', '不予通过', '家庭人均收入超过标准', '', '', '', '', '', ''],
  ['杨秀珍', ids[4], '', '2', '新就业职工', '受理', '', '', '', '', '', '', ''],
];
const MASK = { FUND_NAME_MASK: 'middle' as const, FUND_ID_SHOWN: [4, 4] as [number, number] };
const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

describe.each(TEMPORARY_STORES)('%s', (_label, open) => {
  let db: Db;
  let done: () => Promise<void>;
  let funds: FundStore;
  let housing: HousingStore;
  let clock = new Date('2026-06-01T02:00:00Z');
  const deps = () => ({ funds, housing, clock: () => clock, config: { HOOK_SECRET: 'test-hook-secret-0123456789abcdef' } });
  const upload = (file: string, more: Partial<HousingUpload> = {}): HousingUpload => ({ path: file, fileName: path.basename(file), county: COUNTY, round: ROUND, ...more });
  const count = async (table: string) => Number((await db.selectFrom(table as never).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() as { n: number }).n);

  beforeAll(async () => {
    ({ db, done } = await open());
    await migrate(db);
    funds = new FundStore(db);
    housing = new HousingStore(db);
    await importVillages(funds, { path: csv('villages.csv', [['乡镇', '村'], ['林城镇', '金子村'], ['高椅乡', '高椅村']]), fileName: 'villages.csv', county: COUNTY });
  });
  afterAll(() => done());

  it('refuses a 2,000-row roster with one broken row in the middle: nothing stored, the row named with what to fix', async () => {
    // Distinct numbers: id-validator's makeID repeats one in about one set of 2,000 in seven, and a repeat is a row to fix of its own.
    const distinct = new Set<string>();
    while (distinct.size < 2_000) distinct.add(new IDValidator().makeID());
    const many = [...distinct].map((id, i) => ['杨一', id, '', '2', '新就业职工', '审核通过', '', String(i + 1), '', '', '', '', '']);
    many[1_000][1] = wrongCheckDigit(String(many[1_000][1])); // spreadsheet row 1,002
    const error = await refusal(importHousing(deps(), upload(csv('broken.csv', [HEADER, ...many]))));
    expect(error.details?.errors ?? error.message).toEqual(['行 1002：身份证号校验位不正确（请核对最后一位和各位数字）']);
    expect(error.publicMessage).toContain('整表未导入');
    expect(await count('housing_applications')).toBe(0);
    expect(await count('housing_versions')).toBe(0);
  });

  it('names every kind of bad row: status, refusal reason, door numbers, waiting order, allocation', async () => {
    const bad = [
      ['张三', ids[10], '', '2', '新就业职工', '已通过', '', '', '', '', ''],
      ['李四', ids[11], '', '2', '新就业职工', '不予通过', '', '', '', '', ''],
      ['王五', ids[12], '', '2', '新就业职工', '审核通过', '', '', '阳光苑3栋2单元501', '3栋', '2026-06-30'],
      ['赵六', ids[13], '', '2', '新就业职工', '审核通过', '', '', '', '', ''],
      ['钱七', ids[14], '', '2', '新就业职工', '公示中', '', '5', '', '', ''],
      ['孙八', ids[15], '城关镇', '零', '新就业职工', '受理', '', '', '', '', ''],
      ['周九', ids[10], '', '2', '新就业职工', '受理', '', '', '', '', ''],
      ['吴十', ids[16], '', '2', '新就业职工', '不予通过', '请致电 13974501234', '', '', '', ''],
    ];
    const error = await refusal(importHousing(deps(), upload(csv('bad.csv', [HEADER.slice(0, 11), ...bad]))));
    expect(error.details?.errors ?? error.message).toEqual([
      '行 2：审核状态“已通过”应为：受理、初审通过、公示中、审核通过、不予通过',
      '行 3：审核状态为“不予通过”时须填写理由（只告知申请人本人，不公开）',
      '行 4：配租结果只公开房源小区和楼栋（如“阳光苑”“3栋”）：请去掉单元号、房号',
      '行 5：审核通过、尚未配租的申请须填写轮候序号',
      '行 6：只有“审核通过”的申请有轮候序号',
      '行 7：本县没有“城关镇”这个乡镇/街道：请核对名称，或留空；家庭人口“零”应为 1 到 20 的整数',
      '行 8：身份证号与第 2 行重复：每位申请人在一轮中只列一行',
      '行 9：理由中不要写电话、身份证号、银行账号等个人信息',
    ]);
    expect(await count('housing_applications')).toBe(0);
  });

  it('keeps rare-character and minority names whole, stores no phone or address, and masks them as payments are', async () => {
    const roster = await importHousing(deps(), upload(csv('roster.csv', [HEADER, ...ROWS])));
    expect(roster).toMatchObject({ rows: 5, replaces: null, changes: { added: 5, removed: 0, changed: 0 } });
    const stored = await housing.applications(roster.batchId);
    expect(stored.map((a) => a.name)).toEqual(ROWS.map((r) => r[0]));
    const everything = JSON.stringify(await db.selectFrom('housing_applications' as never).selectAll().execute());
    expect(everything).not.toContain(PHONE);
    expect(everything).not.toContain('3组12号');
    expect(await housingRound({ housing, config: MASK }, COUNTY, ROUND)).toBeNull(); // staged: not public yet

    clock = new Date('2026-06-02T02:00:00Z');
    await funds.goLive(roster.batchId, clock.toISOString());
    const view = (await housingRound({ housing, config: MASK }, COUNTY, ROUND))!;
    expect(view.summary).toEqual({ applications: 5, approved: 3, waiting: 2, allocated: 1, refused: 1 });
    expect(view.waiting.map((w) => [w.place, w.name])).toEqual([[1, '阿******提'], [2, '𡋀*祥']]);
    expect(view.waiting[1].idNumber).toBe(`${ids[0].slice(0, 4)}**********${ids[0].slice(-4)}`);
    expect(view.allocated).toEqual([expect.objectContaining({ name: '龙*英', estate: '阳光苑', building: '3栋', allocatedOn: '2026-06-30' })]);
    expect(JSON.stringify(view)).not.toContain('家庭人均收入超过标准');
    for (const row of ROWS) expect(JSON.stringify(view)).not.toContain(row[1]);
  });

  it('takes a re-import of a published round only with a 更正 note; live, it replaces the old version, which stays in the history', async () => {
    const corrected = ROWS.map((r) => [...r]);
    corrected[4][5] = '初审通过';
    const file = csv('corrected.csv', [HEADER, ...corrected.slice(1)]);
    const error = await refusal(importHousing(deps(), upload(file)));
    expect(error.publicMessage).toMatch(/^“2026年第二批公租房”已有公开的名册（批次 \d+）：重新导入即为更正，须写明更正说明/);
    const named = await refusal(importHousing(deps(), upload(file, { correctionNote: '删除重复申请；杨秀珍初审通过' })));
    expect(named.publicMessage).toContain('更正说明会公开显示，不要写申请人的全名');
    const roster = await importHousing(deps(), upload(file, { correctionNote: '删除重复申请；杨*珍初审通过' }));
    expect(roster.changes).toEqual({ added: 0, removed: 1, changed: 1 });
    await funds.goLive(roster.batchId, new Date('2026-06-03T02:00:00Z').toISOString());
    const view = (await housingRound({ housing, config: MASK }, COUNTY, ROUND))!;
    expect(view.correctionNote).toBe('删除重复申请；杨*珍初审通过');
    expect(view.waiting.map((w) => w.name)).toEqual(['阿******提']);
    const history = (await housingHistory({ housing, config: MASK }, COUNTY, ROUND))!;
    expect(history.versions.map((v) => [v.number, v.state, v.changes, v.correctionNote])).toEqual([
      [2, '现行版本', '新增 0 户，删除 1 户，变动 1 户', '删除重复申请；杨*珍初审通过'],
      [1, '已被更正', '首次公开', null],
    ]);
  });

});

it('gives an empty template (npm run funds -- template housing, /funds/templates/housing.xlsx) whose header the import reads', async () => {
  const file = path.join(dir, 'template.xlsx');
  writeFileSync(file, (await sheetTemplateXlsx('housing'))!);
  const rows = [];
  for await (const row of readSheet(file, 'template.xlsx')) rows.push(row);
  const [header] = rows;
  expect(mapColumns(HOUSING_COLUMNS, header.cells, 1).byKey.size).toBe(HOUSING_COLUMNS.length);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  expect(book.getWorksheet('填写说明')!.getRow(7).values).toContain('受理、初审通过、公示中、审核通过、不予通过');
});

import ExcelJS from 'exceljs';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generateInterpretations } from '../../cms/src/seed/generate';
import { ADMIN, DEMO_PASSWORD, REPO, startCms, TEST_TOKEN, type Cms } from '../support/cms';
import { adminLogin, contentApi, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * Juxian's workflow through Strapi's own admin API, with each role's credentials:
 * departments interpret, another person of the department reviews, the media centre produces,
 * the government office signs off and publishes. (County scope and four eyes in the admin:
 * county-scope.test.ts.)
 */
const demo = JSON.parse(readFileSync(path.join(REPO, 'cms', 'src', 'seed', 'demo-content.json'), 'utf8'));
// The same choice the CMS makes for demo logins: the first interpreter of each of two departments.
const [interpreterA, interpreterB] = demo.interpreters.filter(
  (i: any, index: number, all: any[]) => all.findIndex((j) => j.department === i.department) === index,
);
// …and the department's reviewer: the next interpreter of A's department.
const reviewer = demo.interpreters.find((i: any) => i.department === interpreterA.department && i !== interpreterA);

let cms: Cms;
const as: Record<string, ReturnType<typeof contentManager>> = {};
let superAdminJwt: string;

beforeAll(async () => {
  cms = await startCms();
  const logins = {
    office: 'office@tongyuan.local',
    media: 'media@tongyuan.local',
    deptA: `${interpreterA.code}@tongyuan.local`,
    deptB: `${interpreterB.code}@tongyuan.local`,
    reviewer: `${reviewer.code}@tongyuan.local`,
  };
  for (const [who, email] of Object.entries(logins)) as[who] = contentManager(cms.url, await adminLogin(cms.url, email, DEMO_PASSWORD));
  superAdminJwt = await adminLogin(cms.url, ADMIN.email, ADMIN.password);
  as.superAdmin = contentManager(cms.url, superAdminJwt);
}, 180_000);

afterAll(async () => {
  await cms?.stop();
  if (cms) rmSync(cms.dataDir, { recursive: true, force: true }); // its temporary database
});

const stageOf = async (documentId: string) => (await as.office.get(INTERPRETATION, documentId)).body.data.stage;

describe('a department interpreter', () => {
  let documentId: string;

  it('creates an interpretation that is filed under their own department', async () => {
    const created = await as.deptA.create(INTERPRETATION, { title: '测试：部门起草的解读', slug: 'test-dept-draft' });
    expect(created.status).toBe(201);
    documentId = created.body.data.documentId;
    const saved = await as.office.get(INTERPRETATION, documentId);
    expect(saved.body.data.stage).toBe('draft');
    const ownDepartment = demo.departments.find((d: any) => d.code === interpreterA.department);
    const draft = await contentApi(cms.url, TEST_TOKEN).get(`/interpretations/${documentId}?status=draft&populate=department`);
    expect(draft.body.data.department.name).toBe(ownDepartment.name);
  });

  it('cannot skip a stage', async () => {
    const res = await as.deptA.update(INTERPRETATION, documentId, { stage: 'office_signoff' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('不能跳过审核阶段：当前为“草稿”，下一阶段是“部门审核”');
    expect(await stageOf(documentId)).toBe('draft');
  });

  it('cannot publish, even a signed-off interpretation', async () => {
    expect((await as.deptA.publish(INTERPRETATION, documentId)).status).toBe(403);
  });

  it('submits it for department review, where another person of the department approves it, and no further', async () => {
    expect((await as.deptA.update(INTERPRETATION, documentId, { stage: 'department_review' })).status).toBe(200);
    const own = await as.deptA.update(INTERPRETATION, documentId, { stage: 'media_production' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('只有“部门审核人”');
    expect((await as.reviewer.update(INTERPRETATION, documentId, { stage: 'media_production' })).status).toBe(200);
    const res = await as.reviewer.update(INTERPRETATION, documentId, { stage: 'office_signoff' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('只有“融媒体中心”');
  });

  it("cannot edit another department's interpretation", async () => {
    const res = await as.deptB.update(INTERPRETATION, documentId, { title: '改别人的稿子' });
    expect(res.status).toBe(403);
    expect((await as.office.get(INTERPRETATION, documentId)).body.data.title).toBe('测试：部门起草的解读');
  });

  it('the media centre edits only media and overrides, then hands over for sign-off; the office publishes', async () => {
    const res = await as.media.update(INTERPRETATION, documentId, {
      title: '融媒体改的标题', overrides: [{ channel: 'weibo', text: '【政策速递】测试微博文案' }], stage: 'office_signoff',
    });
    expect(res.status).toBe(200);
    const saved = (await as.office.get(INTERPRETATION, documentId)).body.data;
    expect(saved.title).toBe('测试：部门起草的解读'); // the title is not the media centre's to change
    expect(saved.stage).toBe('office_signoff');
    expect((await as.media.publish(INTERPRETATION, documentId)).status).toBe(403);
    expect((await as.office.publish(INTERPRETATION, documentId)).status).toBe(200);
  });

  it('every stage change is recorded with who and when', async () => {
    const { body } = await as.office.list(
      'api::stage-transition.stage-transition',
      `page=1&pageSize=100&filters[interpretationDocumentId][$eq]=${documentId}&sort=id:asc`,
    );
    const moves = body.results.map((t: any) => [t.fromStage, t.toStage, t.actor.replace(/^.*<|>$/g, '')]);
    expect(moves).toEqual([
      [null, '草稿（draft）', `${interpreterA.code}@tongyuan.local`],
      ['草稿（draft）', '部门审核（department_review）', `${interpreterA.code}@tongyuan.local`],
      ['部门审核（department_review）', '融媒体制作（media_production）', `${reviewer.code}@tongyuan.local`],
      ['融媒体制作（media_production）', '办公室签发（office_signoff）', 'media@tongyuan.local'],
    ]);
    for (const t of body.results) expect(Date.now() - Date.parse(t.at)).toBeLessThan(10 * 60_000);
  });
});

describe('the government office', () => {
  it('can send an interpretation back to draft with a reason, and a new one cannot start past draft', async () => {
    const created = await as.deptB.create(INTERPRETATION, { title: '测试：退回', slug: 'test-send-back', stage: 'media_production' });
    expect(created.status).toBe(403);
    expect(created.body.error.message).toContain('只能从“草稿”阶段开始');
    const ok = await as.deptB.create(INTERPRETATION, { title: '测试：退回', slug: 'test-send-back' });
    const id = ok.body.data.documentId;
    await as.deptB.update(INTERPRETATION, id, { stage: 'department_review' });
    expect((await as.office.update(INTERPRETATION, id, { stage: 'draft' })).status).toBe(403); // no reason given
    expect((await as.office.update(INTERPRETATION, id, { stage: 'draft', returnReason: '请补充办理地点' })).status).toBe(200);
    expect(await stageOf(id)).toBe('draft');
  });
});

describe('the norms library as a spreadsheet (表述规范库 · Excel)', () => {
  const NORM = 'api::norm-entry.norm-entry';
  const sheetOf = async (rows: unknown[][]) => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('表述规范库');
    sheet.addRow(['类别', '错误写法', '正确写法', '级别', '来源', '改变日期', '备注']);
    for (const row of rows) sheet.addRow(row);
    return new Blob([await book.xlsx.writeBuffer()]);
  };
  const upload = async (jwt: string, file: Blob) => {
    const form = new FormData();
    form.append('file', file, '规范库.xlsx');
    const response = await fetch(`${cms.url}/tongyuan/norms/import`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` }, body: form });
    return { status: response.status, body: (await response.json()) as any };
  };
  const entries = async () => (await as.office.list(NORM, 'page=1&pageSize=100')).body.results as any[];

  it('takes the office’s sheet whole or not at all, says what to fix per row, updates by wrong form, exports what it has, and lets only the office import', async () => {
    const office = await adminLogin(cms.url, 'office@tongyuan.local', DEMO_PASSWORD);
    const before = (await entries()).length;
    const bad = await upload(office, await sheetOf([
      ['错别字', '扫黑险恶', '扫黑除恶', '严重', '监测通报', '', ''],
      ['错别字', '帐', '账', '一般', '本办', '', ''],
      ['过时表述', '国家税务局', '税务局', '重要', '2018 年机构改革', '', ''],
      ['过时表述', '地方税务局', '税务局', '严重', '2018 年机构改革', '三月', ''],
    ]));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('一条也没有导入');
    expect(bad.body.problems).toEqual([
      expect.stringMatching(/^第 3 行：.*至少两个字/),
      expect.stringMatching(/^第 4 行：级别“重要”不对/),
      expect.stringMatching(/^第 5 行：.*改变日期/),
    ]);
    expect(await entries()).toHaveLength(before); // the good first row was not taken either

    const good = await upload(office, await sheetOf([
      ['错别字', '扫黑险恶', '扫黑除恶', '严重', '监测通报', '', ''],
      ['过时表述', '国家税务局', '税务局', '严重', '2018 年机构改革', new Date('2018-06-15T00:00:00Z'), '国地税合并'],
    ]));
    expect(good).toMatchObject({ status: 200, body: { created: 2, updated: 0 } });
    const again = await upload(office, await sheetOf([['过时表述', '国家税务局', '税务局', '一般', '2018 年机构改革', '2018/6/15', '']]));
    expect(again).toMatchObject({ status: 200, body: { created: 0, updated: 1 } });
    expect((await entries()).find((e) => e.wrong === '国家税务局')).toMatchObject({ kind: 'outdated', right: '税务局', severity: 'general', since: '2018-06-15' });

    const exported = await fetch(`${cms.url}/tongyuan/norms/export.xlsx`, { headers: { authorization: `Bearer ${office}` } });
    expect(exported.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await exported.arrayBuffer());
    const rows = book.worksheets[0].getSheetValues().filter(Boolean).map((r: any) => r.slice(1, 5));
    expect(rows[0]).toEqual(['类别', '错误写法', '正确写法', '级别']);
    expect(rows).toContainEqual(['过时表述', '国家税务局', '税务局', '一般']);
    expect(rows).toContainEqual(['错别字', '扫黑险恶', '扫黑除恶', '严重']);

    const interpreter = await adminLogin(cms.url, `${interpreterA.code}@tongyuan.local`, DEMO_PASSWORD);
    const refused = await upload(interpreter, await sheetOf([['错别字', '按装', '安装', '一般', '本办', '', '']]));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('只有政府办公室');
    expect((await upload(office, new Blob(['not a workbook']))).body.message).toContain('不是 Excel 工作簿');
  });
});

/**
 * Web addresses (slugs) made from Chinese titles in pinyin, through Strapi's own uid endpoint,
 * unique within the type; tags labelled by their dimension (issue 18: the admin as the county's
 * clerks meet it, walked as each role in test/publisher/full-preview.test.ts). Last in the file:
 * they add 100 interpretations.
 */
describe('slugs from Chinese titles, and tags by dimension', () => {
  const SLUG = /^[a-z0-9][a-z0-9-]*$/;
  const post = async (route: string, body: object) => {
    const response = await fetch(`${cms.url}/content-manager/uid/${route}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${superAdminJwt}` }, body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('gives 100 demo and generated titles unique, readable pinyin slugs through Strapi’s uid endpoint, and keeps them editable', async () => {
    const titles: string[] = [
      ...demo.interpretations.map((i: any) => i.title),
      ...demo.policyDocuments.map((p: any) => p.title),
      ...generateInterpretations(demo, 100 - demo.interpretations.length - demo.policyDocuments.length).map((i) => i.title),
    ];
    expect(titles).toHaveLength(100);
    const slugs: string[] = [];
    for (const title of titles) {
      const generated = await post('generate', { contentTypeUID: INTERPRETATION, field: 'slug', data: { title } });
      expect(generated.status).toBe(200);
      const slug = generated.body.data as string;
      expect(slug).toMatch(SLUG);
      expect(slug).not.toMatch(/^interpretation(-\d+)?$/);
      // Strapi appends -1, -2 … to a slug already taken; taking it here makes the next title's suggestion move on.
      expect((await as.superAdmin.create(INTERPRETATION, { title: title.slice(0, 200), slug })).status).toBe(201);
      slugs.push(slug);
    }
    expect(new Set(slugs).size).toBe(100);
    expect(slugs[demo.interpretations.findIndex((i: any) => i.title.startsWith('莒县公租房新办法'))]).toMatch(/^juxian-gong-?zufang-xin-banfa/);
    // The generated variants of one demo title read as it does, numbered by Strapi.
    const first = slugs[0];
    expect(slugs.filter((s) => s === first || s.startsWith(`${first}-`)).length).toBeGreaterThan(1);

    const taken = await post('check-availability', { contentTypeUID: INTERPRETATION, field: 'slug', value: first });
    expect(taken.body.isAvailable).toBe(false);
    // Still the author's to change.
    const mine = (await as.superAdmin.list(INTERPRETATION, `filters[slug][$eq]=${first}`)).body.results[0];
    expect((await as.superAdmin.update(INTERPRETATION, mine.documentId, { slug: 'my-own-address' })).status).toBe(200);
  }, 120_000);

  it('labels every tag with its dimension, sorts and searches pickers by it, and follows a renamed dimension', async () => {
    const tags = (await as.superAdmin.list('api::tag.tag', 'page=1&pageSize=200&sort=label:ASC')).body.results as any[];
    const dimensions = new Map<string, string>(demo.tagDimensions.flatMap((d: any) => d.tags.map((t: any) => [t.name, d.name])));
    expect(tags.length).toBeGreaterThan(50);
    for (const tag of tags.filter((t) => dimensions.has(t.name))) expect(tag.label).toBe(`${dimensions.get(tag.name)} · ${tag.name}`);
    const picker = async (q: string) => {
      const response = await fetch(`${cms.url}/content-manager/relations/${INTERPRETATION}/tags?pageSize=50&_q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${superAdminJwt}` } });
      return ((await response.json()) as any).results.map((t: any) => t.label) as string[];
    };
    const industry = await picker('行业');
    expect(industry.length).toBeGreaterThanOrEqual(8);
    expect(industry.every((l) => l.startsWith('行业 · '))).toBe(true);

    const size = (await as.superAdmin.list('api::tag-dimension.tag-dimension', 'filters[code][$eq]=enterprise-size')).body.results[0];
    expect((await as.superAdmin.update('api::tag-dimension.tag-dimension', size.documentId, { name: '企业规模（划型）' })).status).toBe(200);
    expect(await picker('小型企业')).toEqual(['企业规模（划型） · 小型企业']);
    expect((await as.superAdmin.update('api::tag-dimension.tag-dimension', size.documentId, { name: size.name })).status).toBe(200);
  });
});

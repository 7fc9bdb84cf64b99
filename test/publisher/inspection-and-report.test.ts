import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { wireServices } from '../../publisher/src/main/wiring';
import { receiveQuestion } from '../../publisher/src/questions/receive-question';
import type { Services } from '../../publisher/src/main/services';
import { ADMIN, DEMO_PASSWORD } from '../support/cms';
import { launchChromium } from '../support/browser';
import { solvedProof } from '../support/proof-of-work';
import { freePort, waitFor } from '../support/processes';
import { OPS, OPS_AUTH, startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * Suzhou's inspection and yearly evaluation: every account filed in the CMS (渠道账号) is checked
 * for staleness (staged: accounts that never carried anything, a kiosk that never synced), failed
 * renders, broken links on its site (staged: an article linking to a dead address) and overdue
 * questions; findings show on /status and export as CSV. The annual report renders as HTML and
 * prints to a PDF whose pages are looked at.
 */
const ACCOUNT = 'api::channel-account.channel-account';
const auth = { authorization: OPS_AUTH };
let stack: Stack;
let jwt: string;
let services: Services;

const cm = () => contentManager(stack.cms.url, jwt);
const idsOf = async (uid: string, codes: string[]) => ((await cm().list(uid)).body.results as any[]).filter((r) => codes.includes(r.code)).map((r) => r.documentId);
const latest = async () => (await (await fetch(`${stack.url}/status/inspection.json`, { headers: auth })).json()) as any;
async function inspect() {
  const before = (await latest()).run?.id ?? 0;
  expect((await fetch(`${stack.url}/status/inspection/run`, { method: 'POST', headers: auth })).status).toBe(202);
  return waitFor('an inspection run', async () => {
    const result = await latest();
    return result.run && result.run.id > before ? result : undefined;
  }, 120_000, 500);
}
const findingsOf = (result: any, account: string) => result.findings.filter((f: any) => f.account === account);

beforeAll(async () => {
  // The admin is served for one look at 巡检与年度报告 as a county's office sees it.
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,feeds,kiosk', INSPECTION_LINK_TIMEOUT_MS: '3000' }, cmsEnv: { CMS_SERVE_ADMIN: 'true' } });
  jwt = await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password);
  await waitFor('the Juxian portal', async () => (await fetch(`${stack.url}/sites/juxian-portal/`)).status === 200, 240_000, 1000);
  services = await wireServices('test', stack.env, () => new Date('2026-09-30T10:00:00+08:00'));
}, 600_000);

afterAll(async () => {
  await services?.queues.close();
  services?.counters.disconnect();
  await services?.db.destroy();
  await stack?.stop();
});

it('flags stale accounts, a kiosk that never synced, a broken link and overdue questions, on /status and in the export', async () => {
  // Staged: a township account that never carried anything, and an article on Xiaodian's site linking to a dead address.
  const dead = `http://127.0.0.1:${await freePort()}/policy-notice.html`;
  const department = (await idsOf('api::department.department', ['jx-gov-office']))[0];
  expect((await cm().create(ACCOUNT, {
    name: '小店镇子站', code: 'jx-xiaodian-site', platform: 'site', department, carries: 'all', administrator: '小店镇党政办 周丽',
    openedOn: '2021-04-01', staleAfterDays: 5, active: true, site: (await idsOf('api::site.site', ['juxian-xiaodian']))[0],
  })).status).toBe(201);
  const article = await cm().create(INTERPRETATION, {
    // …whose body also carries a 严重 wording error (表述规范库) every channel of the site would show.
    title: '小店镇公益性岗位招聘说明', slug: 'xd-public-jobs', digest: '公益性岗位', body: `报名办法见[镇政府通知](${dead})。优先安置扫黑险恶专项斗争中的见义勇为人员。`, stage: 'office_signoff',
    keyPoints: [{ heading: '报名时间', text: '12月10日前' }], department,
    channels: await idsOf('api::channel.channel', ['web', 'feeds']), sites: await idsOf('api::site.site', ['juxian-xiaodian']),
  });
  // A 严重 finding stops 签发 (cms/src/norms/signoff.ts) unless the office lets it through with a reason: it does, so the inspection sees it live.
  expect((await fetch(`${stack.cms.url}/tongyuan/norms/override/interpretation/${article.body.data.documentId}`, {
    method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '测试：照原文签发，看巡检能否发现' }),
  })).status).toBe(201);
  expect((await cm().publish(INTERPRETATION, article.body.data.documentId)).status).toBe(200);
  await waitFor('the article', async () => (await fetch(`${stack.url}/sites/juxian-xiaodian/interpretations/xd-public-jobs.html`)).status === 200, 60_000, 500);
  // A WeChat rendition that failed (as a corrupt cover photo makes it: see kiosk.test.ts), staged in the store for a healthcare interpretation.
  const failedDocument = await services.db.selectFrom('documents').select(['document_id', 'latest_hash']).where('slug', '=', 'jx-cross-province-medical').executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  await services.db.insertInto('renditions').values({
    document_id: failedDocument.document_id, channel: 'wechat', hash: failedDocument.latest_hash!, status: 'failed', progress: 0, attempts: 5,
    error_code: 'RENDER_FAILED', error_message: '封面图已损坏，无法读取：请重新上传封面图', created_at: at, updated_at: at, generation: 0,
  }).execute();
  // A WeChat post live for another healthcare interpretation whose 阅读原文 points at a page that is gone.
  const posted = await services.db.selectFrom('documents').select(['document_id', 'latest_hash', 'title']).where('slug', '=', 'jx-inpatient-reimbursement').executeTakeFirstOrThrow();
  const goneUrl = `${stack.url}/sites/juxian-portal/interpretations/no-longer-here.html`;
  const rendition = await services.db.insertInto('renditions').values({
    document_id: posted.document_id, channel: 'wechat', hash: posted.latest_hash!, status: 'live', progress: 100, attempts: 1, generation: 0,
    payload: JSON.stringify({ title: posted.title, contentSourceUrl: goneUrl }), created_at: at, updated_at: at, live_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  await services.db.insertInto('live').values({ channel: 'wechat', document_id: posted.document_id, rendition_id: rendition.id, hash: posted.latest_hash!, title: posted.title, published_at: at, updated_at: at }).execute();
  // A question asked before National Day, never answered: past due by the real clock.
  const asked = await receiveQuestion(services, { site: 'juxian-portal', body: '国庆前的问题：农机购置补贴今年还有吗？' }, {
    source: 'kiosk', sender: { kind: 'terminal', code: 'jx-service-hall' }, terminal: 'jx-service-hall', proofOfWork: await solvedProof(await services.spamGuard.challenge(new Date())),
  });
  await waitFor('the question handed over', async () => Boolean((await services.questionDesk.get(asked.receipt))?.delivered_at), 30_000, 300);

  const result = await inspect();
  expect(result.run.error).toBeNull();
  expect(findingsOf(result, 'jx-wechat-fabu')).toEqual([ // the staged failure, and the staged post's dead 阅读原文; it posted today, so not stale
    expect.objectContaining({ kind: 'failed_render', detail: expect.stringContaining('封面图已损坏') }),
    expect.objectContaining({ kind: 'broken_link', url: goneUrl, detail: expect.stringContaining(posted.title) }),
  ]);
  // The healthcare bureau's own account carries only its department's documents: both are its too; the Weibo account is untouched.
  expect(findingsOf(result, 'jx-healthcare-wechat').map((f: any) => f.kind)).toEqual(['failed_render', 'broken_link']);
  expect(findingsOf(result, 'jx-weibo-fabu').map((f: any) => f.kind)).toEqual(['stale']);
  expect(findingsOf(result, 'jx-douyin-zzkj')).toEqual([expect.objectContaining({ kind: 'stale', detail: expect.stringContaining('没有发布过内容') })]);
  expect(findingsOf(result, 'jx-hall-kiosk')).toEqual([expect.objectContaining({ kind: 'stale', detail: expect.stringContaining('从未同步') })]);
  expect(findingsOf(result, 'jx-portal')).toEqual([]); // the demo content went live just now, and every link on the portal works
  expect(findingsOf(result, 'jx-xiaodian-site')).toEqual([
    expect.objectContaining({ kind: 'wording', detail: expect.stringMatching(/^《小店镇公益性岗位招聘说明》“扫黑险恶”应为“扫黑除恶”（错别字，严重；来源：政府网站监测通报的严重表述错误）(（\d+ 次）)?$/) }),
    expect.objectContaining({ kind: 'broken_link', url: dead, detail: expect.stringContaining('xd-public-jobs') }),
  ]);
  expect(result.findings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'overdue_question', department: '莒县农业农村局', detail: expect.stringContaining(asked.receipt) })])); // routed by its keyword 农机

  // The kiosk syncs: the next inspection clears it.
  const manifest = await (await fetch(`${stack.url}/kiosk/jx-service-hall/manifest.json`)).json() as any;
  await fetch(`${stack.url}/kiosk/jx-service-hall/heartbeat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: manifest.version, items: manifest.items.length }) });
  const after = await inspect();
  expect(findingsOf(after, 'jx-hall-kiosk')).toEqual([]);

  const page = await (await fetch(`${stack.url}/status`, { headers: auth })).text();
  expect(page).toContain('渠道巡检');
  expect(page).toContain('链接失效');
  expect(page).toContain('严重表述错误');
  const csv = await fetch(`${stack.url}/status/inspection.csv`, { headers: auth });
  expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''");
  const raw = Buffer.from(await csv.arrayBuffer());
  expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM: Excel opens it as UTF-8
  const text = raw.subarray(3).toString('utf8');
  expect(text.startsWith('区县,主办部门,账号,账号代码,问题,详情,链接')).toBe(true);
  expect(text).toContain(dead);
  expect((await fetch(`${stack.url}/status/inspection.csv`)).status).toBe(401);
}, 240_000);

it('renders the annual report from what was published, pulled, downloaded and answered, as HTML and as a PDF', async () => {
  for (let i = 0; i < 3; i += 1) await fetch(`${stack.url}/feeds/juxian-portal/interpretations.rss`);
  // A projectionist-style download of a kiosk slide image (a whole file, then a resumed piece that is not a second download).
  const kiosk = await (await fetch(`${stack.url}/kiosk/jx-service-hall/manifest.json`)).json() as any;
  const image = kiosk.items.flatMap((i: any) => i.files).find((f: any) => /\.png$/.test(f.name));
  const imageUrl = new URL(image.url, stack.url); // the manifest's files are relative to the terminal's own origin
  expect((await fetch(imageUrl)).status).toBe(200);
  expect((await fetch(imageUrl, { headers: { range: 'bytes=100-' } })).status).toBe(206);
  const year = new Date().getUTCFullYear();
  const response = await fetch(`${stack.url}/reports/annual?year=${year}`, { headers: auth });
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain(`${year} 年度政务新媒体与政策解读发布报告`);
  expect(html).toContain('莒县医疗保障局');
  expect(html).toContain('莒县发布（微信公众号）');
  expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
  // The figures behind it: the three pulls just made, the questions of this stack, each interpretation once.
  const figures = await (await fetch(`${stack.url}/reports/annual.json?year=${year}`, { headers: auth })).json() as any;
  expect(figures.totals.feedPulls).toBeGreaterThanOrEqual(3);
  expect(figures.totals.downloads).toBe(1);
  expect(figures.accounts.find((a: any) => a.code === 'jx-hall-kiosk').downloads).toBe(1);
  expect(figures.accounts.find((a: any) => a.code === 'jx-portal').feedPulls).toBeGreaterThanOrEqual(3);
  expect(figures.totals.interpretations).toBe(figures.departments.reduce((n: number, d: any) => n + d.interpretations, 0));
  const healthcare = figures.departments.find((d: any) => d.code === 'jx-healthcare');
  expect(healthcare.byFormat.reduce((n: number, f: any) => n + f.count, 0)).toBe(healthcare.interpretations);
  expect(healthcare.byChannel.map((c: any) => c.channel)).toEqual(expect.arrayContaining(['web', 'feeds']));
  const agriculture = figures.departments.find((d: any) => d.code === 'jx-agriculture');
  expect(agriculture.questions.received).toBeGreaterThanOrEqual(0);
  const department = await fetch(`${stack.url}/reports/annual?year=${year}&department=jx-healthcare`, { headers: auth });
  expect(await department.text()).not.toContain('莒县农业农村局');
  expect((await fetch(`${stack.url}/reports/annual?year=${year}&account=no-such-account`, { headers: auth })).status).toBe(404);
  expect((await fetch(`${stack.url}/reports/annual?year=nineteen`, { headers: auth })).status).toBe(400);
  expect((await fetch(`${stack.url}/reports/annual?year=${year}`)).status).toBe(401);

  const pdf = await fetch(`${stack.url}/reports/annual.pdf?year=${year}`, { headers: auth });
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const dir = process.env.REPORT_OUT ?? mkdtempSync(path.join(os.tmpdir(), 'tongyuan-report-'));
  writeFileSync(path.join(dir, 'annual.pdf'), bytes);
  execFileSync('pdftoppm', ['-png', '-r', '50', path.join(dir, 'annual.pdf'), path.join(dir, 'page')]);
  const pages = readdirSync(dir).filter((f) => f.startsWith('page')).sort();
  expect(pages.length).toBeGreaterThanOrEqual(2);
  const stats = await sharp(path.join(dir, pages[0])).stats();
  expect(stats.channels[0].mean).toBeLessThan(250); // ink on the first page, not a blank sheet
}, 120_000);

it('scopes findings and figures to each county: two counties with a WeChat account and a kiosk each', async () => {
  // 会同 gets a WeChat account beside its kiosk (莒县 has both; 宜春's WeChat account is in the demo registry too).
  expect((await cm().create(ACCOUNT, {
    name: '会同发布（微信公众号）', code: 'ht-wechat-fabu', platform: 'wechat', handle: 'huitongfabu', carries: 'all', administrator: '县融媒体中心 吴芳',
    department: (await idsOf('api::department.department', ['ht-gov-office']))[0], openedOn: '2016-05-01', staleAfterDays: 7, active: true,
  })).status).toBe(201);
  // A 莒县 interpretation on the county hall's kiosk whose kiosk rendition failed (staged in the store, as in the first test).
  const kioskDoc = await cm().create(INTERPRETATION, {
    title: '莒县大厅医保帮办指南', slug: 'jx-hall-medical-help', digest: '帮办', body: '到为民服务大厅医保窗口办理。', stage: 'office_signoff',
    keyPoints: [{ heading: '窗口', text: '一楼医保窗口' }], department: (await idsOf('api::department.department', ['jx-healthcare']))[0],
    channels: await idsOf('api::channel.channel', ['web', 'feeds']), sites: await idsOf('api::site.site', ['juxian-portal']),
    kioskTerminals: await idsOf('api::kiosk-terminal.kiosk-terminal', ['jx-service-hall']),
  });
  expect((await cm().publish(INTERPRETATION, kioskDoc.body.data.documentId)).status).toBe(200);
  await waitFor('the kiosk guide', async () => (await fetch(`${stack.url}/sites/juxian-portal/interpretations/jx-hall-medical-help.html`)).status === 200, 60_000, 500);
  const staged = await services.db.selectFrom('documents').select(['document_id', 'latest_hash']).where('slug', '=', 'jx-hall-medical-help').executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  await services.db.insertInto('renditions').values({
    document_id: staged.document_id, channel: 'kiosk', hash: staged.latest_hash!, status: 'failed', progress: 0, attempts: 5,
    error_code: 'RENDER_FAILED', error_message: '触摸屏轮播图无法绘制', created_at: at, updated_at: at, generation: 0,
  }).execute();

  const result = await inspect();
  const failed = (account: string) => findingsOf(result, account).filter((f: any) => f.kind === 'failed_render').map((f: any) => f.detail);
  // 莒县's failures on 莒县's accounts only: the WeChat failure (first test) on its main account, the kiosk failure on its own hall's kiosk.
  expect(failed('jx-wechat-fabu')).toEqual([expect.stringContaining('封面图已损坏')]);
  expect(failed('jx-hall-kiosk')).toEqual([expect.stringContaining('触摸屏轮播图无法绘制')]);
  for (const other of ['yc-yiqiwen-wechat', 'ht-wechat-fabu', 'ht-hall-kiosk']) expect([other, failed(other)]).toEqual([other, []]);

  // Counties as a scope: each finding carries its account's county; ?county= shows one county's only.
  expect(findingsOf(result, 'jx-hall-kiosk').every((f: any) => f.county === 'juxian')).toBe(true);
  expect(findingsOf(result, 'ht-hall-kiosk')).toEqual([expect.objectContaining({ kind: 'stale', county: 'huitong' })]);
  const scoped = async (county: string) => (await (await fetch(`${stack.url}/status/inspection.json?county=${county}`, { headers: auth })).json()) as any;
  const huitong = await scoped('huitong');
  expect(huitong.county).toEqual({ code: 'huitong', name: '会同县' });
  expect(huitong.findings.map((f: any) => f.account)).toEqual(expect.arrayContaining(['ht-hall-kiosk', 'ht-wechat-fabu']));
  expect(huitong.findings.every((f: any) => f.county === 'huitong')).toBe(true);
  const juxian = await scoped('juxian');
  expect(juxian.findings.map((f: any) => f.detail)).toContainEqual(expect.stringContaining('触摸屏轮播图无法绘制')); // 莒县's kiosk only
  expect(JSON.stringify(huitong)).not.toContain('触摸屏轮播图无法绘制');
  expect(juxian.findings.some((f: any) => f.account.startsWith('ht-'))).toBe(false);
  const statusOf = async (query: string) => (await (await fetch(`${stack.url}/status${query}`, { headers: auth })).text()).replace(/&#x3D;/g, '=');
  const juxianPage = await statusOf('?county=juxian');
  expect(juxianPage).toContain('<title>莒县 · 巡检 - 同源</title>');
  expect(juxianPage).toContain('触摸屏轮播图无法绘制');
  expect(juxianPage).not.toContain('ht-service-center'); // 会同's terminal is not on 莒县's page
  expect(juxianPage).toContain('href="/status/inspection.csv?county=juxian"');
  expect(await statusOf('?county=huitong')).not.toContain('触摸屏轮播图无法绘制');
  expect(await statusOf('')).toContain('<a href="/status?county=huitong">会同县</a>'); // the picker, when unscoped
  const unknown = await fetch(`${stack.url}/status?county=atlantis`, { headers: auth });
  expect(unknown.status).toBe(404);
  expect((await unknown.json() as any).message).toContain('没有代码为“atlantis”的区县');
  const csv = (await (await fetch(`${stack.url}/status/inspection.csv?county=huitong`, { headers: auth })).text()).replace(/^\uFEFF/, '').trim().split('\n');
  expect(csv[0].startsWith('区县,主办部门,账号')).toBe(true);
  expect(csv.slice(1).every((line) => line.startsWith('会同县,'))).toBe(true);

  // Each kiosk's figures are its own terminal's: what is live for it, its downloads, its own sync.
  const liveFor = async (terminal: string) => (await services.db.selectFrom('renditions').select('payload').where('channel', '=', 'kiosk').where('live_at', 'is not', null).where('status', '=', 'live').execute())
    .filter((r) => (JSON.parse(r.payload!).terminals as Array<{ code: string }>).some((t) => t.code === terminal)).length;
  const htManifest = await (await fetch(`${stack.url}/kiosk/ht-service-center/manifest.json`)).json() as any;
  // A slide only the kiosk carries (a 一图读懂 panel may be the same file on the portal, and a download is the file's owner's).
  const ownersOf = (sha256: string) => services.db.selectFrom('artifact_refs').innerJoin('live', 'live.rendition_id', 'artifact_refs.rendition_id')
    .select(['live.channel', 'live.document_id']).where('artifact_refs.sha256', '=', sha256).execute();
  let htImage: any;
  for (const file of htManifest.items.flatMap((i: any) => i.files).filter((f: any) => /\.png$/.test(f.name))) {
    const owners = await ownersOf(file.sha256);
    if (owners.every((o) => o.channel === 'kiosk') && new Set(owners.map((o) => o.document_id)).size === 1) htImage = file;
  }
  expect(htImage).toBeDefined();
  expect((await fetch(new URL(htImage.url, stack.url))).status).toBe(200);
  const year = new Date().getUTCFullYear();
  const report = async (query = '') => (await (await fetch(`${stack.url}/reports/annual.json?year=${year}${query}`, { headers: auth })).json()) as any;
  const before = await report();
  const row = (figures: any, code: string) => figures.accounts.find((a: any) => a.code === code);
  expect(row(before, 'ht-hall-kiosk')).toMatchObject({ published: await liveFor('ht-service-center'), downloads: 1, lastUpdateAt: null });
  expect(row(before, 'jx-hall-kiosk')).toMatchObject({ published: await liveFor('jx-service-hall'), downloads: 1 });
  expect(row(before, 'jx-hall-kiosk').published).not.toBe(row(before, 'ht-hall-kiosk').published);
  const html = await (await fetch(`${stack.url}/reports/annual?year=${year}`, { headers: auth })).text();
  const htRow = html.slice(html.indexOf('<tr data-code="ht-hall-kiosk">'));
  expect(htRow.slice(0, htRow.indexOf('</tr>'))).toContain('从未同步'); // a kiosk that never synced, not "never published"
  await fetch(`${stack.url}/kiosk/ht-service-center/heartbeat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: htManifest.version, items: htManifest.items.length }) });
  const after = await report();
  const beat = await services.db.selectFrom('kiosk_heartbeats').select(['terminal', 'seen_at']).execute();
  expect(row(after, 'ht-hall-kiosk').lastUpdateAt).toBe(beat.find((b) => b.terminal === 'ht-service-center')!.seen_at);
  expect(row(after, 'jx-hall-kiosk').lastUpdateAt).toBe(beat.find((b) => b.terminal === 'jx-service-hall')!.seen_at);

  // An account's own report: only its county's departments; the county WeChat accounts' figures differ.
  const htKiosk = await report('&account=ht-hall-kiosk');
  expect(htKiosk.departments.map((d: any) => d.code).every((c: string) => c.startsWith('ht-'))).toBe(true);
  expect(htKiosk.totals.interpretations).toBeGreaterThan(0);
  const yichun = await report('&account=yc-yiqiwen-wechat');
  expect(yichun.departments.map((d: any) => d.code)).toEqual(expect.arrayContaining(['yc-industry']));
  expect(yichun.departments.map((d: any) => d.code).every((c: string) => c.startsWith('yc-'))).toBe(true);

  // A county's report: its accounts, and its departments' documents and questions.
  const htReport = await report('&county=huitong');
  expect(htReport.scope).toEqual({ kind: 'county', code: 'huitong', name: '会同县' });
  expect(htReport.accounts.map((a: any) => a.code).sort()).toEqual(['ht-hall-kiosk', 'ht-wechat-fabu']);
  expect(htReport.departments.length).toBeGreaterThan(0);
  expect(htReport.departments.every((d: any) => d.code.startsWith('ht-'))).toBe(true);
  const jxReport = await report('&county=juxian');
  expect(jxReport.accounts.every((a: any) => a.code.startsWith('jx-'))).toBe(true);
  expect(jxReport.departments.map((d: any) => d.code)).toEqual(expect.arrayContaining(['jx-healthcare']));
  expect(htReport.totals.interpretations + jxReport.totals.interpretations).toBeLessThanOrEqual(after.totals.interpretations);
  expect(htReport.totals.interpretations).toBeLessThan(jxReport.totals.interpretations);
  const htHtml = await (await fetch(`${stack.url}/reports/annual?year=${year}&county=huitong`, { headers: auth })).text();
  expect(htHtml).toContain(`会同县 · ${year} 年度政务新媒体与政策解读发布报告`);
  expect(htHtml).not.toContain('莒县医疗保障局');
  expect((await fetch(`${stack.url}/reports/annual.json?year=${year}&county=atlantis`, { headers: auth })).status).toBe(404);
}, 180_000);

it("gives a county's staff their county's inspection and report through the CMS, and the city office every county's", async () => {
  const login = (email: string) => adminLogin(stack.cms.url, email, DEMO_PASSWORD);
  const [office, tax, city] = [await login('office@tongyuan.local'), await login('chen-jing@tongyuan.local'), await login('city@tongyuan.local')];
  const ask = (token: string, query: string) => fetch(`${stack.cms.url}/tongyuan/${query}`, { headers: { authorization: `Bearer ${token}` } });
  const findings = async (token: string, query = '') => (await (await ask(token, `inspection?format=json${query}`)).json()) as any;
  // 莒县政府办: 莒县's findings only, whatever it asks for.
  const juxian = await findings(office);
  expect(juxian.county.code).toBe('juxian');
  expect(juxian.findings.length).toBeGreaterThan(0);
  expect(juxian.findings.every((f: any) => f.county === 'juxian')).toBe(true);
  expect(juxian.findings.map((f: any) => f.detail)).toContainEqual(expect.stringContaining('触摸屏轮播图无法绘制'));
  const refused = await ask(office, 'inspection?format=json&county=huitong');
  expect(refused.status).toBe(403);
  expect((await refused.json() as any).message).toBe('你只能查看本区县（莒县）的巡检和报告');
  expect((await ask(office, 'report?format=html&county=huitong')).status).toBe(403);
  expect((await findings(office, '&county=juxian')).county.code).toBe('juxian');
  // 广东税务's interpreter: none of 莒县's or 会同's.
  const guangdong = await findings(tax);
  expect(guangdong.county.code).toBe('guangdong-tax');
  expect(JSON.stringify(guangdong)).not.toContain('触摸屏轮播图无法绘制');
  expect(guangdong.findings.every((f: any) => f.county === 'guangdong-tax')).toBe(true);
  // The city office: every county's, or the one it picks.
  const all = await findings(city);
  expect(all.county).toBeNull();
  expect(all.findings.map((f: any) => f.county)).toEqual(expect.arrayContaining(['juxian', 'huitong']));
  const picked = await findings(city, '&county=huitong');
  expect(picked.findings.length).toBeGreaterThan(0);
  expect(picked.findings.every((f: any) => f.county === 'huitong')).toBe(true);
  expect((await ask(city, 'inspection?format=json&county=atlantis')).status).toBe(404);
  // The CSV and the report, as the county's office downloads them.
  const csv = await ask(office, 'inspection?format=csv');
  expect(csv.headers.get('content-type')).toContain('text/csv');
  expect((await csv.text()).split('\n').slice(1).filter(Boolean).every((line) => line.startsWith('莒县,'))).toBe(true);
  const year = new Date().getUTCFullYear();
  const html = await ask(office, `report?format=html&year=${year}`);
  expect(html.status).toBe(200);
  const page = await html.text();
  expect(page).toContain(`莒县 · ${year} 年度政务新媒体与政策解读发布报告`);
  expect(page).not.toContain('会同县');
  const pdf = await ask(office, `report?format=pdf&year=${year}`);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  expect((await fetch(`${stack.cms.url}/tongyuan/inspection?format=json`)).status).toBe(401);

  // 莒县's status page as staff see it, for looking at.
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 }, httpCredentials: { username: OPS.user, password: OPS.password } });
    const tab = await context.newPage();
    await tab.goto(`${stack.url}/status?county=juxian`);
    await tab.evaluate(() => document.fonts.ready);
    expect(await tab.locator('h1').textContent()).toBe('莒县 · 巡检与发布状态');
    await tab.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-status-juxian.png'), fullPage: true });
    // The admin's page, as 莒县政府办 opens it from the menu (logged in with its token).
    const admin = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    await admin.addInitScript((token) => {
      localStorage.setItem('jwtToken', JSON.stringify(token));
      localStorage.setItem('isLoggedIn', 'true');
      localStorage.setItem('strapi-admin-language', 'zh-Hans');
    }, office);
    const panel = await admin.newPage();
    await panel.goto(`${stack.cms.url}/admin/tongyuan-inspection`);
    await panel.getByRole('heading', { name: '莒县 · 巡检' }).waitFor({ timeout: 60_000 });
    await panel.getByText('触摸屏轮播图无法绘制').first().waitFor();
    await panel.evaluate(() => document.fonts.ready);
    await panel.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-admin-inspection-juxian.png') });
  } finally {
    await browser.close();
  }
}, 120_000);

it('checks everything live again when the office changes the norms dictionary (表述规范库), and refuses an entry that would misfire', async () => {
  const NORM = 'api::norm-entry.norm-entry';
  // A one-character wrong form would be flagged all over the text: refused, with what to change.
  const refused = await cm().create(NORM, { kind: 'typo', wrong: '帐', right: '账', severity: 'general', source: '本办决定' });
  expect(refused.status).toBe(400);
  expect(JSON.stringify(refused.body)).toContain('至少两个字');
  // A reform renames the healthcare bureau (a test's assumption, not a real one): its old name is now an outdated form.
  const before = (await latest()).run.id;
  const created = await cm().create(NORM, { kind: 'outdated', wrong: '莒县医疗保障局', right: '莒县医疗保障服务中心', severity: 'serious', source: '测试用的机构调整', since: '2026-09-01' });
  expect(created.status).toBe(201);
  try {
    // The CMS's webhook asks for an inspection at once: the portal, which lists the bureau's interpretations, is flagged.
    const result = await waitFor('an inspection with the new entry', async () => {
      const r = await latest();
      return r.run.id > before && findingsOf(r, 'jx-portal').some((f: any) => f.kind === 'wording') ? r : undefined;
    }, 120_000, 500);
    expect(findingsOf(result, 'jx-portal')).toContainEqual(expect.objectContaining({
      kind: 'wording', detail: expect.stringMatching(/^《.+》“莒县医疗保障局”已改为“莒县医疗保障服务中心”（2026-09-01 起）（过时表述，严重；来源：测试用的机构调整）(（\d+ 次）)?$/),
    }));
  } finally {
    expect((await cm().remove(NORM, created.body.data.documentId)).status).toBe(200);
  }
});

it('tracks 重要信息转载: marked by the city office for 莒县 and 会同, reposted by 莒县 in one click — 100 % and 0 % with the overdue item named', async () => {
  const login = (email: string) => adminLogin(stack.cms.url, email, DEMO_PASSWORD);
  const [city, office] = [await login('city@tongyuan.local'), await login('office@tongyuan.local')];
  const asCity = contentManager(stack.cms.url, city);
  const asOffice = contentManager(stack.cms.url, office);
  const repost = (token: string, documentId = '') => fetch(`${stack.cms.url}/tongyuan/repost${documentId ? `/${documentId}` : ''}`, {
    method: documentId ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: documentId ? '{}' : undefined,
  });
  // 会同's portal is a registered account too: a site owes what its county is asked to repost.
  expect((await cm().create(ACCOUNT, {
    name: '会同县人民政府门户网站', code: 'ht-portal', platform: 'site', carries: 'all', administrator: '县政府办 杨军', openedOn: '2015-01-01', staleAfterDays: 14, active: true,
    department: (await idsOf('api::department.department', ['ht-gov-office']))[0], site: (await idsOf('api::site.site', ['huitong-portal']))[0],
  })).status).toBe(201);
  const counties = await idsOf('api::county.county', ['juxian', 'huitong']);
  // A 宜春市 notice, ready to sign off; the city office marks it for 莒县 and 会同 within 3 days and publishes it.
  const created = await cm().create(INTERPRETATION, {
    title: '关于做好今冬明春森林防火工作的通知', slug: 'city-winter-fire-prevention', digest: '森林防火', body: '进入森林防火期，严禁野外用火。', stage: 'office_signoff',
    keyPoints: [{ heading: '防火期', text: '11月1日至次年4月30日' }], department: (await idsOf('api::department.department', ['yc-gov-office']))[0],
    channels: await idsOf('api::channel.channel', ['web', 'feeds']), sites: await idsOf('api::site.site', ['yichun-portal']),
  });
  const original = created.body.data.documentId as string;
  // A county's staff may not mark anything (their own county's item here); the city office may.
  const jxOwn = (await cm().list(INTERPRETATION, 'page=1&pageSize=1&filters[slug][$eq]=jx-inpatient-reimbursement')).body.results[0].documentId as string;
  const refusedMark = await asOffice.update(INTERPRETATION, jxOwn, { repostCounties: counties });
  expect(refusedMark.status).toBe(403);
  expect(refusedMark.body.error.message).toContain('由市级政府办公室标记');
  expect((await asCity.update(INTERPRETATION, original, { repostCounties: counties, repostWithinDays: 3 })).status).toBe(200);
  expect((await asCity.publish(INTERPRETATION, original)).status).toBe(200);
  await waitFor('the city notice', async () => (await fetch(`${stack.url}/sites/yichun-portal/interpretations/city-winter-fire-prevention.html`)).status === 200, 60_000, 500);

  // 莒县's office sees it asked of 莒县 and reposts it with one click: a publication of 莒县's, on its sites, crediting the source.
  const listed = await (await repost(office)).json() as any;
  expect(listed.county.code).toBe('juxian');
  expect(listed.items).toContainEqual(expect.objectContaining({ documentId: original, days: 3, counties: [expect.objectContaining({ code: 'juxian', copy: null })] }));
  // The click, in 莒县政府办's admin page (menu link 重要信息转载), looked at before and after.
  const browser = await launchChromium();
  try {
    const admin = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await admin.addInitScript((token) => {
      localStorage.setItem('jwtToken', JSON.stringify(token));
      localStorage.setItem('isLoggedIn', 'true');
      localStorage.setItem('strapi-admin-language', 'zh-Hans');
    }, office);
    const tab = await admin.newPage();
    const look = async (name: string) => {
      await tab.evaluate(() => document.fonts.ready);
      await tab.screenshot({ path: path.join(os.tmpdir(), `tongyuan-admin-repost-${name}.png`) });
    };
    await tab.goto(`${stack.cms.url}/admin/tongyuan-repost`);
    await tab.getByText('《关于做好今冬明春森林防火工作的通知》').waitFor({ timeout: 60_000 });
    await tab.getByText('待转载').waitFor();
    await look('before');
    await tab.getByRole('button', { name: '一键转载' }).click();
    await tab.getByRole('status').filter({ hasText: '已转载到莒县' }).waitFor({ timeout: 30_000 });
    await tab.getByText('已转载', { exact: true }).waitFor();
    await look('after');
  } finally {
    await browser.close();
  }
  expect((await repost(office, original)).status).toBe(200); // once is enough: asked again, it says it is done
  const page = await waitFor("the repost on 莒县's portal", async () => {
    const r = await fetch(`${stack.url}/sites/juxian-portal/interpretations/juxian-zz-city-winter-fire-prevention.html`);
    return r.status === 200 ? r.text() : undefined;
  }, 60_000, 500);
  expect(page).toContain('来源：宜春市人民政府办公室　转载自《关于做好今冬明春森林防火工作的通知》');
  // Only a county named may repost, and only its office.
  const notAsked = await repost(office, jxOwn);
  expect(notAsked.status).toBe(403);
  expect((await notAsked.json() as any).message).toContain('没有要求莒县转载');
  expect((await repost(city, original)).status).toBe(403);

  // Four days later (the marked revision's arrival staged back): 莒县 reposted in time, 会同 is overdue.
  const stagedAt = new Date(Date.now() - 4 * 86_400_000).toISOString();
  await services.db.updateTable('revisions').set({ created_at: stagedAt }).where('document_id', '=', original).execute();
  const result = await inspect();
  expect(findingsOf(result, 'ht-portal')).toContainEqual(expect.objectContaining({
    kind: 'repost_overdue', kindName: '重要信息未按时转载', county: 'huitong', detail: expect.stringMatching(/^《关于做好今冬明春森林防火工作的通知》（宜春市人民政府办公室）应于 .+ 前转载，已逾期 1 天；本账号转载率 0%（0\/1）$/),
  }));
  for (const site of ['jx-portal', 'jx-xiazhuang-site']) expect(findingsOf(result, site).filter((f: any) => f.kind === 'repost_overdue')).toEqual([]);
  const status = await (await fetch(`${stack.url}/status`, { headers: { ...auth, accept: 'application/json' } })).json() as any;
  const rateOf = (list: any[], code: string) => list.find((a: any) => a.account === code);
  expect(rateOf(status.reposting.accounts, 'jx-portal')).toMatchObject({ county: 'juxian', required: 1, reposted: 1, rate: 1, overdue: [] });
  expect(rateOf(status.reposting.accounts, 'jx-xiazhuang-site')).toMatchObject({ rate: 1 });
  expect(rateOf(status.reposting.accounts, 'ht-portal')).toMatchObject({
    county: 'huitong', required: 1, reposted: 0, rate: 0, overdue: [expect.objectContaining({ documentId: original, title: '关于做好今冬明春森林防火工作的通知' })],
  });
  expect(rateOf(status.reposting.accounts, 'jx-wechat-fabu')).toBeUndefined(); // the notice went to sites and feeds, not to WeChat
  const huitongPage = await (await fetch(`${stack.url}/status?county=huitong`, { headers: auth })).text();
  expect(huitongPage).toContain('重要信息转载');
  expect(huitongPage).toMatch(/<td class="bad">0%<\/td><td><span class="bad">《关于做好今冬明春森林防火工作的通知》<\/span>/);
  const year = new Date(stagedAt).getUTCFullYear();
  const figures = await (await fetch(`${stack.url}/reports/annual.json?year=${year}`, { headers: auth })).json() as any;
  const reportOf = (code: string) => figures.accounts.find((a: any) => a.code === code).reposting;
  expect(reportOf('jx-portal')).toEqual({ required: 1, reposted: 1, rate: 1, overdue: [] });
  expect(reportOf('ht-portal')).toEqual({ required: 1, reposted: 0, rate: 0, overdue: ['关于做好今冬明春森林防火工作的通知'] });
  expect(reportOf('ht-hall-kiosk')).toBeNull();
  const report = await (await fetch(`${stack.url}/reports/annual?year=${year}&county=huitong`, { headers: auth })).text();
  expect(report).toContain('重要信息转载');
  // 会同's status page as staff see it, for looking at.
  const viewer = await launchChromium();
  try {
    const tab = await (await viewer.newContext({ viewport: { width: 1100, height: 900 }, httpCredentials: { username: OPS.user, password: OPS.password } })).newPage();
    await tab.goto(`${stack.url}/status?county=huitong`);
    await tab.evaluate(() => document.fonts.ready);
    await tab.getByRole('heading', { name: '重要信息转载' }).scrollIntoViewIfNeeded();
    await tab.screenshot({ path: path.join(os.tmpdir(), 'tongyuan-status-reposting-huitong.png') });
  } finally {
    await viewer.close();
  }
}, 240_000);

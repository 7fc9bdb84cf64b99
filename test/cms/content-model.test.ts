import { rmSync } from 'node:fs';
import { ADMIN, startCms, TEST_HOOK_SECRET, TEST_TOKEN, type Cms } from '../support/cms';
import { waitFor } from '../support/processes';
import { adminLogin, contentApi, contentManager, INTERPRETATION, POLICY_DOCUMENT } from '../support/strapi-api';
import { startWebhookReceiver } from '../support/webhook-receiver';

/** The single source: the real Strapi on a temporary SQLite file, with the demo content. */
let cms: Cms;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
let admin: ReturnType<typeof contentManager>;
let adminJwt: string;

beforeAll(async () => {
  // Standing in for the publisher: webhooks are recorded; the check before publishing (表述规范库) finds nothing.
  hooks = await startWebhookReceiver({
    respond: ({ path }) => (path.endsWith('/hooks/norms/check') ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"findings":[],"dictionary":"test"}' } : 204),
  });
  cms = await startCms({ env: { PUBLISHER_HOOK_URL: hooks.url, HOOK_SECRET: TEST_HOOK_SECRET } });
  adminJwt = await adminLogin(cms.url, ADMIN.email, ADMIN.password);
  admin = contentManager(cms.url, adminJwt);
}, 180_000);

afterAll(async () => {
  await cms?.stop();
  if (cms) rmSync(cms.dataDir, { recursive: true, force: true }); // its temporary database
  await hooks?.close();
});

const EXPECTED_FIELDS: Record<string, string[]> = {
  'api::policy-document.policy-document': [
    'title', 'documentNumber', 'issuingDepartment', 'issuedDate', 'validFrom', 'validTo', 'supersedes',
    'clauses', 'fullText', 'attachments', 'tags', 'items', 'lists', 'sites',
  ],
  'api::interpretation.interpretation': [
    'title', 'slug', 'digest', 'body', 'keyPoints', 'qa', 'basis', 'department', 'interpreters', 'brandColumn',
    'format', 'cover', 'coverFocusX', 'coverFocusY', 'images', 'channels', 'sites', 'kioskTerminals', 'screeningRegions', 'overrides', 'tags',
    'items', 'goLiveAt', 'stage',
  ],
  'api::department.department': ['name', 'code', 'kind', 'region', 'hotline'],
  'api::interpreter.interpreter': ['name', 'code', 'department', 'title', 'expertise', 'adminUser'],
  'api::tag-dimension.tag-dimension': ['name', 'code', 'description', 'tags'],
  'api::tag.tag': ['name', 'code', 'dimension', 'exclusionGroup'],
  'api::policy-list.policy-list': ['name', 'code', 'description', 'policies'],
  'api::site.site': ['name', 'code', 'kind', 'parent', 'domain'],
  'api::channel.channel': ['name', 'code', 'enabled'],
  'api::kiosk-terminal.kiosk-terminal': ['name', 'code', 'location', 'site', 'orientation', 'staleAfterHours'],
  'api::screening-region.screening-region': ['name', 'code', 'description'],
  'api::tv-station.tv-station': ['name', 'code', 'format', 'tickerMaxChars', 'tickerEncoding', 'tickerLineEnding', 'county'],
  'api::brand-column.brand-column': ['name', 'code'],
  'api::stage-transition.stage-transition': ['interpretationDocumentId', 'fromStage', 'toStage', 'actor', 'at'],
};

describe('content model', () => {
  it('has every content type with its fields, Chinese display names, and draft & publish where authors publish', async () => {
    const { status, body } = await admin.contentTypes();
    expect(status).toBe(200);
    const byUid = new Map<string, any>(body.data.map((ct: any) => [ct.uid, ct]));
    for (const [uid, fields] of Object.entries(EXPECTED_FIELDS)) {
      const ct = byUid.get(uid);
      expect(ct).toBeDefined();
      expect(Object.keys(ct.attributes)).toEqual(expect.arrayContaining(fields));
      expect(ct.info.displayName).toMatch(/\p{Script=Han}/u);
    }
    expect(byUid.get(INTERPRETATION).options.draftAndPublish).toBe(true);
    expect(byUid.get(POLICY_DOCUMENT).options.draftAndPublish).toBe(true);
  });

  it('has addressable clauses and the interpretation components', async () => {
    const { body } = await admin.components();
    const uids = body.data.map((c: any) => c.uid);
    expect(uids).toEqual(expect.arrayContaining([
      'policy.clause', 'policy.item', 'interpretation.key-point', 'interpretation.qa', 'interpretation.basis', 'interpretation.channel-override',
    ]));
  });
});

describe('demo content', () => {
  const api = () => contentApi(cms.url, TEST_TOKEN);

  it('publishes at least 12 interpretations with key points, Q&A, basis, department and targets', async () => {
    const { status, body } = await api().get(
      '/interpretations?status=published&pagination[pageSize]=100&populate[keyPoints]=true&populate[qa]=true&populate[basis][populate][policy]=true&populate[department]=true&populate[channels]=true&populate[sites]=true&populate[tags]=true',
    );
    expect(status).toBe(200);
    expect(body.data.length).toBeGreaterThanOrEqual(12);
    for (const item of body.data) {
      expect(item.keyPoints.length).toBeGreaterThan(0);
      expect(item.qa.length).toBeGreaterThan(0);
      expect(item.basis[0].policy.documentNumber).toBeTruthy();
      expect(item.department.name).toBeTruthy();
      expect(item.channels.length).toBeGreaterThan(0);
      expect(item.sites.length).toBeGreaterThan(0);
      expect(item.tags.length).toBeGreaterThanOrEqual(2);
    }
    const titles: string[] = body.data.map((i: any) => i.title);
    expect(titles.some((t) => [...t].length > 64)).toBe(true);
    const special = body.data.find((i: any) => /𠮷/u.test(i.title + i.body));
    expect(special).toBeDefined();
    for (const ch of [':', "'", '\\', '%']) expect(special.title + special.body).toContain(ch);
    expect(special.title + special.body).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('includes an expired policy and a superseded one, both published', async () => {
    const { body } = await api().get('/policy-documents?status=published&pagination[pageSize]=100&populate[supersedes]=true');
    const today = new Date().toISOString().slice(0, 10);
    expect(body.data.length).toBeGreaterThanOrEqual(12);
    expect(body.data.some((p: any) => p.validTo && p.validTo < today)).toBe(true);
    const successor = body.data.find((p: any) => p.supersedes);
    expect(successor).toBeDefined();
    expect(body.data.map((p: any) => p.documentId)).toContain(successor.supersedes.documentId);
  });

  it('gives the publisher a read-only token: it reads, it cannot write', async () => {
    expect((await api().get('/departments')).status).toBe(200);
    const write = await api().post('/departments', { name: '不该创建', code: 'nope' });
    expect(write.status).toBe(403);
    expect((await contentApi(cms.url, 'wrong-token').get('/departments')).status).toBe(401);
  });
});

describe('publishing through Strapi', () => {
  it('publishes and unpublishes, and tells the publisher each time with the shared secret', async () => {
    const created = await admin.create(INTERPRETATION, {
      title: '测试：城乡居民医保缴费提醒', slug: 'test-publish-roundtrip', digest: '测试用', stage: 'office_signoff',
    });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId;
    const published = await admin.publish(INTERPRETATION, documentId);
    expect(published.status).toBe(200);
    const live = await contentApi(cms.url, TEST_TOKEN).get(`/interpretations/${documentId}`);
    expect(live.status).toBe(200);
    expect(live.body.data.title).toBe('测试：城乡居民医保缴费提醒');

    const hook = await waitFor('the entry.publish webhook', async () =>
      hooks.received.find((h) => h.body?.event === 'entry.publish' && h.body?.entry?.documentId === documentId));
    expect(hook.headers['x-tongyuan-hook-secret']).toBe(TEST_HOOK_SECRET);

    expect((await admin.unpublish(INTERPRETATION, documentId)).status).toBe(200);
    expect((await contentApi(cms.url, TEST_TOKEN).get(`/interpretations/${documentId}`)).status).toBe(404);
    await waitFor('the entry.unpublish webhook', async () =>
      hooks.received.find((h) => h.body?.event === 'entry.unpublish' && h.body?.entry?.documentId === documentId));
  });
});

describe('invalid content is refused with a message that says what to fix', () => {
  it('refuses a basis clause the policy does not have', async () => {
    const { body: policies } = await admin.list(POLICY_DOCUMENT);
    const policy = policies.results[0];
    const created = await admin.create(INTERPRETATION, {
      title: '测试：错误的条款号', slug: 'test-wrong-clause',
      basis: [{ policy: policy.documentId, clauses: '第九十九条' }],
    });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain('“第九十九条”');
    expect(created.body.error.message).toContain(policy.documentNumber);
    const { body } = await admin.list(INTERPRETATION, 'page=1&pageSize=100&filters[slug][$eq]=test-wrong-clause');
    expect(body.results).toHaveLength(0); // nothing half-saved
  });

  it('refuses valid-to before valid-from', async () => {
    const created = await admin.create(POLICY_DOCUMENT, {
      title: '测试文件', documentNumber: '测试〔2026〕1号', validFrom: '2026-03-01', validTo: '2026-01-01',
      clauses: [{ number: '第一条', text: '测试' }],
    });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain('失效日期（2026-01-01）早于生效日期（2026-03-01）');
  });

  it('refuses publishing an interpretation that has not been signed off', async () => {
    const created = await admin.create(INTERPRETATION, { title: '测试：未签发', slug: 'test-not-signed-off' });
    const published = await admin.publish(INTERPRETATION, created.body.data.documentId);
    expect(published.status).toBe(400);
    expect(published.body.error.message).toContain('只有处于“办公室签发”阶段的解读才能发布');
  });

  it('refuses an event slug (网址名) an interpretation uses, and the other way round: one address space', async () => {
    const OPEN_EVENT = 'api::open-event.open-event';
    const { body: interpretations } = await admin.list(INTERPRETATION);
    const taken = interpretations.results[0];
    const event = { startsAt: '2026-08-01T01:30:00.000Z', endsAt: '2026-08-01T03:30:00.000Z', place: '测试大厅' };
    const clash = await admin.create(OPEN_EVENT, { ...event, title: '测试：开放日', slug: taken.slug });
    expect(clash.status).toBe(400);
    expect(clash.body.error.message).toBe(`网址名 ${taken.slug} 已被解读《${taken.title}》使用（两者的网页地址会相同），请换一个网址名`);
    expect((await admin.list(OPEN_EVENT, `filters[slug][$eq]=${taken.slug}`)).body.results).toHaveLength(0); // nothing half-saved

    const own = await admin.create(OPEN_EVENT, { ...event, title: '测试：网址名开放日', slug: 'test-shared-slug-day' });
    expect(own.status).toBe(201);
    const reverse = await admin.create(INTERPRETATION, { title: '测试：同名解读', slug: 'test-shared-slug-day' });
    expect(reverse.status).toBe(400);
    expect(reverse.body.error.message).toBe('网址名 test-shared-slug-day 已被开放活动《测试：网址名开放日》使用（两者的网页地址会相同），请换一个网址名');
    // Renaming an interpretation onto the event's address is refused the same way.
    const renamed = await admin.update(INTERPRETATION, taken.documentId, { slug: 'test-shared-slug-day' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.message).toContain('已被开放活动《测试：网址名开放日》使用');
    // The edit view's suggestion steps past the other kind's address, and its availability check calls it taken.
    const uid = async (route: string, body: object) => (await (await fetch(`${cms.url}/content-manager/uid/${route}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminJwt}` }, body: JSON.stringify(body),
    })).json()) as any;
    expect((await uid('generate', { contentTypeUID: INTERPRETATION, field: 'slug', data: { title: 'test shared slug day' } })).data).toBe('test-shared-slug-day-1');
    expect((await uid('check-availability', { contentTypeUID: INTERPRETATION, field: 'slug', value: 'test-shared-slug-day' })).isAvailable).toBe(false);
    expect((await uid('check-availability', { contentTypeUID: OPEN_EVENT, field: 'slug', value: taken.slug })).isAvailable).toBe(false);
    expect((await uid('check-availability', { contentTypeUID: INTERPRETATION, field: 'slug', value: 'test-shared-slug-day-1' })).isAvailable).toBe(true);
  });
});

import { graphql, startStack, type Stack } from '../support/stack';
import { TEST_HOOK_SECRET, ADMIN } from '../support/cms';
import { waitFor } from '../support/processes';
import { adminLogin, contentManager, INTERPRETATION, policyEndDate } from '../support/strapi-api';

/**
 * TV stations on the demo content (莒县融媒体中心 takes 1080i25, 会同县融媒体中心 1080p25 with
 * 30-character ticker lines; one interpretation each): published → the clip live in GraphQL with
 * its `changes` row → the station's page lists the clip and the day's ticker, both download
 * (resumably), the ticker in the station's encoding (GBK, CRLF) → preflight says what the ticker
 * cuts, the preview opens with the slate → its basis ended (then lifted), and withdrawn in the CMS →
 * off the page, the package and the ticker within seconds. Speech is off: the clip's
 * coding and loudness are test/channels/tv.test.ts's.
 */
let stack: Stack;
let cm: ReturnType<typeof contentManager>;
let token: string;
const page = async (station: string) => {
  const response = await fetch(`${stack.url}/tv/${station}`);
  return { status: response.status, html: await response.text() };
};
const links = (html: string, ext: string) => [...html.matchAll(new RegExp(`href="(/files/[0-9a-f]{64}/[^"]+\\.${ext})"`, 'g'))].map((m) => m[1]);
const docBySlug = async (slug: string) => (await cm.list(INTERPRETATION, 'page=1&pageSize=100')).body.results.find((d: { slug: string }) => d.slug === slug);

beforeAll(async () => {
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,tv' }, workerEnv: { SPEECH_ENGINE: 'off' } });
  cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  token = await stack.token(['create', '--name', 'tv-ops', '--channels', 'tv']);
  await waitFor('both stations\' packages built', async () => {
    const [juxian, huitong] = await Promise.all([page('juxian-tv'), page('huitong-tv')]);
    return links(juxian.html, 'mp4').length === 1 && links(huitong.html, 'mp4').length === 1 && links(huitong.html, 'txt').length === 1;
  }, 120_000, 250);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

it('serves each station its day\'s clip and ticker, live in GraphQL with a change row', async () => {
  const doc = await docBySlug('ht-old-residential-renovation');
  const { body } = await graphql(stack, token, `query($id: ID!) { publication(documentId: $id) { channels { channel status } }
    changes(channels: ["tv"]) { changes { documentId kind rendition { artifacts { name mime } } } } }`, { id: doc.documentId });
  expect(body.data.publication.channels).toContainEqual({ channel: 'tv', status: 'LIVE' });
  const change = body.data.changes.changes.find((c: { documentId: string }) => c.documentId === doc.documentId);
  expect(change.kind).toBe('UPSERT');
  expect(change.rendition.artifacts).toEqual([{ name: 'ht-old-residential-renovation-tv-1080p25.mp4', mime: 'video/mp4' }]);

  const huitong = await page('huitong-tv');
  expect(huitong.html).toContain('会同县融媒体中心送播包');
  expect(huitong.html).toContain('MP4 H.264 1080p25');
  expect(huitong.html).toContain(doc.title);
  expect(huitong.html).not.toContain('住院'); // Juxian's clip is on Juxian's page
  const [clip] = links(huitong.html, 'mp4');
  const head = await fetch(`${stack.url}${clip}`, { headers: { range: 'bytes=0-11' } });
  expect(head.status).toBe(206);
  expect(Buffer.from(await head.arrayBuffer()).subarray(4, 8).toString()).toBe('ftyp');
  // 会同县融媒体中心's playout reads GBK with Windows line ends: the file is written so, and says so.
  expect(huitong.html).toContain('文件编码 GBK，换行符 CRLF');
  const ticker = await fetch(`${stack.url}${links(huitong.html, 'txt')[0]}`);
  expect(ticker.headers.get('content-type')).toBe('text/plain; charset=gbk');
  const bytes = Buffer.from(await ticker.arrayBuffer());
  const text = new TextDecoder('gbk', { fatal: true }).decode(bytes); // an independent decoder (ICU's), not the encoder that wrote it
  expect(text.endsWith('\r\n')).toBe(true);
  expect(bytes.includes(Buffer.from('老旧小区', 'utf8'))).toBe(false); // not UTF-8
  const lines = text.split('\r\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect([...lines[0]].length).toBeLessThanOrEqual(30); // the station's limit: the long title shortened
  expect(lines[0]).toMatch(/^老旧小区怎么改…（咨询电话0745-8826120）$/u);

  const juxian = await page('juxian-tv');
  expect(juxian.html).toContain('1080i25 上场优先');
  expect(juxian.html).toContain((await docBySlug('jx-inpatient-reimbursement')).title.slice(0, 10));
  expect((await page('nowhere')).status).toBe(404);
  expect(await (await fetch(`${stack.url}/tv`)).text()).toContain('href="/tv/huitong-tv"');

  // What the author saw before publishing: the ticker's cut said, and the storyboard opening with the slate.
  const headers = { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET };
  const { findings } = (await (await fetch(`${stack.url}/hooks/preflight/interpretation/${doc.documentId}`, { headers })).json()) as { findings: Array<{ channel: string; level: string; message: string }> };
  expect(findings.filter((f) => f.channel === 'tv' && f.level === 'error')).toEqual([]);
  expect(findings).toContainEqual(expect.objectContaining({ channel: 'tv', level: 'warning', message: expect.stringContaining('会同县融媒体中心每条不超过 30 字') }));
  const { items } = (await (await fetch(`${stack.url}/hooks/preview/interpretation/${doc.documentId}`, { headers })).json()) as { items: Array<{ key: string; kind: string; frames?: Array<{ from: number; narration: string }> }> };
  const board = items.find((i) => i.key === 'tv-storyboard')!;
  expect(board.kind).toBe('storyboard');
  expect(board.frames![0]).toMatchObject({ from: 0, narration: expect.stringContaining('节目信息板') });
  expect(board.frames![1].from).toBe(5);
});

it('takes an interpretation whose basis ended off the station\'s page, package and ticker within seconds, and back when the end is lifted', async () => {
  const doc = await docBySlug('ht-old-residential-renovation');
  const basis = await policyEndDate(cm, '会政办发〔2024〕5号');
  const started = Date.now();
  await basis.setEnd('2025-12-31');
  try {
    await waitFor('gone from the page', async () => !(await page('huitong-tv')).html.includes(doc.title), 10_000, 100);
    console.log(`basis ended → off the Huitong station page in ${Date.now() - started} ms`);
    await waitFor('the package and ticker rebuilt empty', async () => {
      const now = await page('huitong-tv');
      return now.html.includes('今天没有送播的播出片') && now.html.includes('今天没有需要滚动播出的字幕') && links(now.html, 'txt').length === 0;
    }, 10_000, 100);
  } finally {
    await basis.setEnd(null);
  }
  await waitFor('back on the page with its ticker file', async () => {
    const now = await page('huitong-tv');
    return now.html.includes(doc.title) && links(now.html, 'txt').length === 1;
  }, 15_000, 200);
});

it('takes a withdrawn interpretation off the station\'s page, package and ticker within seconds', async () => {
  const doc = await docBySlug('ht-old-residential-renovation');
  const before = await page('huitong-tv');
  const [clip] = links(before.html, 'mp4');
  const started = Date.now();
  expect((await cm.unpublish(INTERPRETATION, doc.documentId)).status).toBe(200);
  await waitFor('gone from the page', async () => !(await page('huitong-tv')).html.includes(doc.title), 10_000, 100);
  console.log(`withdrawn → off the Huitong station page in ${Date.now() - started} ms`);
  expect((await fetch(`${stack.url}${clip}`)).status).toBe(404);
  const after = await waitFor('the package rebuilt empty', async () => {
    const now = await page('huitong-tv');
    return now.html.includes('今天没有送播的播出片') && now.html.includes('今天没有需要滚动播出的字幕') ? now : undefined;
  }, 10_000, 100);
  expect(links(after.html, 'txt')).toEqual([]);
  expect(links((await page('juxian-tv')).html, 'mp4')).toHaveLength(1); // the other station's untouched
});

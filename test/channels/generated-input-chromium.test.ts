import fc from 'fast-check';
import { channelFor, feedDocument, feedEntryOf, type FeedFormat, type FeedPayload, type PublishedDocument } from '@tongyuan/channels';
import type { Browser, Page } from 'playwright-core';
import { interpretationArb, PAYLOADS, policyArb } from '../support/adversarial-text';
import { launchChromium } from '../support/browser';
import { hostileInterpretation } from '../support/fixtures';
import { readJsonFeed, readWithRssParser } from '../support/markup-checks';
import { localRenderContext } from '../support/render-context';

/**
 * Feeds opened in headless Chromium as a reader renders their HTML fields: each entry's title,
 * summary and content of the RSS and Atom documents, and JSON Feed's content_html, put into a page
 * with innerHTML and into an iframe's srcdoc (where scripts do run). Every payload sets
 * window.__ran or calls a dialog; neither may happen. A control shows the check can fail.
 */
const SEED = Number(process.env.FC_SEED ?? 20261202);
const ALL = PAYLOADS.join('');
const handPicked: PublishedDocument = {
  ...hostileInterpretation(), documentId: 'chromium', slug: 'chromium', channels: ['feeds'], sites: [{ code: 'juxian-portal', name: `站点${ALL}`, kind: 'county' }],
  title: `标题 a < b & c ${ALL}`, digest: `摘要${ALL}<img src=x onerror=alert(1)>`, body: `正文${ALL}\n\n[链接](javascript:alert(1))`,
  keyPoints: [{ heading: `要点${ALL}`, text: `内容${ALL}` }], qa: [{ question: `问${ALL}`, answer: `答${ALL}` }], tags: [],
};
const documents: PublishedDocument[] = [
  handPicked,
  ...fc.sample(interpretationArb, { seed: SEED, numRuns: 6 }),
  ...fc.sample(policyArb, { seed: SEED, numRuns: 3 }),
];

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => browser?.close());

/**
 * Renders each field the way a feed reader does, each in two frames of one fresh page: set with
 * innerHTML, and as an iframe's srcdoc (where scripts run too). Returns the fields that ran anything.
 */
async function ranIn(fields: Array<[string, string]>): Promise<{ ran: string[]; dialogs: string[] }> {
  const page: Page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  // Nothing leaves the machine: an image from elsewhere fails at once, as an offline reader's would.
  await page.route('**/*', (route) => route.abort());
  await page.setContent('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body></body></html>');
  await page.evaluate(async (all) => {
    const frame = (name: string) => {
      const f = document.createElement('iframe');
      f.name = name;
      const loaded = new Promise((resolve) => { f.onload = resolve; });
      return { f, loaded };
    };
    const waits: Array<Promise<unknown>> = [];
    for (const [field, markup] of all) {
      const inner = frame(`innerHTML: ${field}`);
      inner.f.srcdoc = '<!doctype html><meta charset="utf-8"><body></body>';
      document.body.append(inner.f);
      waits.push(inner.loaded.then(() => { inner.f.contentDocument!.body.innerHTML = markup; }));
      const srcdoc = frame(`srcdoc: ${field}`);
      srcdoc.f.srcdoc = markup;
      document.body.append(srcdoc.f);
      waits.push(srcdoc.loaded);
    }
    await Promise.all(waits);
    // Handlers of images that fail to load (onerror), toggles and focus fire within a few frames.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }, fields);
  const ran: string[] = [];
  for (const f of page.frames()) {
    if (await f.evaluate(() => (window as unknown as { __ran?: unknown }).__ran !== undefined).catch(() => false)) ran.push(f.name() || 'the page');
  }
  await page.close();
  return { ran, dialogs };
}

async function feedFields(doc: PublishedDocument): Promise<Array<[string, string]>> {
  const local = localRenderContext();
  const payload = (await channelFor('feeds')!.render(doc, local.ctx)).payload as FeedPayload;
  const entry = feedEntryOf(payload, 'juxian-portal', { updatedAt: '2026-12-01T08:00:00Z', publishedAt: '2026-12-01T08:00:00Z', validity: '现行有效' });
  const head = {
    id: 'http://tongyuan.test/feeds/juxian-portal/interpretations', title: doc.sites[0].name, description: doc.sites[0].name, link: 'http://tongyuan.test/',
    copyright: doc.sites[0].name, updated: new Date(), feedLinks: { rss: 'http://tongyuan.test/a.rss', atom: 'http://tongyuan.test/a.atom', json: 'http://tongyuan.test/a.json' },
  };
  const fields: Array<[string, string]> = [];
  for (const format of ['rss', 'atom'] as FeedFormat[]) {
    const [read] = await readWithRssParser(feedDocument(format, head, [entry]));
    fields.push([`${format} title`, read.title], [`${format} summary`, read.summary], [`${format} content`, read.content]);
  }
  const [json] = readJsonFeed(feedDocument('json', head, [entry])).raw;
  fields.push(['json content_html', json.content]);
  return fields;
}

test('the check sees a script run: an unescaped payload in a reader sets the flag', async () => {
  expect(await ranIn([['bad', '<img src=x onerror="window.__ran=1">'], ['good', '<p>正文</p>']])).toEqual({ ran: ['innerHTML: bad', 'srcdoc: bad'], dialogs: [] });
  expect((await ranIn([['dialog', '<script>alert("跑了")</script>']])).dialogs).toEqual(['跑了']);
});

test.each(documents.map((doc, i) => [i === 0 ? 'hand-picked payloads' : `generated document ${i}`, doc] as const))('no script runs from the feed entry of %s', async (_name, doc) => {
  expect(await ranIn(await feedFields(doc))).toEqual({ ran: [], dialogs: [] });
}, 60_000);

import { waitFor } from '../../support/processes';
import { graphql, type Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { contentManager, POLICY_DOCUMENT, policyEndDate } from '../../support/strapi-api';

/**
 * 政策清单: Juxian's two dynamically managed lists get pages and feeds on the sites of their
 * documents, and a change of membership in the CMS publishes like any other change.
 *
 * Expiry: when a basis document's validity ends — here a clerk sets Guangdong's VAT-refund notice
 * to have ended last year and publishes — its interpretations and items are marked 已失效 at once
 * everywhere (page, list, feed, GraphQL), leave the kiosks, stay findable for an earlier date, and
 * come back when the end date is lifted. Nothing is re-rendered for it.
 *
 * Run by policies-and-questions.test.ts first on its stack: it ends the notice and lifts the end again, so the
 * notice is as seeded for the modules after it.
 */
let stack: Stack;
let ops: string;
let matcher: string;
const NOTICE = '粤税发〔2023〕52号';
const GUIDE = 'gd-vat-refund-guide';
const ENDED = '2025-12-31';

const kioskTitles = async () => {
  const manifest = (await (await fetch(`${stack.url}/kiosk/gd-guicheng-hall/manifest.json`)).json()) as { items: Array<{ title: string }> };
  return manifest.items.map((i) => i.title);
};
const guideRendition = async () => {
  const { body } = await graphql(stack, ops, `{ channelFeed(channel: "web", first: 100) { edges { node { documentId title revision payload validity { status endedOn note } } } } }`);
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.channelFeed.edges.map((e: any) => e.node).find((n: any) => n.payload.slug === GUIDE);
};
/** The guide's change rows on the web channel after `since`, paging to the end, and the cursor there (operators polling `changes`). */
const guideChanges = async (documentId: string, since: string | null) => {
  const rows: unknown[] = [];
  for (let cursor = since; ;) {
    const { body } = await graphql(stack, ops, `query($since: String) { changes(since: $since, first: 100) { cursor hasMore changes { channel documentId } } }`, { since: cursor });
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    rows.push(...body.data.changes.changes.filter((c: any) => c.documentId === documentId && c.channel === 'web'));
    cursor = body.data.changes.cursor;
    if (!body.data.changes.hasMore) return { cursor: cursor as string, rows };
  }
};
const itemsOnNotice = async (asOf?: string) => {
  const { body } = await graphql(stack, matcher, `query($asOf: String) { matchPolicies(profile: [], asOf: $asOf, first: 100) { edges { node { title basis { documentNumber status } } } } }`, { asOf });
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.matchPolicies.edges.map((e: any) => e.node).filter((n: any) => n.basis?.documentNumber === NOTICE);
};

export function listsAndExpiryTests(ctx: SharedStack) {
  describe('政策清单 and expiry', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      ops = await stack.token(['create', '--name', 'expiry-ops', '--channels', 'web,feeds,kiosk']);
      matcher = await stack.token(['create', '--name', 'expiry-match', '--channels', 'policy-match']);
      await waitFor('the Guangdong interpretations on their kiosk', async () => (await kioskTitles()).length >= 2, 240_000, 1000);
      await waitFor('the Guangdong item in the index', async () => (await itemsOnNotice()).length > 0, 60_000, 500);
    }, 300_000);

    const LIST = 'high-quality-development';
    const listTitles = async () => {
      const page = await fetch(`${stack.url}/sites/juxian-portal/lists/${LIST}/`);
      if (page.status !== 200) return [];
      return [...(await page.text()).matchAll(/<li>\s*<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    };

    it('gives each 政策清单 a page, a place in the site\'s lists and feeds, and follows membership changes made in the CMS', async () => {
      const index = await (await fetch(`${stack.url}/sites/juxian-portal/lists/`)).text();
      expect(index).toContain('高质量发展政策清单');
      expect(index).toContain('民生政策(服务)事项清单');
      expect(index).toMatch(/高质量发展政策清单<\/a> <span class="count">4 项<\/span>/);
      const page = await (await fetch(`${stack.url}/sites/juxian-portal/lists/${LIST}/`)).text();
      expect(page).toContain('新出台政策5个工作日内纳入'); // the list's description
      expect(page).toContain(`href="/feeds/juxian-portal/list-${LIST}.rss"`);
      expect(page).toMatch(/<a href="\/sites\/juxian-portal\/lists\/" aria-current="page">政策清单<\/a>/);
      expect(await listTitles()).toEqual(expect.arrayContaining([expect.stringContaining('支持实体经济高质量发展')]));
      const rss = await fetch(`${stack.url}/feeds/juxian-portal/list-${LIST}.rss`);
      expect(rss.headers.get('content-type')).toContain('application/rss+xml');
      const xml = await rss.text();
      expect(xml).toContain('<title>莒县人民政府门户网站 · 高质量发展政策清单</title>');
      expect(xml).toContain('/sites/juxian-portal/lists/high-quality-development/</link>');
      expect((xml.match(/<item>/g) ?? []).length).toBe(4);
      const feeds = (await (await fetch(`${stack.url}/feeds`)).json()) as { feeds: Array<{ site: string; column: string; columnName: string; items: number }> };
      expect(feeds.feeds).toEqual(expect.arrayContaining([{ ...feeds.feeds.find((f) => f.column === `list-${LIST}` && f.site === 'juxian-portal'), columnName: '高质量发展政策清单', items: 4 }]));
      expect((await fetch(`${stack.url}/sites/juxian-portal/lists/no-such-list/`)).status).toBe(404);
      expect((await fetch(`${stack.url}/feeds/juxian-portal/list-${'x'.repeat(3)}.json`)).status).toBe(404);

      // A clerk adds the cross-province medical notice to the list, from the list's own edit view.
      const cm = contentManager(stack.cms.url, await adminToken(stack));
      const POLICY_LIST = 'api::policy-list.policy-list';
      const list = (await cm.list(POLICY_LIST)).body.results.find((l: { code: string }) => l.code === LIST);
      const medical = (await cm.list(POLICY_DOCUMENT, 'page=1&pageSize=100')).body.results.find((d: { documentNumber: string }) => d.documentNumber === '莒医保发〔2024〕9号');
      const updated = await cm.update(POLICY_LIST, list.documentId, { policies: { connect: [{ documentId: medical.documentId }] } });
      expect(updated.status).toBe(200);
      await waitFor('the medical notice on the list page', async () => (await listTitles()).some((t) => t.includes('跨省异地就医')), 30_000, 250);
      expect(await (await fetch(`${stack.url}/sites/juxian-portal/lists/`)).text()).toMatch(/高质量发展政策清单<\/a> <span class="count">5 项<\/span>/);
      // …and takes it off again from the document's side, publishing the document.
      expect((await cm.update(POLICY_DOCUMENT, medical.documentId, { lists: { disconnect: [{ documentId: list.documentId }] } })).status).toBe(200);
      expect((await cm.publish(POLICY_DOCUMENT, medical.documentId, {})).status).toBe(200);
      await waitFor('the medical notice off the list page', async () => !(await listTitles()).some((t) => t.includes('跨省异地就医')), 30_000, 250);
      const feed = (await (await fetch(`${stack.url}/feeds/juxian-portal/list-${LIST}.json`)).json()) as { items: unknown[] };
      expect(feed.items).toHaveLength(4);
    }, 120_000);

    it('marks a basis document\'s interpretations and items 已失效 everywhere the moment its end date passes, and brings them back when it is lifted', async () => {
      const guide = await guideRendition();
      expect(guide.validity).toEqual({ status: '现行有效', endedOn: null, note: null });
      const sitePath: string = guide.payload.sites[0].path;
      const site: string = guide.payload.sites[0].code;
      const before = await kioskTitles();
      expect(before.join()).toContain('留抵退税');
      const page = await (await fetch(`${stack.url}${sitePath}`)).text();
      expect(page).not.toContain('已失效');

      const cm = contentManager(stack.cms.url, await adminToken(stack));
      const notice = await policyEndDate(cm, NOTICE);
      const setEnd = notice.setEnd;
      const { cursor: start } = await guideChanges(guide.documentId, null);
      await setEnd(ENDED);

      // The kiosk leaves it first (the manifest is what terminals sync), then everything else says why.
      await waitFor('the Guangdong interpretations gone from their kiosk', async () => !(await kioskTitles()).some((t) => t.includes('留抵退税')), 30_000, 250);
      // Operators polling changes hear of it too (validity-packages.ts checks those rows on every channel).
      await waitFor('the end announced to operators', async () => (await guideChanges(guide.documentId, start)).rows.length === 1, 30_000, 250);
      const ended = await guideRendition();
      expect(ended.revision).toBe(guide.revision); // not rendered again: validity is read when served
      expect(ended.validity).toMatchObject({ status: '已失效', endedOn: ENDED });
      expect(ended.validity.note).toContain(NOTICE);
      const endedPage = await (await fetch(`${stack.url}${sitePath}`)).text();
      expect(endedPage).toMatch(/<span class="validity expired">已失效<\/span>[^<]*粤税发〔2023〕52号[^<]*2026-01-01 起不再适用/);
      const list = await (await fetch(`${stack.url}/sites/${site}/interpretations/`)).text();
      const entry = list.split('<li>').find((li) => li.includes(guide.title))!;
      expect(entry).toContain('<span class="validity expired">已失效</span>');
      const feed = (await (await fetch(`${stack.url}/feeds/${site}/interpretations.json`)).json()) as { items: Array<{ title: string; id: string }> };
      expect(feed.items.find((i) => i.id.endsWith(guide.documentId))?.title).toBe(`【已失效】${guide.title}`);
      // Matching today leaves the item out; asked as of a day in its window, it is there and in force.
      expect(await itemsOnNotice()).toEqual([]);
      const earlier = await itemsOnNotice('2025-06-01');
      expect(earlier.length).toBeGreaterThan(0);
      expect(earlier[0].basis.status).toBe('现行有效');

      await setEnd(null);
      await waitFor('the Guangdong interpretations back on their kiosk', async () => (await kioskTitles()).some((t) => t.includes('留抵退税')), 30_000, 250);
      expect((await guideRendition()).validity.status).toBe('现行有效');
      expect(await (await fetch(`${stack.url}${sitePath}`)).text()).not.toContain('已失效');
      expect((await itemsOnNotice()).length).toBeGreaterThan(0);
      // …and of the lift: the notice is as seeded, announced and all, for the modules after this one.
      await waitFor('the lift announced to operators', async () => (await guideChanges(guide.documentId, start)).rows.length === 2, 30_000, 250);
    }, 120_000);
  });
}

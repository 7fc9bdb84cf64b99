import { ADMIN } from '../support/cms';
import { waitFor } from '../support/processes';
import { graphql, startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager, POLICY_DOCUMENT } from '../support/strapi-api';

/**
 * Expiry: when a basis document's validity ends — here a clerk sets Guangdong's VAT-refund notice
 * to have ended last year and publishes — its interpretations and items are marked 已失效 at once
 * everywhere (page, list, feed, GraphQL), leave the kiosks, stay findable for an earlier date, and
 * come back when the end date is lifted. Nothing is re-rendered for it.
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
const itemsOnNotice = async (asOf?: string) => {
  const { body } = await graphql(stack, matcher, `query($asOf: String) { matchPolicies(profile: [], asOf: $asOf, first: 100) { edges { node { title basis { documentNumber status } } } } }`, { asOf });
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.matchPolicies.edges.map((e: any) => e.node).filter((n: any) => n.basis?.documentNumber === NOTICE);
};

beforeAll(async () => {
  stack = await startStack({ publisherEnv: { CHANNELS: 'web,feeds,kiosk,policy-match' } });
  ops = await stack.token(['create', '--name', 'expiry-ops', '--channels', 'web,feeds,kiosk']);
  matcher = await stack.token(['create', '--name', 'expiry-match', '--channels', 'policy-match']);
  await waitFor('the Guangdong interpretations on their kiosk', async () => (await kioskTitles()).length >= 2, 240_000, 1000);
  await waitFor('the Guangdong item in the index', async () => (await itemsOnNotice()).length > 0, 60_000, 500);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

it('marks a basis document\'s interpretations and items 已失效 everywhere the moment its end date passes, and brings them back when it is lifted', async () => {
  const guide = await guideRendition();
  expect(guide.validity).toEqual({ status: '现行有效', endedOn: null, note: null });
  const sitePath: string = guide.payload.sites[0].path;
  const site: string = guide.payload.sites[0].code;
  const before = await kioskTitles();
  expect(before.join()).toContain('留抵退税');
  const page = await (await fetch(`${stack.url}${sitePath}`)).text();
  expect(page).not.toContain('已失效');

  const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  const notice = (await cm.list(POLICY_DOCUMENT, 'page=1&pageSize=100')).body.results.find((d: { documentNumber: string }) => d.documentNumber === NOTICE);
  const setEnd = async (validTo: string | null) => {
    expect((await cm.update(POLICY_DOCUMENT, notice.documentId, { validTo })).status).toBe(200);
    expect((await cm.publish(POLICY_DOCUMENT, notice.documentId, { validTo })).status).toBe(200);
  };
  await setEnd(ENDED);

  // The kiosk leaves it first (the manifest is what terminals sync), then everything else says why.
  await waitFor('the Guangdong interpretations gone from their kiosk', async () => !(await kioskTitles()).some((t) => t.includes('留抵退税')), 30_000, 250);
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
  expect(earlier[0].basis.status).toBe('有效');

  await setEnd(null);
  await waitFor('the Guangdong interpretations back on their kiosk', async () => (await kioskTitles()).some((t) => t.includes('留抵退税')), 30_000, 250);
  expect((await guideRendition()).validity.status).toBe('现行有效');
  expect(await (await fetch(`${stack.url}${sitePath}`)).text()).not.toContain('已失效');
  expect((await itemsOnNotice()).length).toBeGreaterThan(0);
}, 120_000);

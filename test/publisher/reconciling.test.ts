import path from 'node:path';
import { ADMIN, REPO, TEST_TOKEN } from '../support/cms';
import { lostPublications, publishMany } from '../support/drill-kit';
import { freePort, startProcess, waitFor, type RunningProcess } from '../support/processes';
import { startRequestTap, type RequestTap, type TappedRequest } from '../support/request-tap';
import { graphql, startStack, waitForLive, type Stack } from '../support/stack';
import { adminLogin, contentApi, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * Change-driven reconciling (issue 22): no webhook reaches the publisher here, so the reconciler
 * alone publishes and withdraws. The publisher reads the CMS through a tap that writes down every
 * request, so what a quiet CMS costs is counted, and which process reconciles is seen.
 */
const RECONCILE_LIST = /^\/api\/(interpretations|policy-documents|open-events)\?/;
const listed = (tap: RequestTap, from = 0) => tap.requests.filter((r) => r.at >= from && RECONCILE_LIST.test(r.path));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: Stack;
let tap: RequestTap;
let cm: ReturnType<typeof contentManager>;
let token: string;
let jwt: string;

beforeAll(async () => {
  tap = await startRequestTap();
  // A margin of a second (the default is a minute), so a document changed just before a quiet spell is out of it quickly.
  stack = await startStack({ webhook: false, publisherEnv: { STRAPI_URL: tap.url, RECONCILE_MARGIN_MS: '1000', RECONCILE_INTERVAL_MS: '1000' } });
  tap.target = stack.cms.url;
  jwt = await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password);
  cm = contentManager(stack.cms.url, jwt);
  token = await stack.token(['create', '--name', 'reconciling', '--channels', 'web,feeds']);
  await waitFor('the demo content to be live', async () => (await lostPublications(stack, token)).length === 0, 60_000, 500);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await tap?.close();
});

it('costs a quiet CMS a handful of one-row requests a round, not pages of documents', async () => {
  await pause(2500); // past the margin after the demo content went live
  const from = Date.now();
  await pause(10_000);
  const requests = listed(tap, from);
  const counts = requests.filter((r) => /pagination\[pageSize\]=1(&|$)/.test(decodeURIComponent(r.path)));
  const rounds = counts.length / 3;
  const bytes = requests.reduce((sum, r) => sum + r.bytes, 0);
  const atStart = listed(tap).filter((r) => r.at < from && /pagination\[pageSize\]=100(&|$)/.test(decodeURIComponent(r.path)) && !r.path.includes('filters'));
  console.log(`quiet 10 s: ${rounds} rounds, ${requests.length} CMS requests, ${bytes} bytes, at most ${Math.max(...requests.map((r) => r.documents))} document per answer; ` +
    `the full comparison at start: ${atStart.length} requests, ${atStart.reduce((sum, r) => sum + r.documents, 0)} documents, ${atStart.reduce((sum, r) => sum + r.bytes, 0)} bytes`);
  expect(rounds).toBeGreaterThanOrEqual(5); // it does reconcile, about once a second here
  // A count and a "changed since" per kind; a round begun before the window can bring its three "changed since" into it.
  expect(requests.length).toBeLessThanOrEqual(6 * rounds + 3);
  expect(requests.every((r: TappedRequest) => r.status === 200 && r.documents <= 1)).toBe(true);
  expect(bytes / requests.length).toBeLessThan(600);
}, 30_000);

it('publishes within seconds what was published while the CMS was quiet and the webhook was lost', async () => {
  const started = Date.now();
  const [documentId] = await publishMany(cm, 'test-quiet-lost', 1);
  await waitForLive(stack, token, documentId, 'web', undefined, 15_000);
  console.log(`lost webhook → live: ${Date.now() - started} ms`);
  expect(Date.now() - started).toBeLessThan(10_000);
}, 30_000);

it('withdraws within seconds a document unpublished while its webhook was lost, and publishes it again when it is', async () => {
  const [documentId] = await publishMany(cm, 'test-unpublish-lost', 1);
  await waitForLive(stack, token, documentId, 'web', undefined, 15_000);
  const withdrawn = async () => (await graphql(stack, token, 'query($id: ID!) { publication(documentId: $id) { withdrawn } }', { id: documentId })).body.data.publication.withdrawn;
  const started = Date.now();
  expect((await cm.unpublish(INTERPRETATION, documentId)).status).toBe(200);
  await waitFor('the document withdrawn', withdrawn, 15_000, 100);
  console.log(`lost unpublish webhook → withdrawn: ${Date.now() - started} ms`);
  expect(Date.now() - started).toBeLessThan(10_000);
  // Edited, then published later (past the margin) from the list's bulk action, which leaves the published row the draft's
  // older updatedAt: found by its publish time, once when the count grows and once when it does not.
  const bulkPublish = async () => {
    const response = await fetch(`${stack.cms.url}/content-manager/collection-types/${INTERPRETATION}/actions/bulkPublish`, {
      method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify({ documentIds: [documentId] }),
    });
    expect(response.status).toBe(200);
  };
  const title = async () => (await graphql(stack, token, 'query($id: ID!) { publication(documentId: $id) { withdrawn title } }', { id: documentId })).body.data.publication;
  for (const [i, again] of ['又发布了', '改了标题'].entries()) {
    expect((await cm.update(INTERPRETATION, documentId, { title: `test-unpublish-lost ${again}` })).status).toBe(200);
    await pause(2500);
    const published = Date.now();
    await bulkPublish();
    await waitFor(`the edit live (${i + 1})`, async () => (await title()).title === `test-unpublish-lost ${again}`, 15_000, 100);
    expect((await title()).withdrawn).toBe(false);
    // The published row's updatedAt is the draft's, from before the pause: a filter on updatedAt alone would not find it.
    const { body } = await contentApi(stack.cms.url, TEST_TOKEN).get(`/interpretations/${documentId}?status=published&fields[0]=updatedAt&fields[1]=publishedAt`);
    expect(Date.parse(body.data.publishedAt) - Date.parse(body.data.updatedAt)).toBeGreaterThan(2000);
    console.log(`lost webhook of a bulk publish → live (${again}): ${Date.now() - published} ms`);
  }
}, 60_000);

it('lets one process reconcile however many run: a stopped one hands over at once, a killed one when its lease ends', async () => {
  const tap2 = await startRequestTap(stack.cms.url);
  const port = await freePort();
  const second: RunningProcess = startProcess(process.execPath, ['--import', 'tsx', path.join(REPO, 'publisher', 'src', 'main', 'api.ts')], {
    cwd: path.join(REPO, 'publisher'), env: { ...process.env, ...stack.env, PORT: String(port), STRAPI_URL: tap2.url },
  });
  const secondUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor('the second API', async () => (await fetch(`${secondUrl}/healthz`)).ok, 60_000, 200);
    let from = Date.now();
    await pause(4000);
    expect([listed(tap, from).length > 0, listed(tap2, from).length]).toEqual([true, 0]);

    await stack.api.stop(); // releases its lease
    const stopped = Date.now();
    await waitFor('the second API to reconcile', async () => listed(tap2, stopped).length > 0, 10_000, 50);
    console.log(`hand-over after a stop: ${Date.now() - stopped} ms`);
    const [documentId] = await publishMany(cm, 'test-second-reconciler', 1);
    await waitForLive({ ...stack, url: secondUrl }, token, documentId, 'web', undefined, 15_000);

    await stack.startApi();
    from = Date.now();
    await pause(3000);
    expect(listed(tap, from)).toHaveLength(0); // the second still holds it

    await second.stop('SIGKILL');
    const killed = Date.now();
    await waitFor('the first API to take over', async () => listed(tap, killed).length > 0, 15_000, 50);
    console.log(`take-over after a SIGKILL: ${Date.now() - killed} ms (lease ${3 * Number(stack.env.RECONCILE_INTERVAL_MS)} ms)`);
    // Never both: by time, the reconciling requests of the two processes fall in three runs (first, second, first).
    const merged = [...listed(tap).map((r) => ({ at: r.at, who: 1 })), ...listed(tap2).map((r) => ({ at: r.at, who: 2 }))].sort((a, b) => a.at - b.at);
    const runs = merged.filter((r, i) => i === 0 || r.who !== merged[i - 1].who).map((r) => r.who);
    expect(runs).toEqual([1, 2, 1]);
  } finally {
    if (second.child.exitCode === null) await second.stop('SIGKILL');
    await tap2.close();
  }
}, 90_000);

import path from 'node:path';
import { ADMIN, REPO, TEST_HOOK_SECRET } from '../support/cms';
import { startProcess, waitFor, type RunningProcess } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * A new channel is one folder and one registry line: the notice board of test/support/fixture-channel
 * (render, preview, public page, follow-up job) registered at wiring time, with nothing of it in the
 * publisher, is planned, rendered, served, previewed and followed up like the registered channels.
 */
let stack: Stack;
let cm: ReturnType<typeof contentManager>;
let publisher: RunningProcess;

beforeAll(async () => {
  stack = await startStack({ publisher: false });
  cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  // The stack's environment, its API and worker in one process wired with the notice board as an extra channel.
  publisher = startProcess(process.execPath, ['--import', 'tsx', path.join(REPO, 'test', 'support', 'fixture-channel', 'serve.ts')], {
    cwd: path.join(REPO, 'publisher'), env: { ...process.env, ...stack.env, CHANNELS: 'web,notice-board' },
  });
  await waitFor('the publisher with the notice board', async () => {
    if (publisher.child.exitCode !== null) throw new Error(`publisher exited:\n${publisher.output().slice(-3000)}`);
    return (await fetch(`${stack.url}/healthz`).catch(() => null))?.ok;
  }, 60_000, 200);
}, 300_000);

afterAll(async () => {
  await publisher?.stop();
  await stack?.stop();
});

const siteIds = async (codes: string[]) =>
  (await cm.list('api::site.site')).body.results.filter((s: any) => codes.includes(s.code)).map((s: any) => s.documentId);
const channelIds = async (codes: string[]) =>
  (await cm.list('api::channel.channel')).body.results.filter((c: any) => codes.includes(c.code)).map((c: any) => c.documentId);

async function draft(slug: string, title: string) {
  const created = await cm.create(INTERPRETATION, {
    title, slug, digest: '公告栏测试', body: '正文。', stage: 'office_signoff',
    keyPoints: [{ heading: '要点', text: '内容' }], channels: await channelIds(['web']), sites: await siteIds(['juxian-portal']),
  });
  expect(created.status).toBe(201);
  return created.body.data.documentId as string;
}

const text = async (url: string) => {
  const response = await fetch(`${stack.url}${url}`);
  return { status: response.status, body: await response.text() };
};

it('renders a published interpretation on the notice board, serves its page, and its follow-up job lists it', async () => {
  const title = '公告栏测试：新的解读';
  const documentId = await draft('notice-board-new', title);
  expect((await cm.publish(INTERPRETATION, documentId)).status).toBe(200);

  // The channel's own public route, serving its own rendition's file.
  const page = await waitFor('the notice page', async () => {
    const got = await text(`/notice-board/${documentId}`);
    return got.status === 200 ? got.body : undefined;
  }, 30_000, 100);
  expect(page).toContain(`<h1>${title}</h1>`);

  // The index is built only by the afterLive hook (the follow-up queue in the worker), after the rendition went live.
  const index = await waitFor('the notice in the board index', async () => {
    const got = await text('/notice-board/');
    return got.body.includes(title) ? got.body : undefined;
  }, 30_000, 100);
  expect(Number(/data-runs="(\d+)"/.exec(index)![1])).toBeGreaterThan(0);
  expect(index).toContain(`<a href="${documentId}">${title}</a>`);

  expect(/data-withdrawn="([^"]*)"/.exec(index)![1].split(' ')).not.toContain(documentId);

  // Withdrawn: the page goes, the channel's withdraw hook is told, and its follow-up takes it off the index.
  expect((await cm.unpublish(INTERPRETATION, documentId)).status).toBe(200);
  await waitFor('the notice page gone', async () => (await text(`/notice-board/${documentId}`)).status === 404, 30_000, 100);
  const after = await waitFor('the notice off the index', async () => {
    const got = await text('/notice-board/');
    return got.body.includes(title) ? undefined : got.body;
  }, 30_000, 100);
  expect(/data-withdrawn="([^"]*)"/.exec(after)![1].split(' ')).toContain(documentId);
}, 120_000);

it('previews a draft on the notice board with the channel\'s own preview hook', async () => {
  const title = '公告栏测试：草稿预览';
  const documentId = await draft('notice-board-draft', title);
  const response = await fetch(`${stack.url}/hooks/preview/interpretation/${documentId}`, { headers: { 'x-tongyuan-hook-secret': TEST_HOOK_SECRET } });
  expect(response.status).toBe(200);
  const { items, failures } = (await response.json()) as { items: Array<{ key: string; channel: string; html?: string; label: string }>; failures: unknown[] };
  expect(failures).toEqual([]);
  const notice = items.filter((i) => i.channel === 'notice-board');
  expect(notice.map((i) => i.key)).toEqual(['notice', 'notice-title']);
  expect(notice[0].html).toContain(`<h1>${title}</h1>`);
  expect(notice[1].label).toBe(title);
  // Nothing stored: the draft has no page on the board.
  expect((await text(`/notice-board/${documentId}`)).status).toBe(404);
}, 60_000);

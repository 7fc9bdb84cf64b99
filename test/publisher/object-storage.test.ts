import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN } from '../support/cms';
import { freePort, startProcess, waitFor, type RunningProcess } from '../support/processes';
import { startS3Server, type S3Server } from '../support/s3-server';
import { graphql, startStack, type Stack } from '../support/stack';
import { adminLogin, contentManager, INTERPRETATION } from '../support/strapi-api';

/**
 * Two "machines" that share only an S3-compatible store (s3rver, its own process): the worker has
 * its own artifact and cache folders, the API others; what the worker renders, the API serves.
 */
let s3: S3Server;
let stack: Stack;
let token: string;
let workerDir: string;
let presigning: RunningProcess | undefined;
let apiDir: string | undefined;
const SLUG = 'jx-public-rental-housing';

/** Every file under a folder (none when it was never made). */
const filesUnder = (dir: string): string[] => (existsSync(dir)
  ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
  : []);

beforeAll(async () => {
  s3 = await startS3Server();
  workerDir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-worker-machine-'));
  stack = await startStack({
    publisherEnv: s3.env,
    workerEnv: { ARTIFACT_DIR: path.join(workerDir, 'artifacts'), MEDIA_CACHE_DIR: path.join(workerDir, 'media') },
  });
  token = await stack.token(['create', '--name', 'object-storage', '--channels', 'web,feeds', '--admin']);
}, 120_000);

afterAll(async () => {
  await presigning?.stop();
  await stack?.stop();
  await s3?.stop();
  for (const dir of [workerDir, apiDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

it('serves what a worker on another machine published, from the store alone: pages, feeds, files with Range and ETag', async () => {
  // Publish an edit: the worker renders it into the store; the API reads the page's article from there.
  const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  const doc = body.results.find((d: { slug: string }) => d.slug === SLUG);
  const title = `${(await cm.get(INTERPRETATION, doc.documentId)).body.data.title}（对象存储）`;
  expect((await cm.update(INTERPRETATION, doc.documentId, { title })).status).toBe(200);
  expect((await cm.publish(INTERPRETATION, doc.documentId, {})).status).toBe(200);
  const page = await waitFor('the edited page', async () => {
    const response = await fetch(`${stack.url}/sites/juxian-portal/interpretations/${SLUG}.html`);
    const html = response.ok ? await response.text() : '';
    return html.includes(title) ? html : undefined;
  }, 60_000, 200);
  expect(page).toContain('</html>');
  const feed = (await (await fetch(`${stack.url}/feeds/juxian-portal/interpretations.json`)).json()) as { items: Array<{ title: string }> };
  expect(feed.items.some((item) => item.title === title)).toBe(true);

  const { body: listed } = await graphql(stack, token, '{ channelFeed(channel: "web", first: 100) { edges { node { documentId artifacts { name url size sha256 } } } } }');
  const item = listed.data.channelFeed.edges.find((e: { node: { documentId: string } }) => e.node.documentId === doc.documentId).node;
  const artifacts = item.artifacts as Array<{ name: string; url: string; size: number; sha256: string }>;
  expect(artifacts.length).toBeGreaterThan(0);
  for (const artifact of artifacts) {
    const whole = await fetch(artifact.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toBe(`"${artifact.sha256}"`);
    expect(createHash('sha256').update(Buffer.from(await whole.arrayBuffer())).digest('hex')).toBe(artifact.sha256);
  }
  const largest = artifacts.reduce((a, b) => (b.size > a.size ? b : a));
  const part = await fetch(largest.url, { headers: { range: 'bytes=10-19' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 10-19/${largest.size}`);
  expect((await part.arrayBuffer()).byteLength).toBe(10);
  expect((await fetch(largest.url, { headers: { 'if-none-match': `"${largest.sha256}"` } })).status).toBe(304);

  // Neither machine kept a file on its own disk: every artifact is in the store, under its hash.
  expect(filesUnder(stack.env.ARTIFACT_DIR)).toEqual([]);
  expect(filesUnder(path.join(stack.env.MEDIA_CACHE_DIR, 'images'))).toEqual([]);
  expect(filesUnder(path.join(workerDir, 'artifacts'))).toEqual([]);
  const stored = filesUnder(s3.dir).join('\n');
  for (const artifact of artifacts) expect(stored).toContain(`artifacts/${artifact.sha256.slice(0, 2)}/${artifact.sha256}`);
  // The worker's drawn images too (the demo's 一图读懂 panels): the demo may still be rendering on a busy machine.
  await waitFor('a drawn 一图读懂 panel in the store', async () => /render-cache\/[0-9a-f]{2}\/webpanel-/.test(filesUnder(s3.dir).join('\n')), 60_000, 500);
}, 90_000);

it('sends downloads to presigned URLs of the store when S3_PRESIGN is on, still answering 304 and 404 itself', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const own = (apiDir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-api-machine-')));
  presigning = startProcess(process.execPath, ['--import', 'tsx', 'src/main/api.ts'], {
    cwd: path.join(__dirname, '..', '..', 'publisher'),
    env: { ...process.env, ...stack.env, PORT: String(port), PUBLIC_URL: url, S3_PRESIGN: 'true', ARTIFACT_DIR: path.join(own, 'artifacts'), MEDIA_CACHE_DIR: path.join(own, 'media') },
  });
  await waitFor('the presigning API', async () => {
    if (presigning!.child.exitCode !== null) throw new Error(`API exited:\n${presigning!.output().slice(-3000)}`);
    return (await fetch(`${url}/healthz`)).ok;
  }, 60_000, 200);
  const { body } = await graphql(stack, token, '{ channelFeed(channel: "web", first: 1) { edges { node { artifacts { name size sha256 } } } } }');
  const artifact = body.data.channelFeed.edges[0].node.artifacts.find((a: { name: string }) => /^[\w.-]+$/.test(a.name));
  const file = `${url}/files/${artifact.sha256}/${artifact.name}`;
  const redirect = await fetch(file, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  expect(redirect.headers.get('location')).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/artifacts/.*X-Amz-Signature=`));
  const part = await fetch(file, { headers: { range: 'bytes=0-9' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 0-9/${artifact.size}`);
  expect((await fetch(file, { headers: { 'if-none-match': `"${artifact.sha256}"` } })).status).toBe(304);
  expect((await fetch(`${url}/files/${'0'.repeat(64)}/x.html`, { redirect: 'manual' })).status).toBe(404);
}, 90_000);

it('makes renders wait while the store is away, saying why, and puts them live when it is back', async () => {
  const cm = contentManager(stack.cms.url, await adminLogin(stack.cms.url, ADMIN.email, ADMIN.password));
  const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
  const doc = body.results.find((d: { slug: string }) => d.slug === SLUG);
  const title = `${(await cm.get(INTERPRETATION, doc.documentId)).body.data.title}（存储恢复后）`;
  const web = async () => ((await graphql(stack, token, 'query($id: ID!) { publication(documentId: $id) { channels { channel status reason revision } } }', { id: doc.documentId }))
    .body.data.publication.channels as Array<{ channel: string; status: string; reason: string | null }>).find((c) => c.channel === 'web')!;
  await s3.pause();
  try {
    expect((await cm.update(INTERPRETATION, doc.documentId, { title })).status).toBe(200);
    expect((await cm.publish(INTERPRETATION, doc.documentId, {})).status).toBe(200);
    // The render job uses up its attempts against the missing store; the rendition waits, never FAILED.
    const waiting = await waitFor('the web render to wait for the store', async () => {
      const now = await web();
      if (now.status === 'FAILED') throw new Error(`failed while the store was away: ${now.reason}`);
      return now.reason?.includes('对象存储') ? now : undefined;
    }, 60_000, 200);
    expect(waiting.status).not.toBe('LIVE');
    expect(waiting.reason).toContain('会等它恢复后自动继续');
  } finally {
    await s3.resume();
  }
  // The reconciler plans it again (after 15 s of waiting); the page then shows the new title.
  await waitFor('the page with the new title', async () => {
    const response = await fetch(`${stack.url}/sites/juxian-portal/interpretations/${SLUG}.html`);
    return response.ok && (await response.text()).includes(title);
  }, 90_000, 500);
  expect((await web()).status).toBe('LIVE');
}, 180_000);

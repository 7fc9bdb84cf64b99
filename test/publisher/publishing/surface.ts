/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import Parser from 'rss-parser';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { waitFor } from '../../support/processes';
import { graphql, OPS_AUTH, waitForLive, type Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { contentManager, INTERPRETATION } from '../../support/strapi-api';

/** What operators, readers and downloaders touch: GraphQL auth and limits, feeds, pages, files. First on publishing.test.ts's stack: it counts the demo's documents. */
let stack: Stack;
let admin: string;
let webOnly: string;
let juxianOnly: string;
let browser: Browser;
let sampleSlug: string;

export function surfaceTests(ctx: SharedStack) {
  describe('what operators, readers and downloaders touch', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      admin = await stack.token(['create', '--name', 'surface-admin', '--channels', 'web,feeds', '--admin']);
      webOnly = await stack.token(['create', '--name', 'surface-web', '--channels', 'web']);
      juxianOnly = await stack.token(['create', '--name', 'surface-juxian', '--channels', 'feeds', '--sites', 'juxian-portal']);
      const cm = contentManager(stack.cms.url, await adminToken(stack));
      const { body } = await cm.list(INTERPRETATION, 'page=1&pageSize=100');
      for (const item of body.results) await waitForLive(stack, admin, item.documentId, 'web', undefined, 30_000).catch(() => undefined);
      sampleSlug = 'jx-public-rental-housing';
      browser = await launchChromium();
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
    });

    describe('GraphQL for operators', () => {
      const FEED = 'query($c: String!, $s: String) { channelFeed(channel: $c, site: $s, first: 5) { edges { node { documentId title payload artifacts { name url sha256 } } } pageInfo { hasNextPage endCursor } } }';

      it('refuses requests without a valid token with 401', async () => {
        expect((await graphql(stack, null, FEED, { c: 'web' })).status).toBe(401);
        expect((await graphql(stack, 'ty_not-a-real-token', FEED, { c: 'web' })).status).toBe(401);
      });

      it('keeps a token inside its channels and sites (403 outside)', async () => {
        const denied = await graphql(stack, webOnly, FEED, { c: 'feeds' });
        expect(denied.status).toBe(403);
        expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
        expect((await graphql(stack, juxianOnly, FEED, { c: 'feeds', s: 'suzhou-portal' })).status).toBe(403);
        expect((await graphql(stack, juxianOnly, FEED, { c: 'feeds' })).status).toBe(403);
        const allowed = await graphql(stack, juxianOnly, FEED, { c: 'feeds', s: 'juxian-portal' });
        expect(allowed.status).toBe(200);
        expect(allowed.body.data.channelFeed.edges.length).toBeGreaterThan(0);
        expect((await graphql(stack, webOnly, 'mutation { republish(documentId: "x") { title } }')).status).toBe(403);
      });

      it('lets an administrator render every published document again, on chosen channels, and nobody else', async () => {
        expect((await graphql(stack, webOnly, 'mutation { republishAll }')).status).toBe(403);
        const unknown = await graphql(stack, admin, 'mutation { republishAll(channels: ["cinema"]) }');
        expect(unknown.body.errors[0].message).toContain('本部署没有渠道 cinema');
        const STATUS = 'query($id: ID!) { publication(documentId: $id) { channels { channel status updatedAt } } }';
        const { body: feed } = await graphql(stack, admin, 'query { channelFeed(channel: "web", first: 1) { edges { node { documentId } } } }');
        const id = feed.data.channelFeed.edges[0].node.documentId;
        const channelOf = async (channel: string) =>
          ((await graphql(stack, admin, STATUS, { id })).body.data.publication.channels as Array<{ channel: string; status: string; updatedAt: string }>).find((c) => c.channel === channel)!;
        const [webBefore, feedsBefore] = [await channelOf('web'), await channelOf('feeds')];
        const { body } = await graphql(stack, admin, 'mutation { republishAll(channels: ["web"]) }');
        expect(body.data.republishAll).toBeGreaterThanOrEqual(30);
        await waitFor('the web page rendered again', async () => {
          const web = await channelOf('web');
          return web.status === 'LIVE' && web.updatedAt > webBefore.updatedAt;
        }, 60_000, 200);
        expect(await channelOf('feeds')).toEqual(feedsBefore); // only the channels asked for
      }, 90_000);

      it('pages through a channel with cursors, newest first, without repeats', async () => {
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const { body }: any = await graphql(stack, admin, 'query($a: String) { channelFeed(channel: "web", first: 7, after: $a) { edges { node { documentId publishedAt } } pageInfo { hasNextPage endCursor } } }', { a: after });
          seen.push(...body.data.channelFeed.edges.map((e: any) => e.node.documentId));
          after = body.data.channelFeed.pageInfo.hasNextPage ? body.data.channelFeed.pageInfo.endCursor : null;
        } while (after);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBeGreaterThanOrEqual(30);
      });

      it('rejects a depth bomb and a cost bomb with a GraphQL error, and stays up', async () => {
        const nested = '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }';
        const depth = await graphql(stack, admin, nested);
        expect(depth.status).toBe(400);
        expect(depth.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
        const aliases = Array.from({ length: 60 }, (_, i) => `a${i}: channelFeed(channel: "web", first: 100) { edges { node { payload } } }`).join(' ');
        const cost = await graphql(stack, admin, `{ ${aliases} }`);
        expect(cost.status).toBe(400);
        expect(cost.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
        expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
      });

      it('caps the page size', async () => {
        const { body } = await graphql(stack, admin, '{ channelFeed(channel: "web", first: 1000) { edges { cursor } } }');
        expect(body.data.channelFeed.edges.length).toBeLessThanOrEqual(100);
      });

      it('refuses an oversized body', async () => {
        // The API answers 413 and closes while the client is still sending 2 MB: now and then the connection is reset
        // before the client has read the answer (fetch then reports a failed request). Such a try says nothing either
        // way, so it is tried again; every answer that does arrive must be 413.
        const body = JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(2 * 1024 * 1024) });
        const attempt = () => new Promise<number | null>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no answer to the oversized body within 30 s')), 30_000);
          const done = (value: number | null) => { clearTimeout(timer); resolve(value); };
          const request = httpRequest(`${stack.url}/graphql`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${admin}` },
          }, (response) => { response.resume(); done(response.statusCode ?? 0); });
          request.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code === 'EPIPE' || error.code === 'ECONNRESET') done(null);
            else { clearTimeout(timer); reject(error); }
          });
          request.end(body);
        });
        const statuses: Array<number | null> = [];
        while (statuses.length < 10 && !statuses.some((s) => s !== null)) statuses.push(await attempt());
        expect(statuses.filter((s) => s !== null)).toEqual([413]);
      });
    });

    describe('feeds', () => {
      it('lists every feed in /feeds and serves RSS 2.0 and Atom 1.0 that a real parser reads', async () => {
        const index = (await (await fetch(`${stack.url}/feeds`)).json()) as any;
        const juxian = index.feeds.find((f: any) => f.site === 'juxian-portal' && f.column === 'interpretations');
        expect(juxian.items).toBeGreaterThan(0);
        const parser = new Parser();
        const rss = await parser.parseString(await (await fetch(juxian.rss)).text());
        const atom = await parser.parseString(await (await fetch(juxian.atom)).text());
        expect(rss.items.length).toBe(juxian.items);
        expect(atom.items.length).toBe(juxian.items);
        expect(rss.items[0].title).toMatch(/\p{Script=Han}/u);
        expect(atom.items.map((i) => i.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^urn:tongyuan:interpretation:/)]));
      });

      it('serves JSON Feed 1.1 with its required fields', async () => {
        const feed = (await (await fetch(`${stack.url}/feeds/juxian-portal/interpretations.json`)).json()) as any;
        expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
        expect(feed.title).toBeTruthy();
        for (const item of feed.items) {
          expect(typeof item.id).toBe('string');
          expect(item.content_html ?? item.content_text).toBeTruthy();
          expect(item.author).toBeUndefined();
        }
      });

      it('answers an unchanged feed with 304 to a conditional request', async () => {
        const first = await fetch(`${stack.url}/feeds/juxian-portal/policies.rss`);
        const etag = first.headers.get('etag')!;
        expect(etag).toBeTruthy();
        const second = await fetch(`${stack.url}/feeds/juxian-portal/policies.rss`, { headers: { 'if-none-match': etag } });
        expect(second.status).toBe(304);
      });
    });

    describe('pages', () => {
      it('pass an accessibility check (axe, WCAG 2.1 AA) in headless Chromium', async () => {
        const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
        const page = await browser.newPage();
        const policyLink = await (await fetch(`${stack.url}/sites/juxian-portal/policies/`)).text().then((t) => /href="(\/sites\/juxian-portal\/policies\/[^"]+\.html)"/.exec(t)![1]);
        for (const path of ['/sites/juxian-portal/', '/sites/juxian-portal/interpretations/', `/sites/juxian-portal/interpretations/${sampleSlug}.html`, policyLink, '/sites/juxian-portal/ask']) {
          await page.goto(`${stack.url}${path}`);
          expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
          await page.addScriptTag({ content: axe });
          const violations = await page.evaluate(async () => {
            const result = await (window as any).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
            return result.violations.map((v: any) => `${v.id}: ${v.nodes.length}`);
          });
          expect({ path, violations }).toEqual({ path, violations: [] });
        }
        await page.close();
      });

      it('links basis clauses to stable anchors on the policy page, which shows its validity', async () => {
        const html = await (await fetch(`${stack.url}/sites/juxian-portal/interpretations/${sampleSlug}.html`)).text();
        const link = /href="\.\.\/policies\/([^"#]+)\.html#(clause-[^"]+)"/.exec(html)!;
        expect(link).not.toBeNull();
        const policy = await (await fetch(`${stack.url}/sites/juxian-portal/policies/${link[1]}.html`)).text();
        expect(policy).toContain(`id="${link[2]}"`);
        expect(policy).toMatch(/class="validity (current|expired|revised|pending)">(现行有效|已失效|已修订|尚未生效)</);
      });

      it('paginates column lists and has a sitemap', async () => {
        const list = await (await fetch(`${stack.url}/sites/juxian-portal/policies/`)).text();
        expect(list).toContain('<h1>政策文件</h1>');
        const sitemap = await (await fetch(`${stack.url}/sites/juxian-portal/sitemap.xml`)).text();
        expect(sitemap).toContain(`/sites/juxian-portal/interpretations/${sampleSlug}.html`);
        expect((await fetch(`${stack.url}/sites/no-such-site/`)).status).toBe(404);
        for (const odd of ['/sites/juxian-portal/interpretations/%E0%A4%A.html', '/sites/juxian-portal/policies/..%2F..%2Fx.html', '/sites/%00/']) {
          expect([400, 404]).toContain((await fetch(`${stack.url}${odd}`)).status);
        }
      });
    });

    describe('files', () => {
      let url: string;
      let size: number;
      let sha256: string;
      beforeAll(async () => {
        const { body } = await graphql(stack, admin, '{ channelFeed(channel: "web", first: 1) { edges { node { artifacts { url size sha256 } } } } }');
        ({ url, size, sha256 } = body.data.channelFeed.edges[0].node.artifacts[0]);
      });

      it('serves ranges with a strong ETag, honours If-Range, and refuses unsatisfiable ranges with 416', async () => {
        const whole = await fetch(url);
        expect(whole.headers.get('etag')).toBe(`"${sha256}"`);
        const part = await fetch(url, { headers: { range: 'bytes=10-19' } });
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
        expect((await part.arrayBuffer()).byteLength).toBe(10);
        const stale = await fetch(url, { headers: { range: 'bytes=10-19', 'if-range': '"something-else"' } });
        expect(stale.status).toBe(200);
        expect((await fetch(url, { headers: { range: `bytes=${size + 10}-` } })).status).toBe(416);
        expect((await fetch(url, { headers: { range: 'bytes=abc' } })).status).toBe(200);
        expect((await fetch(url, { headers: { 'if-none-match': `"${sha256}"` } })).status).toBe(304);
      });

      it('names files for download in Chinese (RFC 6266) and never walks the file system', async () => {
        const named = await fetch(url.replace(/[^/]+$/, encodeURIComponent('政策解读.html')));
        expect(named.headers.get('content-disposition')).toContain("filename*=UTF-8''%E6%94%BF%E7%AD%96");
        for (const path of [`/files/${sha256}/..%2F..%2Fetc%2Fpasswd`, '/files/../../etc/passwd', `/files/${'0'.repeat(64)}/x.html`, '/files/abc/x']) {
          const response = await fetch(`${stack.url}${path}`);
          expect([200, 404]).toContain(response.status);
          expect(await response.text()).not.toContain('root:');
        }
      });
    });

    describe('operations', () => {

      it('keeps status, metrics and the queue board behind auth', async () => {
        for (const path of ['/status', '/metrics', '/admin/queues']) expect((await fetch(`${stack.url}${path}`)).status).toBe(401);
        const metrics = await (await fetch(`${stack.url}/metrics`, { headers: { authorization: OPS_AUTH } })).text();
        expect(metrics).toContain('tongyuan_publish_to_live_seconds_bucket{le="1",channel="web"}');
        expect(metrics).toContain('tongyuan_queue_jobs');
        const status = await fetch(`${stack.url}/status`, { headers: { authorization: OPS_AUTH } });
        expect(await status.text()).toContain('各渠道发布状态');
        expect((await fetch(`${stack.url}/admin/queues`, { headers: { authorization: OPS_AUTH } })).status).toBe(200);
        // Every queue is on the board, the channels' follow-ups (reels, kiosk manifests, pushes) among them.
        const board = (await (await fetch(`${stack.url}/admin/queues/api/queues`, { headers: { authorization: OPS_AUTH } })).json()) as { queues: Array<{ name: string }> };
        expect(board.queues.map((q) => q.name)).toEqual(expect.arrayContaining(['ingest', 'publish', 'render', 'render-video', 'release', 'follow-up', 'inspection']));
      });

      it('reports readiness of the database, Redis and the CMS', async () => {
        const ready = (await (await fetch(`${stack.url}/readyz`)).json()) as any;
        expect(ready).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok', cms: 'ok' } });
      });
    });
  });
}

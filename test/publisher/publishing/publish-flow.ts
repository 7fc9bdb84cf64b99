import { TEST_HOOK_SECRET } from '../../support/cms';
import { waitFor } from '../../support/processes';
import { graphql, waitForLive, type Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { contentManager, INTERPRETATION, POLICY_DOCUMENT } from '../../support/strapi-api';

/** Publish → ingest → plan → render → store → serve → withdraw, through the real parts. Last on publishing.test.ts's stack: its documents are its own. */
let stack: Stack;
let cm: ReturnType<typeof contentManager>;
let token: string;
let policy: { documentId: string; documentNumber: string; clause: string };

export function publishFlowTests(ctx: SharedStack) {
  describe('publish flow', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      cm = contentManager(stack.cms.url, await adminToken(stack));
      token = await stack.token(['create', '--name', 'flow-admin', '--channels', 'web,feeds', '--admin']);
      const { body } = await cm.list(POLICY_DOCUMENT, 'page=1&pageSize=1&populate=clauses');
      const first = body.results[0];
      const full = (await cm.get(POLICY_DOCUMENT, first.documentId)).body.data;
      policy = { documentId: first.documentId, documentNumber: first.documentNumber, clause: full.clauses[0].number };
    }, 240_000);

    async function publishNew(slug: string, extra: object = {}) {
      const created = await cm.create(INTERPRETATION, {
        title: `测试解读 ${slug}`, slug, digest: '测试摘要', body: '正文第一段。', stage: 'office_signoff',
        keyPoints: [{ heading: '要点一', text: '内容一' }], qa: [{ question: '问题？', answer: '回答。' }],
        basis: [{ policy: policy.documentId, clauses: policy.clause }],
        channels: await channelIds(['web', 'feeds']), sites: await siteIds(['juxian-portal']),
        ...extra,
      });
      expect(created.status).toBe(201);
      const documentId = created.body.data.documentId;
      const published = await cm.publish(INTERPRETATION, documentId);
      expect(published.status).toBe(200);
      return documentId as string;
    }
    const channelIds = async (codes: string[]) => {
      const { body } = await cm.list('api::channel.channel');
      return body.results.filter((c: any) => codes.includes(c.code)).map((c: any) => c.documentId);
    };
    const siteIds = async (codes: string[]) => {
      const { body } = await cm.list('api::site.site');
      return body.results.filter((s: any) => codes.includes(s.code)).map((s: any) => s.documentId);
    };
    const page = (slug: string) => fetch(`${stack.url}/sites/juxian-portal/interpretations/${slug}.html`);

    describe('publishing', () => {
      // Publish → live speed is measured in `npm run bench` (p95 goal 1 s); here a generous bound only catches a hang
      // (a busy machine running other suites took over 15 s).
      it('puts a newly published interpretation on its page and in its feeds', async () => {
        const documentId = await publishNew('test-flow-new');
        await waitFor('the page', async () => (await page('test-flow-new')).status === 200, 60_000, 50);
        const feed = (await (await fetch(`${stack.url}/feeds/juxian-portal/interpretations.json`)).json()) as any;
        expect(feed.items.map((i: any) => i.title)).toContain('测试解读 test-flow-new');
        await waitForLive(stack, token, documentId, 'feeds');
      });

      it('replaces the old revision with the new one when an author edits and republishes', async () => {
        const documentId = await publishNew('test-flow-edit');
        const first = await waitForLive(stack, token, documentId, 'web');
        await waitForLive(stack, token, documentId, 'feeds');
        const atomId = async () => /<id>(urn:tongyuan:interpretation:[^<]+)<\/id>\s*<link href="[^"]*test-flow-edit/.exec(
          await (await fetch(`${stack.url}/feeds/juxian-portal/interpretations.atom`)).text(),
        )?.[1];
        const idBefore = await atomId();
        expect(idBefore).toBe(`urn:tongyuan:interpretation:${documentId}`);
        await cm.update(INTERPRETATION, documentId, { title: '测试解读（已更正）' });
        await cm.publish(INTERPRETATION, documentId);
        await waitFor('the corrected title', async () => (await (await page('test-flow-edit')).text()).includes('测试解读（已更正）'), 5000, 50);
        const after = await waitForLive(stack, token, documentId, 'web');
        expect(after.latestRevision).not.toBe(first.latestRevision);
        await waitForLive(stack, token, documentId, 'feeds', after.latestRevision);
        expect(await atomId()).toBe(idBefore); // readers see an update of the same entry, not a new one
        const { body } = await graphql(stack, token, 'query($id: ID!) { revisions(documentId: $id) { revision channels { channel status liveFrom liveUntil } } }', { id: documentId });
        expect(body.data.revisions).toHaveLength(2);
        const old = body.data.revisions.find((r: any) => r.revision === first.latestRevision);
        expect(old.channels.find((c: any) => c.channel === 'web')).toMatchObject({ status: 'SUPERSEDED', liveUntil: expect.any(String) });
      });

      it('takes an unpublished interpretation off pages and feeds within 5 s and reports the removal', async () => {
        const documentId = await publishNew('test-flow-withdraw');
        await waitForLive(stack, token, documentId, 'web');
        const { body: before } = await graphql(stack, token, '{ changes(channels: ["web"], first: 100) { cursor } }');
        expect((await cm.unpublish(INTERPRETATION, documentId)).status).toBe(200);
        await waitFor('the page to go', async () => (await page('test-flow-withdraw')).status === 404, 5000, 50);
        const feed = (await (await fetch(`${stack.url}/feeds/juxian-portal/interpretations.json`)).json()) as any;
        expect(feed.items.map((i: any) => i.title)).not.toContain('测试解读 test-flow-withdraw');
        const { body } = await graphql(stack, token, 'query($since: String) { changes(since: $since, channels: ["web", "feeds"]) { changes { channel documentId kind } } }', { since: before.data.changes.cursor });
        const removals = body.data.changes.changes.filter((c: any) => c.documentId === documentId && c.kind === 'REMOVE');
        expect(removals.map((c: any) => c.channel).sort()).toEqual(['feeds', 'web']);
        // Published again, unchanged: back on every channel.
        expect((await cm.publish(INTERPRETATION, documentId)).status).toBe(200);
        await waitFor('the page to return', async () => (await page('test-flow-withdraw')).status === 200, 5000, 50);
        await waitForLive(stack, token, documentId, 'feeds');
      });

      it('shows a scheduled interpretation on every channel within 5 s of its go-live time, not before', async () => {
        const goLiveAt = new Date(Date.now() + 8000);
        const documentId = await publishNew('test-flow-scheduled', { goLiveAt: goLiveAt.toISOString() });
        await new Promise((r) => setTimeout(r, 3000));
        expect((await page('test-flow-scheduled')).status).toBe(404);
        const { body } = await graphql(stack, token, 'query($id: ID!) { publication(documentId: $id) { channels { channel status } } }', { id: documentId });
        expect(body.data.publication.channels.map((c: any) => c.status)).toEqual(['READY', 'READY']);
        await waitFor('the scheduled page', async () => (await page('test-flow-scheduled')).status === 200, 15_000, 100);
        const liveAt = Date.now();
        expect(liveAt).toBeGreaterThanOrEqual(goLiveAt.getTime());
        expect(liveAt - goLiveAt.getTime()).toBeLessThan(5000);
        const live = await waitForLive(stack, token, documentId, 'feeds', undefined, 1000);
        expect(live.channels.every((c: any) => c.status === 'LIVE')).toBe(true);
      });
    });

    describe('webhooks', () => {
      it('refuses a wrong secret with 401', async () => {
        const response = await fetch(`${stack.url}/hooks/strapi`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-tongyuan-hook-secret': 'wrong-secret-wrong-secret' },
          body: JSON.stringify({ event: 'entry.publish', model: 'interpretation', entry: { documentId: 'abc' } }),
        });
        expect(response.status).toBe(401);
      });

      it('makes exactly one rendition per channel from duplicate webhooks', async () => {
        const documentId = await publishNew('test-flow-duplicates');
        await waitForLive(stack, token, documentId, 'web');
        const hook = { event: 'entry.publish', model: 'interpretation', uid: INTERPRETATION, entry: { documentId, updatedAt: new Date().toISOString() } };
        const sends = Array.from({ length: 5 }, () => fetch(`${stack.url}/hooks/strapi`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-tongyuan-hook-secret': TEST_HOOK_SECRET }, body: JSON.stringify(hook),
        }));
        expect((await Promise.all(sends)).map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
        await new Promise((r) => setTimeout(r, 1500));
        const { body } = await graphql(stack, token, 'query($id: ID!) { revisions(documentId: $id) { channels { channel } } }', { id: documentId });
        expect(body.data.revisions).toHaveLength(1);
        expect(body.data.revisions[0].channels.map((c: any) => c.channel).sort()).toEqual(['feeds', 'web']);
      });
    });

    describe('webhook replay', () => {
      it('changes nothing when an old webhook is sent again, with an old timestamp, after the document was unpublished', async () => {
        const documentId = await publishNew('test-flow-replay');
        await waitForLive(stack, token, documentId, 'web');
        // What Strapi sent when it was published, a year before (the publisher trusts no part of it but the id).
        const old = { event: 'entry.publish', model: 'interpretation', uid: INTERPRETATION, createdAt: '2025-12-01T00:00:00.000Z', entry: { documentId, updatedAt: '2025-12-01T00:00:00.000Z', title: '伪造的标题', publishedAt: '2025-12-01T00:00:00.000Z' } };
        expect((await cm.unpublish(INTERPRETATION, documentId)).status).toBe(200);
        await waitFor('the page to go', async () => (await page('test-flow-replay')).status === 404, 5000, 50);
        const replayed = await fetch(`${stack.url}/hooks/strapi`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-tongyuan-hook-secret': TEST_HOOK_SECRET }, body: JSON.stringify(old),
        });
        expect(replayed.status).toBe(202);
        await new Promise((r) => setTimeout(r, 2500)); // the ingest job re-reads the CMS, which says: not published
        expect((await page('test-flow-replay')).status).toBe(404);
        const { body } = await graphql(stack, token, 'query($id: ID!) { publication(documentId: $id) { withdrawn title } }', { id: documentId });
        expect(body.data.publication).toMatchObject({ withdrawn: true, title: '测试解读 test-flow-replay' });
      });
    });

    describe('bad input', () => {
      it('fails a publication the domain model rejects with a clear reason, others unaffected', async () => {
        const draftPolicy = await cm.create(POLICY_DOCUMENT, {
          title: '未发布的测试文件', documentNumber: '测试〔2026〕9号', clauses: [{ number: '第一条', text: '测试条款' }],
        });
        const documentId = await publishNew('test-flow-invalid', { basis: [{ policy: draftPolicy.body.data.documentId, clauses: '第一条' }] });
        const { body } = await waitFor('the refusal', async () => {
          const res = await graphql(stack, token, 'query($id: ID!) { publication(documentId: $id) { problem } }', { id: documentId });
          return res.body.data?.publication?.problem ? res : undefined;
        });
        expect(body.data.publication.problem).toContain('政策依据第 1 项没有选择政策文件，或该文件未发布');
        const status = (await (await fetch(`${stack.url}/status`, { headers: { accept: 'application/json', authorization: `Basic ${Buffer.from('ops:ops-password-for-tests').toString('base64')}` } })).json()) as any;
        expect(status.refused.map((r: any) => r.documentId)).toContain(documentId);
        const other = await publishNew('test-flow-after-invalid');
        await waitForLive(stack, token, other, 'web');
      });

      it('removes <script> and event handlers from every output', async () => {
        const body = '正文<script>alert(1)</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">链接</a>';
        const documentId = await publishNew('test-flow-xss', { body });
        await waitForLive(stack, token, documentId, 'web');
        await waitForLive(stack, token, documentId, 'feeds');
        const outputs = [
          await (await page('test-flow-xss')).text(),
          await (await fetch(`${stack.url}/feeds/juxian-portal/interpretations.rss`)).text(),
          await (await fetch(`${stack.url}/feeds/juxian-portal/interpretations.json`)).text(),
          JSON.stringify((await graphql(stack, token, '{ channelFeed(channel: "feeds", first: 50) { edges { node { payload } } } }')).body),
        ];
        for (const output of outputs) {
          expect(output).not.toMatch(/<script|onerror|javascript:/i);
        }
        expect(outputs[0]).toContain('正文');
      });
    });
  });
}

import { waitFor } from '../../support/processes';
import { graphql, waitForLive, type Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { contentManager, INTERPRETATION, policyEndDate } from '../../support/strapi-api';

/**
 * Ready-to-post packages say when the policy behind them has ended: an operator who posts from the
 * WeChat or Weibo package (GraphQL payload or the downloaded wechat.json / weibo.json) sees
 * 【已失效】 in the title and a `validity` field, and an operator polling `changes(since:)` gets a
 * row for every channel of the interpretation when its validity changes — a clerk ends the basis
 * document (Guangdong's VAT-refund notice), and lifts the end date again. Nothing is re-rendered.
 * Run by policies-and-questions.test.ts after the lists' expiry test (which leaves the notice as seeded), before policy push unpublishes it.
 */
let stack: Stack;
let ops: string;
let guideId: string;
const NOTICE = '粤税发〔2023〕52号';
const ENDED = '2025-12-31';
// Every channel the guide is rendered on by policies-and-questions.test.ts's stack (policy-match indexes items, not interpretations).
const CHANNELS = ['web', 'feeds', 'wechat', 'weibo', 'kiosk'];

export function validityPackageTests(ctx: SharedStack) {
  describe('validity on the ready-to-post packages', () => {
    beforeAll(async () => {
      stack = ctx.stack;
      ops = await stack.token(['create', '--name', 'packages', '--channels', CHANNELS.join(',')]);
      const cm = contentManager(stack.cms.url, await adminToken(stack));
      guideId = (await cm.list(INTERPRETATION, 'page=1&pageSize=100')).body.results.find((d: { slug: string }) => d.slug === 'gd-vat-refund-guide').documentId;
      for (const channel of CHANNELS) await waitForLive(stack, ops, guideId, channel, undefined, 240_000);
    }, 300_000);

    const CHANGES = `query($since: String) { changes(since: $since, first: 100) { cursor hasMore changes { channel documentId kind revision
      rendition { title payload validity { status endedOn } artifacts { name url } } } } }`;

    /** Every change after `since`, paging through, and the cursor to pass next time. */
    async function changesSince(since: string | null) {
      const all: any[] = [];
      let cursor = since;
      for (;;) {
        const { body } = await graphql(stack, ops, CHANGES, { since: cursor });
        if (!body.data) throw new Error(JSON.stringify(body.errors));
        all.push(...body.data.changes.changes);
        cursor = body.data.changes.cursor;
        if (!body.data.changes.hasMore) return { changes: all, cursor };
      }
    }

    /** The guide's rows after `since` once there is one per channel. */
    const guideRowsAfter = (since: string | null, what: string) => waitFor(what, async () => {
      const { changes, cursor } = await changesSince(since);
      const rows = changes.filter((c) => c.documentId === guideId);
      return CHANNELS.every((channel) => rows.some((r) => r.channel === channel)) ? { rows, cursor } : undefined;
    }, 90_000, 500);

    const download = async (url: string) => {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      return { headers: response.headers, json: (await response.json()) as any };
    };

    it('marks the WeChat and Weibo packages 已失效 when the basis ends, with a change row on every channel, and brings them back when it is lifted', async () => {
      const { cursor: start } = await changesSince(null);
      const before = (await changesSince(null)).changes.filter((c) => c.documentId === guideId && c.rendition);
      const wechatBefore = before.filter((c) => c.channel === 'wechat').at(-1)!.rendition;
      expect(wechatBefore.payload.validity).toEqual({ status: '现行有效', endedOn: null, note: null });
      expect(wechatBefore.payload.title).not.toContain('【');
      const title: string = wechatBefore.payload.title;
      const wechatJsonUrl: string = wechatBefore.artifacts.find((a: { name: string }) => a.name === 'wechat.json').url;
      expect((await download(wechatJsonUrl)).json).toMatchObject({ title, validity: { status: '现行有效' } });

      const cm = contentManager(stack.cms.url, await adminToken(stack));
      const notice = await policyEndDate(cm, NOTICE);
      const setEnd = notice.setEnd;
      await setEnd(ENDED);

      const ended = await guideRowsAfter(start, 'a change row per channel for the expired guide');
      for (const channel of CHANNELS) {
        const rows = ended.rows.filter((r) => r.channel === channel);
        expect({ channel, rows: rows.length }).toEqual({ channel, rows: 1 }); // once, however many workers swept
        expect(rows[0]).toMatchObject({ kind: 'UPSERT', revision: before.find((c) => c.channel === channel)!.revision }); // not rendered again
        expect(rows[0].rendition.validity).toEqual({ status: '已失效', endedOn: ENDED });
      }
      const wechat = ended.rows.find((r) => r.channel === 'wechat').rendition;
      expect(wechat.payload.title).toBe(`【已失效】${title}`.slice(0, 64));
      expect(wechat.payload.validity).toMatchObject({ status: '已失效', endedOn: ENDED, note: expect.stringContaining(NOTICE) });
      const weibo = ended.rows.find((r) => r.channel === 'weibo').rendition;
      expect(weibo.payload.lead).toMatch(/^【已失效】【/);
      expect([...weibo.payload.lead].length).toBeLessThanOrEqual(140);
      expect(weibo.payload.text.startsWith(weibo.payload.lead)).toBe(true);
      expect(weibo.payload.validity.status).toBe('已失效');

      // The downloaded packages say the same, and are kept as briefly as pages rather than for good (cache-policy.ts).
      const wechatJson = await download(wechatJsonUrl);
      expect(wechatJson.json).toMatchObject({ title: wechat.payload.title, validity: { status: '已失效', endedOn: ENDED } });
      expect(wechatJson.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
      const weiboJsonUrl: string = weibo.artifacts.find((a: { name: string }) => a.name === 'weibo.json').url;
      expect((await download(weiboJsonUrl)).json).toMatchObject({ lead: weibo.payload.lead, validity: { status: '已失效' } });
      // A panel image is the stored file, untouched.
      const panel = weibo.artifacts.find((a: { name: string }) => a.name.endsWith('.png'));
      expect((await fetch(panel.url)).headers.get('cache-control')).toContain('immutable');

      // Who published is recorded with the revision: the staff member's name, not null (seeded documents have none).
      const { body: history } = await graphql(stack, ops, 'query($id: ID!) { revisions(documentId: $id) { revision publishedBy } }', { id: notice.documentId });
      expect(history.data.revisions[0].publishedBy).toBe('系统管理员');
      expect(history.data.revisions.at(-1).publishedBy).toBeNull();

      await setEnd(null);
      const lifted = await guideRowsAfter(ended.cursor, 'a change row per channel for the lifted guide');
      const back = lifted.rows.find((r) => r.channel === 'wechat').rendition;
      expect(back.payload).toMatchObject({ title, validity: { status: '现行有效', endedOn: null } });
      expect((await download(wechatJsonUrl)).json).toMatchObject({ title, validity: { status: '现行有效' } });
      expect(new Set(lifted.rows.map((r) => r.channel))).toEqual(new Set(CHANNELS));
    }, 240_000);
  });
}

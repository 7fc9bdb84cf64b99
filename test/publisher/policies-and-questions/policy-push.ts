import { createHmac } from 'node:crypto';
import { waitFor } from '../../support/processes';
import { graphql, type Stack } from '../../support/stack';
import { adminToken, type SharedStack } from '../../support/shared-stack';
import { contentManager, POLICY_DOCUMENT } from '../../support/strapi-api';
import { startWebhookReceiver, type ReceivedHook } from '../../support/webhook-receiver';

/**
 * Policy push (政策推送) end to end: a subscriber registers a profile and a webhook or feed; the
 * demo's policy items that fit reach it once, signed; retries carry a flaky receiver through; a
 * change elsewhere sends nothing; unpublishing the basis document announces the withdrawal.
 * Run by policies-and-questions.test.ts after the tests that need the Guangdong notice published, before the
 * finder's withdrawal test unpublishes the veterans' document.
 */
let stack: Stack;
let token: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let cm: ReturnType<typeof contentManager>;
const GUANGDONG = ['industry:manufacturing', 'region:guangdong'];
const GUANGDONG_ITEM = '制造业等行业企业按月全额退还增量留抵税额';
// Every dimension named: an item that does not restrict one (no audience tag, say) would fit too.
const VETERANS = ['audience:veterans', 'policy-type:employment-entrepreneurship', 'region:shanxi'];
const VETERAN_ITEMS = ['企业招用自主就业退役士兵扣减税费', '自主就业退役士兵从事个体经营扣减税费'];
const SUBSCRIBE = `mutation($name: String!, $profile: [String!]!, $delivery: PolicyDeliveryInput) {
  subscribePolicies(name: $name, profile: $profile, delivery: $delivery) { id secret feedUrl subscription { name profile feed } }
}`;
const VIEW = `query($id: ID!) { policySubscription(id: $id) {
  id webhookUrl deliveries(first: 50) { id kind note itemKey title status attempts lastError deliveredAt } } }`;
const subscribe = (variables: object, as = token) => graphql(stack, as, SUBSCRIBE, variables);
const at = (path: string) => receiver.received.filter((r) => r.path === path);
const attemptsOf = (hook: ReceivedHook) => receiver.received.filter((r) => r.headers['x-tongyuan-delivery'] === hook.headers['x-tongyuan-delivery']).length;
const expectSigned = (hook: ReceivedHook, secret: string) => {
  const timestamp = String(hook.headers['x-tongyuan-timestamp']);
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(120);
  expect(hook.headers['x-tongyuan-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${hook.raw}`).digest('hex')}`);
  expect(hook.headers['x-tongyuan-delivery']).toBe(hook.body.id);
};
const delivered = (path: string) => at(path).filter((r) => r.status === 204);
const documentNumbered = async (documentNumber: string) =>
  (await cm.list(POLICY_DOCUMENT, 'page=1&pageSize=100')).body.results.find((d: { documentNumber: string }) => d.documentNumber === documentNumber);

let guangdong: { id: string; secret: string; feedUrl: string };
let veterans: { id: string; secret: string; feedUrl: string | null };

export function policyPushTests(ctx: SharedStack) {
  describe('policy push', () => {
    beforeAll(async () => {
      // /flaky answers 500 to the first two attempts of every delivery; /moved redirects every time.
      receiver = await startWebhookReceiver({
        respond: ({ path, headers }, received) => {
          if (path === '/moved') return { status: 302, headers: { location: '/redirect-target' } };
          const earlier = received.filter((r) => r.headers['x-tongyuan-delivery'] === headers['x-tongyuan-delivery']).length;
          return path === '/flaky' && earlier < 2 ? 500 : 204;
        },
      });
      stack = ctx.stack;
      token = await stack.token(['create', '--name', 'push-ops', '--channels', 'policy-match']);
      cm = contentManager(stack.cms.url, await adminToken(stack));
      await waitFor('the demo policy items in the index', async () => {
        const { body } = await graphql(stack, token, 'query { matchPolicies(profile: []) { total } }');
        return (body.data?.matchPolicies.total ?? 0) >= 6;
      }, 120_000, 500);
    }, 180_000);

    afterAll(async () => {
      await receiver?.close();
    });

    it('delivers the item that fits a new subscriber once, signed, and records it as delivered', async () => {
      const { status, body } = await subscribe({ name: '广东制造业企业', profile: GUANGDONG, delivery: { webhookUrl: `${receiver.base}/ok`, feed: true } });
      expect(status).toBe(200);
      guangdong = body.data.subscribePolicies;
      expect(guangdong.secret).toMatch(/^whsec_/);
      expect(guangdong.feedUrl).toMatch(new RegExp(`/subscriptions/${guangdong.id}/feed\\.json\\?token=.{20,}`));
      await waitFor('the Guangdong item at the receiver', async () => delivered('/ok').length >= 1, 20_000, 100);
      await new Promise((r) => setTimeout(r, 1000)); // a duplicate would have arrived by now
      expect(at('/ok')).toHaveLength(1);
      const [hook] = at('/ok');
      expect(hook.body).toMatchObject({ type: 'item', change: 'new', subscription: guangdong.id, item: { title: GUANGDONG_ITEM, basis: { documentNumber: '粤税发〔2023〕52号' } } });
      expectSigned(hook, guangdong.secret);
      expect(hook.body).not.toHaveProperty('profile');
      const view = await graphql(stack, token, VIEW, { id: guangdong.id });
      expect(view.body.data.policySubscription.deliveries).toEqual([
        expect.objectContaining({ id: hook.body.id, kind: 'ITEM', note: 'new', title: GUANGDONG_ITEM, status: 'DELIVERED', attempts: 1, lastError: null }),
      ]);
    });

    it('retries a receiver that fails twice, then records each event delivered on the third attempt', async () => {
      const { body } = await subscribe({ name: '退役士兵', profile: VETERANS, delivery: { webhookUrl: `${receiver.base}/flaky` } });
      veterans = body.data.subscribePolicies;
      expect(veterans.feedUrl).toBeNull();
      await waitFor('both veterans\' items delivered', async () => delivered('/flaky').length >= 2, 30_000, 100);
      const hooks = delivered('/flaky');
      expect(hooks.map((h) => h.body.item.title).sort()).toEqual(VETERAN_ITEMS);
      for (const hook of hooks) {
        expect(attemptsOf(hook)).toBe(3);
        expectSigned(hook, veterans.secret);
      }
      // The publisher records a delivery once the receiver's answer is in: a moment after the receiver has it.
      const states = await waitFor('both deliveries recorded', async () => {
        const view = await graphql(stack, token, VIEW, { id: veterans.id });
        const rows = view.body.data.policySubscription.deliveries.map((d: any) => [d.status, d.attempts]);
        return rows.every(([status]: [string]) => status !== 'PENDING') ? rows : undefined;
      }, 10_000, 100);
      expect(states).toEqual([['DELIVERED', 3], ['DELIVERED', 3]]);
    });

    it('tells only the subscribers an edit concerns: the veterans hear of the change, the Guangdong subscriber hears nothing', async () => {
      const doc = await documentNumbered('晋税发〔2023〕31号');
      expect((await cm.update(POLICY_DOCUMENT, doc.documentId, { title: `${doc.title}（修订）` })).status).toBe(200);
      expect((await cm.publish(POLICY_DOCUMENT, doc.documentId, {})).status).toBe(200);
      await waitFor('the changed veterans\' items delivered', async () => delivered('/flaky').length >= 4, 30_000, 100);
      const changed = delivered('/flaky').slice(2);
      expect(changed.map((h) => [h.body.change, h.body.item.documentTitle.endsWith('（修订）')])).toEqual([['changed', true], ['changed', true]]);
      await new Promise((r) => setTimeout(r, 1000));
      expect(at('/ok')).toHaveLength(1);
      expect(delivered('/flaky')).toHaveLength(4);
    });

    it('announces the withdrawal when the basis policy document is unpublished, in the webhook and the feed', async () => {
      const doc = await documentNumbered('粤税发〔2023〕52号');
      expect((await cm.unpublish(POLICY_DOCUMENT, doc.documentId)).status).toBe(200);
      await waitFor('the withdrawal at the receiver', async () => delivered('/ok').length >= 2, 20_000, 100);
      const [first, withdrawn] = at('/ok');
      expect(withdrawn.body).toMatchObject({ type: 'withdrawn', reason: '已撤回', item: { key: first.body.item.key, title: GUANGDONG_ITEM } });
      expect(withdrawn.body.id).not.toBe(first.body.id);
      expectSigned(withdrawn, guangdong.secret);

      const json = await fetch(guangdong.feedUrl);
      expect([json.status, json.headers.get('content-type')]).toEqual([200, 'application/feed+json; charset=utf-8']);
      const feed = await json.json();
      expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(feed.items.map((i: any) => i.title)).toEqual([`【已撤回】${GUANGDONG_ITEM}`, GUANGDONG_ITEM]);
      expect(feed.items.map((i: any) => i.id)).toEqual([`urn:tongyuan:policy-event:${withdrawn.body.id}`, `urn:tongyuan:policy-event:${first.body.id}`]);
      for (const format of ['rss', 'atom']) {
        const response = await fetch(guangdong.feedUrl.replace('feed.json', `feed.${format}`));
        const text = await response.text();
        expect([response.status, text.indexOf(`【已撤回】${GUANGDONG_ITEM}`) >= 0, text.split(GUANGDONG_ITEM).length - 1 >= 2]).toEqual([200, true, true]);
        expect(text).not.toContain('industry:manufacturing');
      }
      const bare = guangdong.feedUrl.replace(/\?token=.*$/, '');
      for (const url of [bare, `${bare}?token=wrong-token-of-the-same-length-abc`, guangdong.feedUrl.replace('feed.json', 'feed.xml')]) {
        expect((await fetch(url)).status).toBe(404);
      }
    });

    it('refuses bad input with errors that say what to fix, never a 500', async () => {
      const webhook = { webhookUrl: `${receiver.base}/ok` };
      const cases: Array<[object, RegExp]> = [
        [{ name: '未知标签', profile: ['industry:nonexistent'], delivery: webhook }, /没有这些标签：industry:nonexistent/],
        [{ name: '互斥', profile: ['taxpayer-type:small-scale-taxpayer', 'taxpayer-type:general-taxpayer'], delivery: webhook }, /互斥，只能选择其一/],
        [{ name: 'ftp', profile: GUANGDONG, delivery: { webhookUrl: 'ftp://example.com/hook' } }, /回调地址“ftp:\/\/example.com\/hook”无效：只支持 http:\/\/ 或 https:\/\//],
        [{ name: '无推送方式', profile: GUANGDONG }, /请至少选择一种推送方式/],
        [{ name: '无推送方式', profile: GUANGDONG, delivery: { feed: false } }, /请至少选择一种推送方式/],
        [{ name: ' ', profile: GUANGDONG, delivery: webhook }, /订阅名称不能为空/],
      ];
      for (const [variables, message] of cases) {
        const { status, body } = await subscribe(variables);
        expect([status < 500, body.errors?.[0]?.message]).toEqual([true, expect.stringMatching(message)]);
      }
    });

    it('keeps subscriptions to tokens with the 政策匹配 channel, each to the token that made it, and forgets one unsubscribed', async () => {
      const web = await stack.token(['create', '--name', 'push-web-only', '--channels', 'web']);
      const denied = await subscribe({ name: '无权', profile: GUANGDONG, delivery: { feed: true } }, web);
      expect([denied.status, denied.body.errors[0].message]).toEqual([403, expect.stringContaining('无权读取渠道“policy-match”')]);
      const other = await stack.token(['create', '--name', 'push-other', '--channels', 'policy-match']);
      expect((await graphql(stack, other, VIEW, { id: guangdong.id })).body.errors[0].message).toContain('没有这个订阅');
      const removed = await graphql(stack, token, 'mutation($id: ID!) { unsubscribePolicies(id: $id) }', { id: veterans.id });
      expect(removed.body.data.unsubscribePolicies).toBe(true);
      expect((await graphql(stack, token, VIEW, { id: veterans.id })).body.errors[0].message).toContain('没有这个订阅');
    });

    it('marks an event failed with the reason after the last attempt, and never follows a redirect', async () => {
      const { body } = await subscribe({ name: '地址已迁移', profile: VETERANS, delivery: { webhookUrl: `${receiver.base}/moved` } });
      const { id } = body.data.subscribePolicies;
      const failed = await waitFor('both events failed', async () => {
        const view = await graphql(stack, token, VIEW, { id });
        const deliveries = view.body.data.policySubscription.deliveries;
        return deliveries.length === 2 && deliveries.every((d: any) => d.status === 'FAILED') ? deliveries : undefined;
      }, 20_000, 200);
      for (const delivery of failed) {
        expect(delivery).toMatchObject({ attempts: 4, deliveredAt: null });
        expect(delivery.lastError).toMatch(/^接收方要求重定向（HTTP 302），推送不跟随重定向.*（已尝试 4 次）$/);
      }
      expect([at('/moved').length, at('/redirect-target').length]).toEqual([8, 0]);
    });
  });
}

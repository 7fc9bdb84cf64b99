import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { PublisherError } from '../errors';
import type { Config } from '../config';
import type { Queues } from '../pipeline/queues';
import type { PolicyCatalog } from './catalog';
import type { PolicySubscription, PolicySubscriptionStore } from '../store/policy-subscriptions';
import type { OperatorScope } from '../store/tokens';
import { readSelection } from './match';

/**
 * Subscribing to policy push, written once for GraphQL: the profile is checked with matchPolicies'
 * own rules, the delivery is a webhook (signed) and/or a feed of the subscription's own. The secret
 * and the feed token are random and shown once.
 */
export interface SubscribeInput {
  name?: string | null;
  profile?: string[] | null;
  delivery?: { webhookUrl?: string | null; feed?: boolean | null } | null;
}

export const FEED_FORMATS = ['json', 'rss', 'atom'] as const;
/** Finding and removing a subscription needs only the store; subscribing also checks the profile and asks for a first push. */
export interface SubscriptionLookupDeps { subscriptions: PolicySubscriptionStore }
export type SubscribeDeps = SubscriptionLookupDeps & { policies: PolicyCatalog; queues: Queues; config: Pick<Config, 'PUBLIC_URL'> };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const feedUrlOf = (publicUrl: string, id: string, token: string, format: (typeof FEED_FORMATS)[number] = 'json') =>
  `${publicUrl}/subscriptions/${id}/feed.${format}?token=${token}`;

export async function subscribePolicies(services: SubscribeDeps, operator: OperatorScope, input: SubscribeInput) {
  const name = (input.name ?? '').trim();
  if (name.length === 0 || [...name].length > 100) throw new PublisherError('BAD_REQUEST', '订阅名称不能为空，最多 100 个字');
  const profile = readSelection(await services.policies.current(), input.profile ?? []).ids;
  const webhookUrl = readWebhookUrl(input.delivery?.webhookUrl);
  const feed = input.delivery?.feed === true;
  if (!webhookUrl && !feed) throw new PublisherError('BAD_REQUEST', '请至少选择一种推送方式：delivery.webhookUrl（回调地址）或 delivery.feed: true（订阅源）');
  const secret = webhookUrl ? `whsec_${randomBytes(32).toString('base64url')}` : null;
  const feedToken = feed ? randomBytes(24).toString('base64url') : null;
  const subscription: PolicySubscription = {
    id: randomUUID(), name, operator: operator.name, profile, webhookUrl, signingKey: secret,
    feedTokenHash: feedToken && hashToken(feedToken), createdAt: new Date().toISOString(),
  };
  await services.subscriptions.create(subscription);
  // What fits the profile now is new to the subscriber: the first push tells it.
  await services.queues.requestPolicyPush(`新订阅 ${subscription.id}`);
  return { id: subscription.id, secret, feedUrl: feedToken && feedUrlOf(services.config.PUBLIC_URL, subscription.id, feedToken), subscription };
}

/** A subscription its operator (or an admin) may see; any other id is simply not there. */
export async function ownSubscription(services: SubscriptionLookupDeps, operator: OperatorScope, id: string): Promise<PolicySubscription> {
  const subscription = id.length <= 64 ? await services.subscriptions.find(id) : undefined;
  if (!subscription || (subscription.operator !== operator.name && !operator.isAdmin)) {
    throw new PublisherError('NOT_FOUND', `没有这个订阅：${id.slice(0, 64)}（只能查看本令牌创建的订阅）`);
  }
  return subscription;
}

export async function unsubscribePolicies(services: SubscriptionLookupDeps, operator: OperatorScope, id: string): Promise<boolean> {
  await services.subscriptions.remove((await ownSubscription(services, operator, id)).id);
  return true;
}

/** The subscription behind a feed URL: the id and a matching token, else nothing (which of the two was wrong is not said). */
export async function subscriptionForFeed(services: SubscriptionLookupDeps, id: string, token: string): Promise<PolicySubscription | null> {
  const subscription = id.length <= 64 ? await services.subscriptions.find(id) : undefined;
  if (!subscription?.feedTokenHash || !token) return null;
  const same = timingSafeEqual(Buffer.from(hashToken(token)), Buffer.from(subscription.feedTokenHash));
  return same ? subscription : null;
}

function readWebhookUrl(value: string | null | undefined): string | null {
  const text = (value ?? '').trim();
  if (!text) return null;
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol) || text.length > 2000) {
    throw new PublisherError('BAD_REQUEST', `回调地址“${text.slice(0, 80)}”无效：只支持 http:// 或 https:// 开头的完整网址（最多 2000 个字符）`);
  }
  return url.href;
}

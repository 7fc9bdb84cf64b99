import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { FeedFormat } from '@tongyuan/channels';
import { subscriptionForFeed, type SubscriptionLookupDeps } from '../../policies/subscriptions';
import type { PolicySubscription } from '../../store/policy-subscriptions';
import { registerSubscriptionFeedRoutes, type SubscriptionFeedDeps } from '../routes/subscription-feed';
import { audienceScope } from './scope';

/** Who a subscription feed's URL proved to be: set by the subscribers' guard, read by the feed route. */
export interface Subscriber { subscription: PolicySubscription; format: FeedFormat; token: string }
declare module 'fastify' {
  interface FastifyRequest { subscriber: Subscriber | null }
}

export type SubscribersDeps = SubscriptionLookupDeps & SubscriptionFeedDeps;

/** The id, a feed file name and a matching token, else 404 (which of them was wrong is not said). */
export function subscriptionTokenGuard(deps: SubscribersDeps): onRequestHookHandler {
  return async (request: FastifyRequest, reply) => {
    const params = request.params as { id?: string; file?: string };
    const query = request.query as { token?: unknown };
    const format = /^feed\.(rss|atom|json)$/.exec(params.file ?? '')?.[1] as FeedFormat | undefined;
    const token = typeof query.token === 'string' ? query.token : '';
    const subscription = format ? await subscriptionForFeed(deps, params.id ?? '', token) : null;
    if (!format || !subscription) {
      return reply.code(404).send({ error: 'NOT_FOUND', message: '没有这个订阅源：请使用订阅时返回的 feedUrl（含 token），格式为 feed.json、feed.rss 或 feed.atom' });
    }
    request.subscriber = { subscription, format, token };
  };
}

/** A policy push subscription's own feed, for whoever holds its URL with the token. */
export async function subscribersPlugin(app: FastifyInstance, deps: SubscribersDeps): Promise<void> {
  await audienceScope(app, 'subscription-token', subscriptionTokenGuard(deps), (scope) => {
    scope.decorateRequest('subscriber', null);
    registerSubscriptionFeedRoutes(scope, deps);
  });
}

import { CHANNEL_ROLES } from '@tongyuan/channels';
import { ownSubscription, subscribePolicies, unsubscribePolicies, type SubscribeInput } from '../../policies/subscriptions';
import type { PolicyPushEvent, PolicySubscription } from '../../store/policy-subscriptions';
import { requireChannel, type GraphQLContext } from './resolvers';

/** Policy push (政策推送) for operators with the policy-match channel: subscribe a profile, see its deliveries, unsubscribe. */
export const policyPushTypeDefs = /* GraphQL */ `
  input PolicyDeliveryInput {
    "Each event is POSTed here (http:// or https://; redirects are not followed), signed with the secret."
    webhookUrl: String
    "Keep the events in a feed of the subscription's own (JSON Feed, RSS, Atom)."
    feed: Boolean = false
  }
  enum PolicyPushKind { ITEM WITHDRAWN }
  "IN_FEED: a feed-only subscription, nothing to send."
  enum PolicyPushStatus { PENDING DELIVERED FAILED IN_FEED }
  type PolicyPushEvent {
    "Also sent as x-tongyuan-delivery, for de-duplication."
    id: ID!
    kind: PolicyPushKind!
    "ITEM: new or changed; WITHDRAWN: why it left (已撤回, 已失效 or 不再符合画像)."
    note: String!
    itemKey: String!
    title: String!
    status: PolicyPushStatus!
    attempts: Int!
    "Why the last attempt failed (an HTTP status, a timeout, a redirect)."
    lastError: String
    createdAt: String!
    deliveredAt: String
  }
  type PolicySubscription {
    id: ID!
    name: String!
    "Tag ids, as subscribed."
    profile: [String!]!
    webhookUrl: String
    feed: Boolean!
    createdAt: String!
    "Most recent first."
    deliveries(first: Int = 20): [PolicyPushEvent!]!
  }
  type PolicySubscribed {
    id: ID!
    "HMAC-SHA256 key for checking x-tongyuan-signature; shown only now (null without a webhook)."
    secret: String
    "The subscription's JSON Feed (feed.rss and feed.atom alike); its token is shown only now (null without a feed)."
    feedUrl: String
    subscription: PolicySubscription!
  }
  extend type Query {
    "A subscription this token created, with its recent deliveries (tokens with the policy-match channel)."
    policySubscription(id: ID!): PolicySubscription
  }
  extend type Mutation {
    "Push new, changed and withdrawn policy items that fit the profile (tag ids written dimension:code) to a webhook and/or a feed."
    subscribePolicies(name: String!, profile: [String!]!, delivery: PolicyDeliveryInput): PolicySubscribed!
    unsubscribePolicies(id: ID!): Boolean!
  }
`;

const STATUS = { pending: 'PENDING', delivered: 'DELIVERED', failed: 'FAILED', feed: 'IN_FEED' } as const;
const subscriptionView = (s: PolicySubscription) => ({ id: s.id, name: s.name, profile: s.profile, webhookUrl: s.webhookUrl, feed: s.feedTokenHash !== null, createdAt: s.createdAt });
const eventView = (e: PolicyPushEvent) => ({
  id: String(e.id), kind: e.kind.toUpperCase(), note: e.note, itemKey: e.itemKey, title: e.item.title, status: STATUS[e.status],
  attempts: e.attempts, lastError: e.lastError, createdAt: e.createdAt, deliveredAt: e.deliveredAt,
});

export const policyPushResolvers = {
  Query: {
    async policySubscription(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      requireChannel(ctx.operator, CHANNEL_ROLES.policyCatalogue);
      return subscriptionView(await ownSubscription(ctx.deps, ctx.operator, args.id));
    },
  },
  Mutation: {
    async subscribePolicies(_: unknown, args: SubscribeInput, ctx: GraphQLContext) {
      requireChannel(ctx.operator, CHANNEL_ROLES.policyCatalogue);
      const created = await subscribePolicies(ctx.deps, ctx.operator, args);
      return { ...created, subscription: subscriptionView(created.subscription) };
    },
    async unsubscribePolicies(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      requireChannel(ctx.operator, CHANNEL_ROLES.policyCatalogue);
      return unsubscribePolicies(ctx.deps, ctx.operator, args.id);
    },
  },
  PolicySubscription: {
    async deliveries(parent: { id: string }, args: { first: number }, ctx: GraphQLContext) {
      const first = Math.min(Math.max(args.first, 1), ctx.deps.config.GRAPHQL_MAX_PAGE);
      return (await ctx.deps.subscriptions.recentEvents(parent.id, first)).map(eventView);
    },
  },
};

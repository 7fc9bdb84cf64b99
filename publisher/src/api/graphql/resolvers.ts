import { GraphQLScalarType } from 'graphql';
import { PublisherError } from '../../errors';
import type { DocumentKind } from '../../domain/document';
import { CHANNEL_ROLES, chinaToday } from '@tongyuan/channels';
import { publicationStatus, revisionHistory } from '../../pipeline/publication-status';
import { republishAll } from '../../pipeline/republish-all';
import { publishRevision } from '../../pipeline/publish-revision';
import type { Config } from '../../config';
import type { PolicyCatalog } from '../../policies/catalog';
import type { ValidityBoard } from '../../policies/validity-board';
import type { SubscribeDeps } from '../../policies/subscriptions';
import type { ReceiveQuestionDeps } from '../../questions/receive-question';
import type { KioskStore } from '../../store/kiosks';
import type { LiveItem, PublicationQueries } from '../../store/queries';
import type { OperatorScope } from '../../store/tokens';
import { validityNote } from '../../policies/validity-board';
import { isPackageChannel, servedPackage } from '../../policies/package-validity';

/** What the resolvers read and the operations they run (each declared by the operation itself). */
export type ResolverDeps = Parameters<typeof publicationStatus>[0] & Parameters<typeof revisionHistory>[0]
  & Parameters<typeof publishRevision>[0] & Parameters<typeof republishAll>[0] & SubscribeDeps & ReceiveQuestionDeps & {
    config: Pick<Config, 'PUBLIC_URL' | 'GRAPHQL_MAX_PAGE' | 'KIOSK_STALE_HOURS'>;
    queries: PublicationQueries;
    validity: ValidityBoard;
    kiosks: KioskStore;
    policies: PolicyCatalog;
  };
export interface GraphQLContext { deps: ResolverDeps; operator: OperatorScope }

/** Every field decides who may see it: a token's channels (and sites) bound everything it reads. */
function operatorOf(ctx: GraphQLContext): OperatorScope {
  return ctx.operator; // authenticated in the context function; here the scope is what matters
}
export function requireChannel(operator: OperatorScope, channel: string) {
  if (!operator.channels.includes(channel)) throw new PublisherError('FORBIDDEN', `令牌“${operator.name}”无权读取渠道“${channel}”`);
}
export function requireSite(operator: OperatorScope, site: string | null | undefined) {
  if (operator.sites.length === 0) return;
  if (!site || !operator.sites.includes(site)) {
    throw new PublisherError('FORBIDDEN', `令牌“${operator.name}”只能读取站点 ${operator.sites.join('、')}：请在查询中指定其中一个站点`);
  }
}

/** A site-scoped token sees a document only if it is listed on one of its sites in one of its channels. */
async function requireDocumentOnSites(ctx: GraphQLContext, documentId: string) {
  const { operator, deps } = ctx;
  if (operator.sites.length === 0) return;
  for (const channel of operator.channels) {
    for (const site of operator.sites) if (await deps.queries.isListedOn(channel, site, documentId)) return;
  }
  throw new PublisherError('FORBIDDEN', `令牌“${operator.name}”只能读取站点 ${operator.sites.join('、')} 的内容：文档 ${documentId.slice(0, 64)} 不在这些站点发布`);
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decode<T>(cursor: string, what: string): T {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw new PublisherError('BAD_REQUEST', `${what}游标无效：请使用上一次返回的游标`);
  }
}

function rendition(deps: Pick<ResolverDeps, 'config'>, item: LiveItem) {
  return {
    documentId: item.documentId, channel: item.channel, revision: item.hash, title: item.title,
    publishedAt: item.publishedAt, updatedAt: item.updatedAt, payload: item.payload,
    artifacts: item.artifacts.map((a) => ({ ...a, url: `${deps.config.PUBLIC_URL}/files/${a.sha256}/${encodeURIComponent(a.name)}` })),
  };
}

export const resolvers = {
  JSON: new GraphQLScalarType({ name: 'JSON', serialize: (v) => v }),
  Rendition: {
    /** A ready-to-post package carries today's validity (marked title and a `validity` field); other payloads as rendered. */
    async payload(r: { documentId: string; channel: string; payload: { validTo?: string | null } | null }, _: unknown, ctx: GraphQLContext) {
      if (!isPackageChannel(r.channel)) return r.payload;
      return servedPackage(r.channel, r.payload, await ctx.deps.validity.of(r.documentId, r.payload?.validTo ?? null));
    },
    // Scope was decided by the field that returned the rendition.
    async validity(r: { documentId: string; payload: { validTo?: string | null } | null }, _: unknown, ctx: GraphQLContext) {
      const validity = await ctx.deps.validity.of(r.documentId, r.payload?.validTo ?? null);
      return { status: validity.status, endedOn: validity.endedOn, note: validityNote(validity) };
    },
  },
  Query: {
    async channelFeed(_: unknown, args: { channel: string; site?: string; first: number; after?: string }, ctx: GraphQLContext) {
      const operator = operatorOf(ctx);
      requireChannel(operator, args.channel);
      requireSite(operator, args.site);
      const first = Math.min(Math.max(args.first, 1), ctx.deps.config.GRAPHQL_MAX_PAGE);
      const after = args.after ? decode<{ publishedAt: string; documentId: string }>(args.after, '分页') : undefined;
      const { items, hasNextPage } = await ctx.deps.queries.feed(args.channel, { sites: args.site ? [args.site] : undefined, first, after });
      const edges = items.map((item) => ({ cursor: encode({ publishedAt: item.publishedAt, documentId: item.documentId }), node: rendition(ctx.deps, item) }));
      return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
    },

    async changes(_: unknown, args: { since?: string; channels?: string[]; first: number }, ctx: GraphQLContext) {
      const operator = operatorOf(ctx);
      const channels = args.channels ?? operator.channels;
      channels.forEach((c) => requireChannel(operator, c));
      if (operator.sites.length > 0) throw new PublisherError('FORBIDDEN', '按站点限定的令牌请使用 channelFeed(site:) 读取');
      const since = args.since ? Number(args.since) : 0;
      if (!Number.isSafeInteger(since) || since < 0) throw new PublisherError('BAD_REQUEST', 'since 游标无效：请使用上一次返回的 cursor');
      const first = Math.min(Math.max(args.first, 1), ctx.deps.config.GRAPHQL_MAX_PAGE);
      const rows = await ctx.deps.queries.changesSince(since, channels, first + 1);
      const page = rows.slice(0, first);
      const changes = await Promise.all(page.map(async (c) => {
        const live = c.kind === 'upsert' ? await ctx.deps.queries.liveItem(c.channel, c.documentId) : undefined;
        return {
          cursor: String(c.seq), channel: c.channel, documentId: c.documentId, kind: c.kind.toUpperCase(), revision: c.hash, at: c.at,
          rendition: live && live.hash === c.hash ? rendition(ctx.deps, live) : null,
        };
      }));
      const cursor = page.length ? String(page.at(-1)!.seq) : String(since);
      return { changes, cursor, hasMore: rows.length > first };
    },

    async publication(_: unknown, args: { documentId: string }, ctx: GraphQLContext) {
      const operator = operatorOf(ctx);
      await requireDocumentOnSites(ctx, args.documentId);
      return publicationStatus(ctx.deps, args.documentId, operator.channels);
    },

    async revisions(_: unknown, args: { documentId: string }, ctx: GraphQLContext) {
      const operator = operatorOf(ctx);
      await requireDocumentOnSites(ctx, args.documentId);
      return revisionHistory(ctx.deps, args.documentId, operator.channels);
    },

    async kioskTerminals(_: unknown, args: { staleOnly?: boolean }, ctx: GraphQLContext) {
      requireChannel(operatorOf(ctx), CHANNEL_ROLES.terminals);
      const { kiosks, config, clock } = ctx.deps;
      const terminals = await kiosks.terminals(chinaToday(clock), config.KIOSK_STALE_HOURS);
      return terminals.filter((t) => !args.staleOnly || t.stale).map((t) => ({ ...t, items: t.items.length }));
    },

    async matchPolicies(_: unknown, args: { profile?: string[]; asOf?: string; query?: string; first?: number; after?: string; site?: string }, ctx: GraphQLContext) {
      requireChannel(operatorOf(ctx), CHANNEL_ROLES.policyCatalogue);
      requireSite(operatorOf(ctx), args.site);
      return ctx.deps.policies.match(args);
    },

    async policyFacets(_: unknown, args: { selection?: string[]; asOf?: string; query?: string; site?: string }, ctx: GraphQLContext) {
      requireChannel(operatorOf(ctx), CHANNEL_ROLES.policyCatalogue);
      requireSite(operatorOf(ctx), args.site);
      return ctx.deps.policies.facets(args);
    },
  },
  Mutation: {
    async republish(_: unknown, args: { documentId: string; channels?: string[] }, ctx: GraphQLContext) {
      const operator = operatorOf(ctx);
      if (!operator.isAdmin) throw new PublisherError('FORBIDDEN', '只有管理员令牌可以重新发布');
      const doc = await ctx.deps.queries.document(args.documentId);
      if (!doc) throw new PublisherError('NOT_FOUND', `没有找到文档 ${args.documentId}：它可能从未发布过`);
      await publishRevision(ctx.deps, doc.kind as DocumentKind, args.documentId, { force: true, onlyChannels: args.channels, publishedBy: `令牌 ${operator.name}` });
      return publicationStatus(ctx.deps, args.documentId);
    },
    async republishAll(_: unknown, args: { channels?: string[] }, ctx: GraphQLContext) {
      const operator = operatorOf(ctx);
      if (!operator.isAdmin) throw new PublisherError('FORBIDDEN', '只有管理员令牌可以重新发布');
      return republishAll(ctx.deps, { channels: args.channels ?? undefined, publishedBy: `令牌 ${operator.name}` });
    },
  },
};

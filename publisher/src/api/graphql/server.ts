import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError } from 'graphql';
import { PublisherError } from '../../errors';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { compiledExecution } from './compiled-execution';
import { costLimitPlugin } from './limits';
import { policyPushResolvers, policyPushTypeDefs } from './policy-push';
import { questionResolvers, questionTypeDefs } from './questions';
import { registerGraphQLResponseCache, type ResponseCacheDeps } from './response-cache';
import { resolvers, type GraphQLContext, type ResolverDeps } from './resolvers';
import { typeDefs } from './schema';

export type GraphQLDeps = ResolverDeps & ResponseCacheDeps & {
  config: Pick<Config, 'GRAPHQL_INTROSPECTION' | 'GRAPHQL_MAX_DEPTH' | 'GRAPHQL_MAX_COST'>;
  logger: Logger;
};

/**
 * Apollo Server 5 on Fastify at /graphql: depth and cost limits, CSRF prevention, masked errors.
 * Registered in the operators' plugin, whose guard has already read the token into `request.operator`.
 */
export async function registerGraphQL(app: FastifyInstance, deps: GraphQLDeps): Promise<ApolloServer<GraphQLContext>> {
  const { config } = deps;
  const schema = makeExecutableSchema({ typeDefs: [typeDefs, policyPushTypeDefs, questionTypeDefs], resolvers: [resolvers, policyPushResolvers, questionResolvers] });
  const apollo = new ApolloServer<GraphQLContext>({
    // The schema, served with each query compiled once to a function (compiled-execution.ts).
    gateway: compiledExecution(schema),
    csrfPrevention: true,
    introspection: config.GRAPHQL_INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit(config.GRAPHQL_MAX_DEPTH)],
    plugins: [
      fastifyApolloDrainPlugin(app), costLimitPlugin(schema, config.GRAPHQL_MAX_COST), ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used (answers are cached by the change sequence instead); the plugin otherwise wraps every field.
      ApolloServerPluginCacheControlDisabled(),
    ],
    formatError(formatted, error) {
      const original = error instanceof GraphQLError ? error.originalError : error;
      if (original instanceof PublisherError) {
        return { message: original.publicMessage, path: formatted.path, extensions: { code: original.code } };
      }
      if (formatted.extensions?.code === 'UNAUTHENTICATED' || formatted.extensions?.code === 'QUERY_TOO_COMPLEX') {
        return { message: formatted.message, extensions: { code: formatted.extensions.code } };
      }
      const code = formatted.extensions?.code;
      if (original && !(original instanceof GraphQLError)) {
        deps.logger.error({ err: (original as Error).message }, 'GraphQL 内部错误');
        return { message: '服务内部错误，已记录日志；请稍后重试', extensions: { code: 'INTERNAL' } };
      }
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    },
  });
  await apollo.start();
  registerGraphQLResponseCache(app, deps);
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request) => {
      if (!request.operator) throw new GraphQLError('需要有效的渠道运营方令牌', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } }); // the guard already refused it
      return { deps, operator: request.operator };
    },
  });
  return apollo;
}

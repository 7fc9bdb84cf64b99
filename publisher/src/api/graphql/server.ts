import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError } from 'graphql';
import { PublisherError } from '../../errors';
import type { Services } from '../../services';
import { OperatorTokens, type OperatorScope } from '../../store/tokens';
import { costLimitPlugin } from './limits';
import { policyPushResolvers, policyPushTypeDefs } from './policy-push';
import { questionResolvers, questionTypeDefs } from './questions';
import { registerGraphQLResponseCache } from './response-cache';
import { resolvers, type GraphQLContext } from './resolvers';
import { typeDefs } from './schema';

/** Apollo Server 5 on Fastify at /graphql: bearer-token auth, depth and cost limits, CSRF prevention, masked errors. */
export async function registerGraphQL(app: FastifyInstance, services: Services): Promise<ApolloServer<GraphQLContext>> {
  const { config } = services;
  const schema = makeExecutableSchema({ typeDefs: [typeDefs, policyPushTypeDefs, questionTypeDefs], resolvers: [resolvers, policyPushResolvers, questionResolvers] });
  const tokens = new OperatorTokens(services.db);
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
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
        services.logger.error({ err: (original as Error).message }, 'GraphQL 内部错误');
        return { message: '服务内部错误，已记录日志；请稍后重试', extensions: { code: 'INTERNAL' } };
      }
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    },
  });
  await apollo.start();
  registerGraphQLResponseCache(app, services);
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    // No valid operator token, no GraphQL at all: 401 before anything is parsed or run.
    context: async (request) => {
      const header = request.headers.authorization;
      const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      // Already looked up (within the last few seconds) by the response cache for the queries it may answer.
      const known = (request as { operatorScope?: OperatorScope }).operatorScope;
      const operator = known ?? (token ? await tokens.verify(token) : null);
      if (!operator) {
        throw new GraphQLError('需要有效的渠道运营方令牌：请在请求头中带上 Authorization: Bearer <令牌>', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      return { services, operator };
    },
  });
  return apollo;
}

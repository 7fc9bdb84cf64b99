import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/** Lists cost their page size times what each item asks for, so `first: 100` of a deep item is expensive. */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === 'number' ? Math.max(1, args.first) : undefined;
  return first === undefined ? undefined : 1 + childComplexity * first;
};

/**
 * Aliases run a field once each: 200 aliases of a cheap field (a `publication` lookup costs 2) pass
 * the cost limit yet run 200 look-ups. Real operators alias a few fields, never dozens.
 */
export const MAX_ALIASES = 50;
const aliasCount = (document: DocumentNode) => {
  let count = 0;
  visit(document, { Field: (node) => void (node.alias && count++) });
  return count;
};

/**
 * Apollo has no built-in cost limit: each operation's estimated cost is checked before it runs,
 * and so is the number of operations-in-one (aliases multiply cost like any field).
 */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const aliases = aliasCount(document);
          if (aliases > MAX_ALIASES) {
            throw new GraphQLError(`查询中的别名过多（${aliases} 个，上限 ${MAX_ALIASES}）：请合并同类查询，或分几次请求`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
          const cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) {
            throw new GraphQLError(`查询过于复杂（估算代价 ${cost}，上限 ${maxCost}）：请减少字段、别名或每页条数`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

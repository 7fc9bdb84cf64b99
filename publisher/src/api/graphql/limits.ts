import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
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

interface Shape { aliases: number; dependsOnVariables: boolean; costs: Map<string, number> }

/**
 * What a parsed query costs apart from its variables: its aliases, and whether a variable can change its
 * cost (a page size, @include/@skip). Apollo hands over the same parsed document for the same query text,
 * so operators polling one query are costed once rather than on every request.
 */
const shapes = new WeakMap<DocumentNode, Shape>();
function shapeOf(document: DocumentNode): Shape {
  let shape = shapes.get(document);
  if (shape) return shape;
  let aliases = 0;
  let dependsOnVariables = false;
  visit(document, {
    Field: (node) => void (node.alias && aliases++),
    Argument: (node) => void (node.name.value === 'first' && node.value.kind === Kind.VARIABLE && (dependsOnVariables = true)),
    Directive: (node) => void (node.arguments?.some((a) => a.value.kind === Kind.VARIABLE) && (dependsOnVariables = true)),
  });
  shapes.set(document, (shape = { aliases, dependsOnVariables, costs: new Map() }));
  return shape;
}

/**
 * Apollo has no built-in cost limit: each operation's estimated cost is checked before it runs,
 * and so is the number of operations-in-one (aliases multiply cost like any field).
 */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  const costOf = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined) =>
    getComplexity({ schema, query: document, operationName, variables, estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })] });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const shape = shapeOf(document);
          if (shape.aliases > MAX_ALIASES) {
            throw new GraphQLError(`查询中的别名过多（${shape.aliases} 个，上限 ${MAX_ALIASES}）：请合并同类查询，或分几次请求`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
          let cost: number;
          if (shape.dependsOnVariables) cost = costOf(document, request.operationName, request.variables);
          else {
            const operation = request.operationName ?? '';
            const known = shape.costs.get(operation);
            cost = known ?? costOf(document, request.operationName, request.variables);
            if (known === undefined) shape.costs.set(operation, cost);
          }
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

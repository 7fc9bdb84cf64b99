import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { OperatorScope, OperatorTokens } from '../../store/tokens';
import { registerGraphQL, type GraphQLDeps } from '../graphql/server';
import { audienceScope } from './scope';

declare module 'fastify' {
  interface FastifyRequest {
    /** The operator whose token came with the request, read once by the operators' guard (GraphQL and REST use it). */
    operator: OperatorScope | null;
  }
}

export type OperatorsDeps = GraphQLDeps & { tokens: Pick<OperatorTokens, 'verify'> };

/** The bearer token of a request, or '' (the `Authorization: Bearer <token>` header). */
export function bearerOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

/**
 * The guard of every operator route: a valid token, else 401 before anything is parsed or run. A
 * token's scope is re-read at most every few seconds (operators poll; revoking takes effect within that).
 */
export function operatorTokenGuard(deps: OperatorsDeps): onRequestHookHandler {
  const scopes = new LRUCache<string, OperatorScope | 'invalid'>({ max: 10_000, ttl: 5000 });
  return async (request, reply) => {
    const token = bearerOf(request);
    let scope = token ? scopes.get(token) : 'invalid';
    if (!scope) {
      scope = (await deps.tokens.verify(token)) ?? 'invalid';
      scopes.set(token, scope);
    }
    if (scope !== 'invalid') {
      request.operator = scope;
      return;
    }
    // The answer GraphQL clients expect for an unauthenticated request.
    return reply.code(401).type('application/json; charset=utf-8').send({
      errors: [{ message: '需要有效的渠道运营方令牌：请在请求头中带上 Authorization: Bearer <令牌>', extensions: { code: 'UNAUTHENTICATED' } }],
    });
  };
}

/** Channel operators: GraphQL at /graphql (and any REST route for them), each request with `request.operator`. */
export async function operatorsPlugin(app: FastifyInstance, deps: OperatorsDeps): Promise<void> {
  await audienceScope(app, 'operator-token', operatorTokenGuard(deps), async (scope) => {
    scope.decorateRequest('operator', null);
    await registerGraphQL(scope, deps);
  });
}

import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, GraphQLError, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { PublisherError } from '../../errors';
import { compiledExecution } from './compiled-execution';

/**
 * Compiled execution answers exactly as graphql-js does — variables, aliases, fragments, lists, nulls,
 * a resolver's error with its path, introspection — through Apollo, which still validates and formats.
 */
const schema = makeExecutableSchema({
  typeDefs: `
    type Clause { number: String! text: String }
    type Item { key: ID! title: String! score(boost: Int = 0): Int! clauses: [Clause!]! note: String }
    type Query { items(first: Int!, tag: String): [Item!]! broken: String }
  `,
  resolvers: {
    Query: {
      items: (_: unknown, { first, tag }: { first: number; tag?: string }, context: { site: string }) => Array.from({ length: first }, (_, i) => ({
        key: `${context.site}-${i}`, title: `事项${i}${tag ? `（${tag}）` : ''}`, base: i * 10, clauses: i % 2 ? [{ number: '第一条', text: null }] : [],
        note: i === 1 ? Promise.resolve('异步') : null,
      })),
      broken: () => { throw new PublisherError('BAD_REQUEST', '参数不对：请改正'); },
    },
    Item: { score: (item: { base: number }, { boost }: { boost: number }) => item.base + boost },
  },
});

const QUERIES: Array<[string, string, Record<string, unknown>]> = [
  ['variables, defaults and a nested list', 'query($n: Int!, $t: String) { items(first: $n, tag: $t) { key title score clauses { number text } } }', { n: 3, t: '小微企业' }],
  ['aliases, an argument and fragments', 'query { a: items(first: 2) { ...F s2: score(boost: 5) } } fragment F on Item { key score note __typename }', {}],
  ['an error with its path beside data', '{ broken items(first: 1) { key } }', {}],
  ['@include and @skip by variables (true)', 'query($v: Boolean!) { items(first: 2) { key title @include(if: $v) score @skip(if: $v) } }', { v: true }],
  ['@include and @skip by variables (false)', 'query($v: Boolean!) { items(first: 2) { key title @include(if: $v) score @skip(if: $v) } }', { v: false }],
  ['introspection', '{ __schema { queryType { name } types { name } } __type(name: "Item") { fields { name } } }', {}],
];

describe.each(QUERIES)('a query with %s', (_what, query, variables) => {
  it('gets the same answer compiled, through Apollo, as from graphql-js', async () => {
    expect(isCompiledQuery(compileQuery(schema, parse(query)))).toBe(true); // compiled, not the fallback
    const expected = JSON.parse(JSON.stringify(await execute({ schema, document: parse(query), variableValues: variables, contextValue: { site: 'juxian' } })));
    const apollo = new ApolloServer<{ site: string }>({ gateway: compiledExecution(schema), formatError: (formatted) => ({ message: formatted.message, path: formatted.path }) });
    await apollo.start();
    try {
      for (let round = 0; round < 2; round += 1) { // the second time from the kept compiled function
        const response = await apollo.executeOperation({ query, variables }, { contextValue: { site: 'juxian' } });
        if (response.body.kind !== 'single') throw new Error('expected a single result');
        const { data, errors } = response.body.singleResult;
        expect(JSON.parse(JSON.stringify({ data, ...(errors ? { errors: errors.map((e) => ({ message: e.message, path: e.path })) } : {}) })))
          .toEqual({ data: expected.data, ...(expected.errors ? { errors: expected.errors.map((e: { message: string; path: unknown }) => ({ message: e.message, path: e.path })) } : {}) });
      }
    } finally {
      await apollo.stop();
    }
  });
});

it('hands Apollo a resolver\'s own error, so the server can say its Chinese message', async () => {
  const seen: unknown[] = [];
  const apollo = new ApolloServer<{ site: string }>({
    gateway: compiledExecution(schema),
    formatError: (formatted, error) => {
      seen.push(error instanceof GraphQLError ? error.originalError : error);
      return formatted;
    },
  });
  await apollo.start();
  try {
    await apollo.executeOperation({ query: '{ broken }' }, { contextValue: { site: 'juxian' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(PublisherError);
    expect((seen[0] as PublisherError).publicMessage).toBe('参数不对：请改正');
  } finally {
    await apollo.stop();
  }
});

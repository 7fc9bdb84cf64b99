import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { costLimitPlugin } from './limits';

/** A list paged by `first` whose items are deep enough to cost: `first: 100` costs 1 + 100 × 3. */
const schema = makeExecutableSchema({
  typeDefs: 'type Item { a: Int b: Int } type Query { items(first: Int): [Item!]! cheap: Int }',
  resolvers: { Query: { items: (_: unknown, { first }: { first: number }) => Array.from({ length: Math.min(first, 3) }, () => ({ a: 1, b: 2 })), cheap: () => 1 } },
});
const MAX_COST = 100;

async function ask(server: ApolloServer, query: string, variables?: Record<string, unknown>, operationName?: string) {
  const { body } = await server.executeOperation({ query, variables, operationName });
  if (body.kind !== 'single') throw new Error('expected a single answer');
  return body.singleResult.errors?.[0]?.extensions?.code ?? 'OK';
}

describe('the cost limit', () => {
  let server: ApolloServer;
  beforeAll(async () => {
    server = new ApolloServer({ schema, plugins: [costLimitPlugin(schema, MAX_COST)] });
    await server.start();
  });
  afterAll(() => server.stop());

  // The cost of one query text is kept between requests; a variable that changes it must not be kept.
  it('costs a page size given as a variable by each request\'s value, however often the same query comes', async () => {
    const query = 'query($n: Int) { items(first: $n) { a b } }';
    expect(await ask(server, query, { n: 5 })).toBe('OK');
    expect(await ask(server, query, { n: 500 })).toBe('QUERY_TOO_COMPLEX');
    expect(await ask(server, query, { n: 5 })).toBe('OK');
  });

  it('costs a field behind @include or @skip by the variable', async () => {
    const query = 'query($big: Boolean!) { cheap items(first: 500) @include(if: $big) { a b } }';
    expect(await ask(server, query, { big: false })).toBe('OK');
    expect(await ask(server, query, { big: true })).toBe('QUERY_TOO_COMPLEX');
    expect(await ask(server, query, { big: false })).toBe('OK');
  });

  it('refuses an expensive query every time it is sent, and costs each operation of a document by its own name', async () => {
    expect(await ask(server, '{ items(first: 500) { a b } }')).toBe('QUERY_TOO_COMPLEX');
    expect(await ask(server, '{ items(first: 500) { a b } }')).toBe('QUERY_TOO_COMPLEX');
    const two = 'query Small { items(first: 2) { a } } query Large { items(first: 500) { a b } }';
    expect(await ask(server, two, undefined, 'Small')).toBe('OK');
    expect(await ask(server, two, undefined, 'Large')).toBe('QUERY_TOO_COMPLEX');
    expect(await ask(server, two, undefined, 'Small')).toBe('OK');
  });

  it('refuses more than 50 aliases', async () => {
    const aliases = Array.from({ length: 51 }, (_, i) => `c${i}: cheap`).join(' ');
    expect(await ask(server, `{ ${aliases} }`)).toBe('QUERY_TOO_COMPLEX');
  });
});

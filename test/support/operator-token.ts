import { parseArgs } from 'node:util';
import { createDb, migrate } from '../../publisher/src/store/db';
import { OperatorTokens } from '../../publisher/src/store/tokens';

/**
 * `npm run token -- create …` done in the test's own process, on the stack's store: the command line
 * costs about 3 CPU s a call (a node with tsx, the config schema, the store's drivers), and the suite
 * asks for tokens 50 times. Same arguments and the same store operation (OperatorTokens.create) as
 * publisher/src/main/token-cli.ts; the command itself is tested in test/publisher/startup.test.ts.
 */
export function createOperatorToken(databaseUrl: string, args: string[]): Promise<string> {
  // One at a time: migrate takes an exclusive SQLite lock synchronously, so two calls in one process (a test
  // asking for tokens with Promise.all) would wait on each other for good; the CLI's processes queue instead.
  const made = queue.then(() => makeToken(databaseUrl, args));
  queue = made.catch(() => undefined);
  return made;
}

let queue: Promise<unknown> = Promise.resolve();

async function makeToken(databaseUrl: string, args: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args, allowPositionals: true,
    options: { name: { type: 'string' }, channels: { type: 'string' }, sites: { type: 'string' }, admin: { type: 'boolean', default: false } },
  });
  if (positionals[0] !== 'create' || !values.name || !values.channels) throw new Error(`stack.token takes create --name … --channels …, not ${args.join(' ')}`);
  const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const db = createDb(databaseUrl);
  try {
    await migrate(db);
    return await new OperatorTokens(db).create({ name: values.name, channels: list(values.channels), sites: list(values.sites), isAdmin: values.admin ?? false });
  } finally {
    await db.destroy();
  }
}

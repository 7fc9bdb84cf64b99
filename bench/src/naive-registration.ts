import http from 'node:http';
import { createDb, migrate } from '../../publisher/src/store/db';

/**
 * The registration handler the benchmark compares against (run as its own process, like the API):
 * read how many are confirmed, then insert — "count then insert", what a first version would do.
 * Between the count and the insert other requests count too, and all of them see the last seat free.
 * The publisher's store (SQLite or PostgreSQL), the same form body, no proof of work (that only makes it faster).
 *   node --import tsx bench/src/naive-registration.ts <database URL: file or postgres://> <port> <capacity>
 */
async function main() {
  const [file, port, capacity] = process.argv.slice(2);
  const db = createDb(file);
  await migrate(db);
  const table = db.withTables<{ naive_registrations: { id?: number; phone: string; status: string; at: string } }>();
  const postgres = /^postgres/.test(file);
  await db.schema.createTable('naive_registrations').ifNotExists().addColumn('id', postgres ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull()).addColumn('status', 'text', (c) => c.notNull()).addColumn('at', 'text', (c) => c.notNull()).execute();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', async () => {
      try {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const phone = form.get('phone') ?? '';
        const taken = await table.selectFrom('naive_registrations').select((e) => e.fn.countAll<number>().as('n')).where('status', '=', 'confirmed').executeTakeFirstOrThrow();
        const status = Number(taken.n) < Number(capacity) ? 'confirmed' : 'waitlisted';
        await table.insertInto('naive_registrations').values({ phone, status, at: new Date().toISOString() }).execute();
        response.writeHead(201, { 'content-type': 'text/plain; charset=utf-8' }).end(status);
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    });
  });
  server.listen(Number(port), '127.0.0.1', () => console.log('listening'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

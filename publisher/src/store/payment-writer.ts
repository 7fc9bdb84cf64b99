import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import { bulkHandleOf, type Db } from './db';
import type { FundPaymentsTable } from './funds';

/**
 * Writes a batch's payment rows as fast as each database takes them: PostgreSQL through one COPY
 * (pg-copy-streams), which a failure aborts so that nothing of it is stored; SQLite through a prepared
 * INSERT, committed every few thousand rows so that registrations and questions are not held up
 * for the whole import (the batch is invisible until it goes live either way, and a refused one is deleted).
 */
export interface PaymentWriter {
  write(row: FundPaymentsTable): Promise<void>;
  /** All written: stored. */
  close(): Promise<void>;
  /** Give up: PostgreSQL stores none of it; SQLite's rows are deleted by the caller (FundStore.failBatch). */
  abort(): Promise<void>;
}

const COLUMNS = ['batch_id', 'row_number', 'fund', 'township', 'village', 'payee_name', 'id_number', 'payee_key', 'amount_fen', 'paid_on', 'item'] as const;
const SQLITE_CHUNK = 5000;
const COPY_CHUNK_CHARS = 256 * 1024;

export async function openPaymentWriter(db: Db): Promise<PaymentWriter> {
  const handle = bulkHandleOf(db);
  if ('pool' in handle) return postgresWriter(await handle.pool.connect());
  const insert = handle.sqlite.prepare(`insert into fund_payments (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
  let pending: unknown[][] = [];
  const flush = handle.sqlite.transaction((rows: unknown[][]) => { for (const row of rows) insert.run(row); });
  const drain = async () => {
    flush(pending);
    pending = [];
    await new Promise((resolve) => setImmediate(resolve)); // between chunks, the rest of the service runs
  };
  return {
    async write(row) {
      pending.push(COLUMNS.map((c) => row[c]));
      if (pending.length >= SQLITE_CHUNK) await drain();
    },
    async close() { if (pending.length) await drain(); },
    async abort() { pending = []; },
  };
}

/** COPY's text format: tab-separated, \N for null, backslash escapes. */
const copyField = (value: unknown) => (value === null || value === undefined ? '\\N'
  : String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));

function postgresWriter(client: PoolClient): PaymentWriter {
  const stream: Writable = client.query(copyFrom(`copy fund_payments (${COLUMNS.join(', ')}) from stdin`));
  let failed: Error | null = null;
  stream.on('error', (error) => { failed = error; });
  let released = false;
  const release = (error?: Error) => { if (!released) { released = true; client.release(error); } };
  // Rows go to the socket in chunks: a write per row is a system call per row.
  let buffered = '';
  const flush = async () => {
    const chunk = buffered;
    buffered = '';
    if (chunk && !stream.write(chunk)) await once(stream, 'drain');
  };
  return {
    async write(row) {
      if (failed) throw failed;
      buffered += `${COLUMNS.map((c) => copyField(row[c])).join('\t')}\n`;
      if (buffered.length >= COPY_CHUNK_CHARS) await flush();
    },
    async close() {
      try {
        await flush();
        stream.end();
        await once(stream, 'finish');
        if (failed) throw failed;
        // Fresh planner statistics after a bulk load (PostgreSQL's advice): without them the cross-checks'
        // joins and groupings over a year of rows were planned for a few rows and took 17 s instead of 2.
        await client.query('analyze fund_payments');
      } finally {
        release(failed ?? undefined);
      }
    },
    async abort() {
      // CopyFail: the server throws the whole COPY away; the connection is dropped rather than reused mid-protocol.
      stream.destroy(new Error('import refused'));
      await once(stream, 'close').catch(() => undefined);
      release(new Error('copy aborted'));
    },
  };
}

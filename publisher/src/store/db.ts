import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { Pool } from 'pg';
import { PublisherError } from '../errors';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** `postgres://…` → PostgreSQL; `file:/path` (or a bare path) → SQLite with WAL for concurrent readers. */
export function createDb(url: string): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new Pool({ connectionString: url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    bulkHandles.set(db, { pool });
    return db;
  }
  const file = url.replace(/^file:/, '');
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // 64 MB of page cache (the default is 2 MB): a payment import's indexes and a village's page stay in memory.
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
  migrationLocks.set(db, `${file}.migration-lock`);
  bulkHandles.set(db, { sqlite });
  return db;
}

/**
 * The driver under a store, for bulk loading only (a million payment rows: PostgreSQL's COPY, SQLite's
 * prepared insert in a transaction), which a query builder would slow tenfold. Everything else goes through Kysely.
 */
const bulkHandles = new WeakMap<Db, { pool?: Pool; sqlite?: SqliteDatabase.Database }>();
export function bulkHandleOf(db: Db): { pool: Pool } | { sqlite: SqliteDatabase.Database } {
  const handle = bulkHandles.get(db);
  if (handle?.pool) return { pool: handle.pool };
  if (handle?.sqlite) return { sqlite: handle.sqlite };
  throw new PublisherError('INTERNAL', '这个数据库连接不是由 createDb 创建的，无法批量导入');
}

/** SQLite databases' lock files for migrating, by database (PostgreSQL locks through Kysely's own advisory lock). */
const migrationLocks = new WeakMap<Db, string>();

/**
 * Kysely's SQLite adapter takes no lock for migrating (it assumes one process), but the API and the
 * worker start together on a new database and both ran the same migration ("duplicate column").
 * An exclusive transaction on a small SQLite file beside the database is the lock: the second
 * process waits, then finds every migration applied.
 */
function withMigrationLock<T>(db: Db, run: () => Promise<T>): Promise<T> {
  const lockFile = migrationLocks.get(db);
  if (!lockFile) return run();
  const lock = new SqliteDatabase(lockFile, { timeout: 120_000 });
  lock.exec('BEGIN EXCLUSIVE');
  return run().finally(() => {
    lock.exec('COMMIT');
    lock.close();
  });
}

/**
 * Kysely prepares every statement anew; better-sqlite3's prepare is a large part of a render's
 * store work. Kysely runs one statement at a time on its single SQLite connection, so a prepared
 * statement can be kept by its SQL and run again (the last few hundred distinct ones).
 */
function reusingStatements(sqlite: SqliteDatabase.Database) {
  const prepared = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = prepared.get(sql);
      if (statement) {
        prepared.delete(sql); // most recently used last
      } else {
        statement = sqlite.prepare(sql);
        if (prepared.size >= 500) prepared.delete(prepared.keys().next().value as string);
      }
      prepared.set(sql, statement);
      return statement;
    },
  };
}

export async function migrate(db: Db): Promise<void> {
  const { error, results } = await withMigrationLock(db, () => new Migrator({ db, provider: migrationProvider }).migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new PublisherError('STORE_UNAVAILABLE', `数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${String(error)}`, {
      cause: error,
    });
  }
}

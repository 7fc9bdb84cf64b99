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
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url, max: 10 }) }) });
  }
  const file = url.replace(/^file:/, '');
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
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
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new PublisherError('STORE_UNAVAILABLE', `数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${String(error)}`, {
      cause: error,
    });
  }
}

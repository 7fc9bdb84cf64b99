import type { Kysely } from 'kysely';

/**
 * Whether a store (or a transaction on it, as migrations get) speaks PostgreSQL: for the few statements the two
 * dialects write differently (column types, JSON reads). Read off Kysely's adapter, so it holds for any handle.
 */
export const onPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

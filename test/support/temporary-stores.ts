import path from 'node:path';
import { Client } from 'pg';
import { createDb, type Db } from '../../publisher/src/store/db';
import { temporaryFolder } from './temporary-folders';

/**
 * The publisher's store on each engine it runs on, made empty for one test and removed after: a
 * SQLite file in a temporary folder, a PostgreSQL database on the machine's server (trust auth).
 * For `describe.each(TEMPORARY_STORES)`; the test migrates it (or lets the code under test do so).
 */
export type TemporaryStore = { db: Db; done: () => Promise<void> };

const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

export const TEMPORARY_STORES: Array<[string, () => Promise<TemporaryStore>]> = [
  ['SQLite', async () => {
    const db = createDb(`file:${path.join(temporaryFolder('tongyuan-store-'), 'publisher.db')}`);
    return { db, done: () => db.destroy() };
  }],
  ['PostgreSQL', async () => {
    const admin = new Client({ connectionString: PG_ADMIN });
    await admin.connect();
    const name = `tongyuan_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await admin.query(`create database ${name}`);
    const db = createDb(PG_ADMIN.replace(/postgres$/, name));
    return { db, done: async () => { await db.destroy(); await admin.query(`drop database if exists ${name}`); await admin.end(); } };
  }],
];

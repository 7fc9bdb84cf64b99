import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { CmsDeskClient, HolidayArrangement } from '../ingest/desk-client';
import { createDb, migrate, type Db } from '../store/db';
import { HolidayStore } from '../store/holidays';
import { HolidayTable } from './holiday-table';

/**
 * A publisher started before its CMS (docker compose starts them together; the CMS takes seconds
 * longer) has the 节假日安排 within seconds of the CMS coming up, not an hour later.
 */
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-holiday-table-'));
  db = createDb(path.join(dir, 'store.db'));
  await migrate(db);
});

afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const YEAR_2027: HolidayArrangement = {
  year: 2027, notice: '国务院办公厅关于2027年部分节假日安排的通知', updatedAt: '2026-11-20T02:00:00.000Z',
  holidays: [{ name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-03' }], workdays: [],
};

it('reads the CMS again within seconds while it cannot be reached, then keeps the long interval', async () => {
  let calls = 0;
  let up = false;
  const cms = { holidayArrangements: async () => { calls += 1; if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:1337'); return [YEAR_2027]; } } as unknown as CmsDeskClient;
  const table = new HolidayTable({ store: new HolidayStore(db), cms, logger: pino({ level: 'silent' }), clock: () => new Date() });
  table.start(3_600_000);
  await new Promise((r) => setTimeout(r, 200));
  expect(calls).toBe(1);
  expect(table.years().size).toBe(0);
  up = true; // the CMS is up now
  await new Promise((r) => setTimeout(r, 3_500)); // retries after 1 s, then 2 s
  expect(table.years().get(2027)?.offDays.has('2027-01-02')).toBe(true);
  const afterUp = calls;
  await new Promise((r) => setTimeout(r, 2_500));
  expect(calls).toBe(afterUp); // back to the hour once read
  await table.stop();
}, 15_000);

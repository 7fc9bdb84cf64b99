import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createDb, migrate, type Db } from './db';
import { DuplicatePhone, ReceiptTaken, RegistrationStore, type NewRegistration } from './registrations';

/**
 * Seat allocation under concurrency, on both databases the publisher runs on: many registrations
 * at once for the last seat give exactly one confirmation, the rest wait in arrival order, and a
 * cancellation promotes the first waiting. PostgreSQL: one pool of 10 connections firing at once;
 * SQLite: four processes (as API replicas would be) on one database file, released at one instant.
 */
const EVENT = 'evt-concurrency';
const person = (i: number, event = EVENT): NewRegistration => ({
  receipt: `R-${event}-${i}`, event_id: event, name: `测试${i}`, phone: `139${String(i).padStart(8, '0')}`, phone_key: `key-${i}`,
  group_name: '学生', cancel_key_hash: `cancel-${i}`, sender_key: `sender-${i}`, site: null, registered_at: new Date().toISOString(),
});

async function expectOneSeatTaken(db: Db, total: number) {
  const store = new RegistrationStore(db);
  const rows = await store.ofEvent(EVENT);
  expect(rows).toHaveLength(total);
  expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(1 + 2); // the two seats taken before, and the last one
  expect(rows.map((r) => r.arrival)).toEqual(Array.from({ length: total }, (_, i) => i + 1)); // no gaps, no repeats
  // The first waiting is the one with the lowest arrival number among the waiting; a cancellation of a seat promotes them.
  const firstWaiting = rows.find((r) => r.status === 'waitlisted')!;
  expect(await store.waitlistPosition(firstWaiting)).toBe(1);
  const seated = rows.find((r) => r.status === 'confirmed')!;
  expect(await store.cancel(seated.receipt, seated.cancel_key_hash, new Date().toISOString())).toEqual({ was: 'confirmed', promoted: firstWaiting.receipt });
  expect((await store.byReceipt(firstWaiting.receipt))!.status).toBe('confirmed');
  expect((await store.counts(EVENT)).confirmed).toBe(3);
}

describe('PostgreSQL', () => {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  const database = `tongyuan_seats_${process.pid}_${Date.now()}`;
  let db: Db;
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${database}`);
    db = createDb(`postgres://postgres@127.0.0.1:5432/${database}`);
    await migrate(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await admin.query(`drop database if exists ${database}`);
    await admin.end();
  });

  it('60 registrations at once for the last of 3 seats: exactly one gets it, the rest wait in arrival order', async () => {
    const store = new RegistrationStore(db);
    for (const i of [1, 2]) await store.register(person(i), 3);
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => store.register(person(i + 3), 3)));
    expect(outcomes.filter((o) => o.status === 'confirmed')).toHaveLength(1);
    // Each waiting one is told its place, counted in arrival order whichever group it was written in.
    const waiting = outcomes.filter((o) => o.status === 'waitlisted').sort((a, b) => a.arrival - b.arrival);
    expect(waiting.map((o) => o.position)).toEqual(Array.from({ length: 59 }, (_, i) => i + 1));
    await expectOneSeatTaken(db, 62);
  });

  it('a receipt code already given out is refused with ReceiptTaken, and the others in its group are stored', async () => {
    const store = new RegistrationStore(db);
    await store.register(person(1, 'evt-receipt'), 5);
    const clash = { ...person(2, 'evt-receipt'), receipt: person(1, 'evt-receipt').receipt };
    const outcomes = await Promise.allSettled([store.register(clash, 5), store.register(person(3, 'evt-receipt'), 5)]);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(ReceiptTaken);
    expect(outcomes[1]).toEqual({ status: 'fulfilled', value: { status: 'confirmed', arrival: 2, position: null } });
    expect((await store.ofEvent('evt-receipt')).map((r) => r.phone_key)).toEqual(['key-1', 'key-3']);
  });

  it('one phone registering 10 times at once is stored once', async () => {
    const store = new RegistrationStore(db);
    const same = (i: number) => ({ ...person(1000 + i, 'evt-phone'), phone_key: 'same-phone' });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.register(same(i), 5)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof DuplicatePhone)).toBe(true);
    expect(await store.ofEvent('evt-phone')).toHaveLength(1);
    expect((await store.counts('evt-phone')).confirmed).toBe(1); // the refused ones' counter updates were rolled back
  });
});

describe('SQLite', () => {
  const script = `
    const { createDb } = require(${JSON.stringify(path.join(__dirname, 'db.ts'))});
    const { RegistrationStore } = require(${JSON.stringify(path.join(__dirname, 'registrations.ts'))});
    const [file, first, count, startAt] = process.argv.slice(1);
    (async () => {
      const db = createDb(file);
      const store = new RegistrationStore(db);
      await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
      const outcomes = await Promise.all(Array.from({ length: Number(count) }, (_, k) => {
        const i = Number(first) + k;
        return store.register({ receipt: 'R-${EVENT}-' + i, event_id: '${EVENT}', name: 'n' + i, phone: '139' + String(i).padStart(8, '0'), phone_key: 'key-' + i,
          group_name: '学生', cancel_key_hash: 'cancel-' + i, sender_key: 's' + i, site: null, registered_at: new Date().toISOString() }, 3);
      }));
      console.log(outcomes.filter((o) => o.status === 'confirmed').length);
      await db.destroy();
    })().catch((e) => { console.error(e.message); process.exit(1); });
  `;

  it('four processes registering 15 each at once for the last of 3 seats: exactly one gets it', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tongyuan-seats-')), 'publisher.db');
    const db = createDb(file);
    await migrate(db);
    const store = new RegistrationStore(db);
    for (const i of [1, 2]) await store.register(person(i), 3);
    const startAt = String(Date.now() + 4000); // every process has loaded by then
    const run = (first: number) => promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script, file, String(first), '15', startAt], { cwd: __dirname });
    const outputs = await Promise.all([3, 18, 33, 48].map(run));
    expect(outputs.map((o) => Number(o.stdout.trim())).reduce((a, b) => a + b, 0)).toBe(1);
    await expectOneSeatTaken(db, 62);
    await db.destroy();
  }, 60_000);
});

describe('an organizer changes the capacity', () => {
  it('more seats go to the waiting list first, in arrival order; a waiting one cancelling gives no seat away', async () => {
    const db = createDb(path.join(mkdtempSync(path.join(os.tmpdir(), 'tongyuan-seats-')), 'publisher.db'));
    await migrate(db);
    const store = new RegistrationStore(db);
    const event = 'evt-resize';
    for (let i = 1; i <= 5; i += 1) await store.register(person(i, event), 2);
    const status = async () => (await store.ofEvent(event)).map((r) => `${r.arrival}:${r.status}`);
    expect(await status()).toEqual(['1:confirmed', '2:confirmed', '3:waitlisted', '4:waitlisted', '5:waitlisted']);
    // Arrival 4 gives up waiting: nobody moves up, no seat is freed.
    expect(await store.cancel(`R-${event}-4`, 'cancel-4', new Date().toISOString())).toEqual({ was: 'waitlisted', promoted: null });
    // Two more seats: arrivals 3 and 5 get them before the newcomer (arrival 6), who waits.
    expect(await store.register(person(6, event), 4)).toEqual({ status: 'waitlisted', arrival: 6, position: 1 });
    expect(await status()).toEqual(['1:confirmed', '2:confirmed', '3:confirmed', '5:confirmed', '6:waitlisted']);
    expect(await store.counts(event)).toEqual({ confirmed: 4, waitlisted: 1, checkedIn: 0 });
    await db.destroy();
  });
});

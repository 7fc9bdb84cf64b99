import DataLoader from 'dataloader';
import type { Transaction } from 'kysely';
import type { Db } from './db';
import type { Database } from './schema';
import type { EventSeatsTable, NewRegistration, RegistrationsTable } from './registrations';

type Tables = { event_seats: EventSeatsTable; registrations: RegistrationsTable };
type Trx = Transaction<Database & Tables>;
export interface Allocation { status: 'confirmed' | 'waitlisted'; arrival: number; /** 1 for the first waiting; null with a seat. */ position: number | null }
interface SeatRequest { registration: NewRegistration; capacity: number }

/** Raised when the phone already holds a registration for the event. */
export class DuplicatePhone extends Error {}
/** Raised when the receipt code drawn is already someone's (a new code, and try again). */
export class ReceiptTaken extends Error {}

/** Rows per INSERT: 16 columns each stays far below SQLite's and PostgreSQL's limits on parameters. */
const INSERT_CHUNK = 200;

/**
 * Seats drawn in groups (group commit). When a popular event opens, registrations for it arrive
 * faster than one transaction each can commit; those that arrive while the event's previous group
 * is being written wait for it, then go in together: one transaction, one lock on the event's
 * counter row (PostgreSQL's row lock, SQLite's write lock), one commit. Within the group they are
 * seated in the order they arrived here, exactly as one at a time would — the counter row decides
 * under its lock, so no two ever take the last seat, across processes too. DataLoader does the
 * collecting: per event, results or errors handed back one per registration.
 */
export class SeatAllocator {
  private readonly loaders = new Map<string, DataLoader<SeatRequest, Allocation>>();
  private readonly writing = new Map<string, Promise<unknown>>();

  private readonly db;
  constructor(db: Db, private readonly maxGroup = 200) {
    this.db = db.withTables<Tables>();
  }

  allocate(registration: NewRegistration, capacity: number): Promise<Allocation> {
    return this.loaderOf(registration.event_id).load({ registration, capacity });
  }

  private loaderOf(eventId: string) {
    let loader = this.loaders.get(eventId);
    if (!loader) {
      loader = new DataLoader<SeatRequest, Allocation>((requests) => this.writeGroup(eventId, requests), {
        cache: false, maxBatchSize: this.maxGroup,
        // The next group collects while this event's group is written, and goes as soon as that is done
        // (no extra turn of the event loop: under load each turn is a wait of several milliseconds).
        batchScheduleFn: (dispatch) => { void (this.writing.get(eventId) ?? Promise.resolve()).then(dispatch); },
      });
      this.loaders.set(eventId, loader);
    }
    return loader;
  }

  private writeGroup(eventId: string, requests: readonly SeatRequest[]): Promise<(Allocation | Error)[]> {
    const written = this.db.transaction().execute((trx) => seatGroup(trx, eventId, requests));
    this.writing.set(eventId, written.catch(() => undefined));
    return written;
  }
}

async function seatGroup(trx: Trx, eventId: string, requests: readonly SeatRequest[]): Promise<(Allocation | Error)[]> {
  const latest = requests[requests.length - 1];
  const now = latest.registration.registered_at;
  const seats = await lockedSeats(trx, eventId, latest.capacity, now);
  const phones = new Set((await trx.selectFrom('registrations').select('phone_key').where('event_id', '=', eventId).where('status', '<>', 'cancelled')
    .where('phone_key', 'in', requests.map((r) => r.registration.phone_key)).execute()).map((r) => r.phone_key));
  const receipts = new Set((await trx.selectFrom('registrations').select('receipt')
    .where('receipt', 'in', requests.map((r) => r.registration.receipt)).execute()).map((r) => r.receipt));

  const rows: RegistrationsTable[] = [];
  const results: (Allocation | Error)[] = requests.map(({ registration: r }) => {
    if (phones.has(r.phone_key)) return new DuplicatePhone();
    if (receipts.has(r.receipt)) return new ReceiptTaken();
    phones.add(r.phone_key);
    receipts.add(r.receipt);
    seats.arrivals += 1;
    const seated = seats.confirmed < seats.capacity;
    if (seated) [seats.confirmed, seats.last_seated] = [seats.confirmed + 1, seats.arrivals];
    const status = seated ? 'confirmed' : 'waitlisted';
    rows.push({ ...r, arrival: seats.arrivals, status, confirmed_at: seated ? r.registered_at : null, cancelled_at: null, checked_in_at: null });
    return { status, arrival: seats.arrivals, position: null };
  });

  const waiting = results.filter((a): a is Allocation => !(a instanceof Error) && a.status === 'waitlisted');
  if (waiting.length > 0) {
    const before = await trx.selectFrom('registrations').select((e) => e.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId).where('status', '=', 'waitlisted').executeTakeFirstOrThrow();
    waiting.forEach((a, i) => { a.position = Number(before.n) + i + 1; });
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx.insertInto('registrations').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  await trx.updateTable('event_seats').set({ capacity: seats.capacity, confirmed: seats.confirmed, arrivals: seats.arrivals, last_seated: seats.last_seated, updated_at: now })
    .where('event_id', '=', eventId).execute();
  return results;
}

/**
 * The event's counter row, locked for this transaction (a write first, so SQLite takes its write
 * lock before reading); made on the event's first registration. A capacity the organizer changed
 * applies here: more seats go to the waiting list first, in arrival order; fewer take no seat away.
 */
async function lockedSeats(trx: Trx, eventId: string, capacity: number, now: string): Promise<EventSeatsTable> {
  const lock = () => trx.updateTable('event_seats').set({ updated_at: now }).where('event_id', '=', eventId).returningAll().executeTakeFirst();
  let seats = await lock();
  if (!seats) {
    await trx.insertInto('event_seats').values({ event_id: eventId, capacity, confirmed: 0, arrivals: 0, last_seated: 0, updated_at: now })
      .onConflict((c) => c.column('event_id').doNothing()).execute();
    seats = (await lock())!;
  }
  if (seats.capacity === capacity) return seats;
  seats.capacity = capacity;
  const free = capacity - seats.confirmed;
  if (free <= 0) return seats;
  const next = await trx.selectFrom('registrations').select('id').where('event_id', '=', eventId).where('status', '=', 'waitlisted')
    .orderBy('arrival').limit(free).execute();
  if (next.length > 0) {
    await trx.updateTable('registrations').set({ status: 'confirmed', confirmed_at: now }).where('id', 'in', next.map((r) => r.id!)).execute();
    seats.confirmed += next.length;
  }
  return seats;
}

import { sql, type Selectable } from 'kysely';
import type { Db } from './db';
import { SeatAllocator, type Allocation } from './seat-allocation';

/** The two tables of migrations/registrations.ts, kept beside the store that alone reads them. */
export interface EventSeatsTable { event_id: string; capacity: number; confirmed: number; arrivals: number; last_seated: number; updated_at: string }
export interface RegistrationsTable {
  id?: number;
  receipt: string;
  event_id: string;
  /** Arrival number in the event's sequence (event_seats.arrivals): the waiting list's order. */
  arrival: number;
  status: RegistrationStatus;
  name: string;
  phone: string;
  /** HMAC of the phone: one registration per phone per event, by a unique index. */
  phone_key: string;
  group_name: string;
  cancel_key_hash: string;
  sender_key: string;
  site: string | null;
  registered_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
  checked_in_at: string | null;
}
export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';
export type RegistrationRow = Selectable<RegistrationsTable>;
export type NewRegistration = Omit<RegistrationRow, 'id' | 'arrival' | 'status' | 'confirmed_at' | 'cancelled_at' | 'checked_in_at'>;
export { DuplicatePhone, ReceiptTaken, type Allocation } from './seat-allocation';

/**
 * Seats for open events: allocation, cancellation with promotion from the waiting list, check-in.
 * Every change to an event's seats first updates its event_seats row, in the same transaction as
 * the registration rows: PostgreSQL's row lock (or SQLite's write lock) lines registrations up, and
 * seats are counted from that row under its lock — so no two can take the last seat ("count then
 * insert" without the lock is exactly what this avoids).
 */
export class RegistrationStore {
  private readonly db;
  private readonly seats;
  constructor(db: Db) {
    this.db = db.withTables<{ event_seats: EventSeatsTable; registrations: RegistrationsTable }>();
    this.seats = new SeatAllocator(db);
  }

  /**
   * Draws the arrival number and, while seats remain, a seat; the registration is stored with it or
   * not at all. Rejects with DuplicatePhone or ReceiptTaken. Grouped with others arriving meanwhile (seat-allocation.ts).
   */
  register(registration: NewRegistration, capacity: number): Promise<Allocation> {
    return this.seats.allocate(registration, capacity);
  }

  /**
   * Cancels by receipt and the cancel link's key hash; a freed seat goes to the first on the waiting
   * list (the lowest arrival number). Returns what the registration was, or undefined for no match.
   */
  async cancel(receipt: string, cancelKeyHash: string, now: string): Promise<{ was: RegistrationStatus; promoted: string | null } | undefined> {
    const found = await this.db.selectFrom('registrations').select('event_id').where('receipt', '=', receipt).where('cancel_key_hash', '=', cancelKeyHash).executeTakeFirst();
    if (!found) return undefined;
    return this.db.transaction().execute(async (trx) => {
      // The event's row first (a write first, so SQLite takes its write lock before reading): cancellations
      // and registrations of one event go one at a time from here, and the status is read under that lock.
      await trx.updateTable('event_seats').set({ updated_at: now }).where('event_id', '=', found.event_id).execute();
      const registration = await trx.selectFrom('registrations').select(['id', 'status']).where('receipt', '=', receipt).executeTakeFirstOrThrow();
      if (registration.status === 'cancelled') return { was: 'cancelled' as const, promoted: null };
      await trx.updateTable('registrations').set({ status: 'cancelled', cancelled_at: now }).where('id', '=', registration.id!).execute();
      if (registration.status !== 'confirmed') return { was: registration.status, promoted: null };
      const next = await trx.selectFrom('registrations').select(['id', 'receipt']).where('event_id', '=', found.event_id).where('status', '=', 'waitlisted')
        .orderBy('arrival').limit(1).executeTakeFirst();
      if (next) await trx.updateTable('registrations').set({ status: 'confirmed', confirmed_at: now }).where('id', '=', next.id!).execute();
      else await trx.updateTable('event_seats').set({ confirmed: sql`confirmed - 1` }).where('event_id', '=', found.event_id).execute();
      return { was: 'confirmed' as const, promoted: next?.receipt ?? null };
    });
  }

  async byReceipt(receipt: string): Promise<RegistrationRow | undefined> {
    return this.db.selectFrom('registrations').selectAll().where('receipt', '=', receipt).executeTakeFirst();
  }

  async activeByPhone(eventId: string, phoneKey: string): Promise<RegistrationRow | undefined> {
    return this.db.selectFrom('registrations').selectAll().where('event_id', '=', eventId).where('phone_key', '=', phoneKey)
      .where('status', '<>', 'cancelled').executeTakeFirst();
  }

  /** 1 for the first on the waiting list; null when not waiting. */
  async waitlistPosition(registration: Pick<RegistrationRow, 'event_id' | 'arrival' | 'status'>): Promise<number | null> {
    if (registration.status !== 'waitlisted') return null;
    const row = await this.db.selectFrom('registrations').select((e) => e.fn.countAll<number>().as('n')).where('event_id', '=', registration.event_id)
      .where('status', '=', 'waitlisted').where('arrival', '<=', registration.arrival).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Everyone not cancelled, in arrival order: the door list and the check-in page's data. */
  async ofEvent(eventId: string): Promise<RegistrationRow[]> {
    return this.db.selectFrom('registrations').selectAll().where('event_id', '=', eventId).where('status', '<>', 'cancelled').orderBy('arrival').execute();
  }

  /** Counted in the database (the form asks on every view, thousands of times when a popular event opens). */
  async counts(eventId: string): Promise<{ confirmed: number; waitlisted: number; checkedIn: number }> {
    const rows = await this.db.selectFrom('registrations').select((e) => ['status', e.fn.countAll<number>().as('n'), e.fn.count<number>('checked_in_at').as('in')])
      .where('event_id', '=', eventId).where('status', '<>', 'cancelled').groupBy('status').execute();
    const of = (status: string) => rows.find((r) => r.status === status);
    return { confirmed: Number(of('confirmed')?.n ?? 0), waitlisted: Number(of('waitlisted')?.n ?? 0), checkedIn: rows.reduce((n, r) => n + Number(r.in), 0) };
  }

  /** Marks attendance once (a second scan keeps the first time); undefined when the receipt is not this event's. */
  async checkIn(eventId: string, receipt: string, at: string): Promise<RegistrationRow | undefined> {
    await this.db.updateTable('registrations').set({ checked_in_at: at }).where('event_id', '=', eventId).where('receipt', '=', receipt)
      .where('status', '=', 'confirmed').where('checked_in_at', 'is', null).execute();
    return this.db.selectFrom('registrations').selectAll().where('event_id', '=', eventId).where('receipt', '=', receipt).executeTakeFirst();
  }
}

import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { onPostgres as isPostgres } from '../dialect';


/**
 * Registration for open events (开放活动报名): one seat counter row per event and the registrations.
 * The counter row is what makes allocation safe on SQLite and PostgreSQL alike: every registration
 * updates it (taking its row lock / SQLite's write lock) to draw its arrival number and, while
 * seats remain, a seat — so two registrations can never both see "one seat left".
 */
export const registrations: Migration = {
  async up(db) {
    await db.schema
      .createTable('event_seats')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('capacity', 'integer', (c) => c.notNull())
      .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
      /** The per-event arrival sequence: the last number handed out (arrival order is this, not clock time). */
      .addColumn('arrivals', 'integer', (c) => c.notNull().defaultTo(0))
      /** The arrival number of the last registration that got a seat on arrival (how one knows one got it). */
      .addColumn('last_seated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('registrations')
      .addColumn('id', isPostgres(db) ? 'serial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('receipt', 'text', (c) => c.notNull().unique())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('arrival', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('phone_key', 'text', (c) => c.notNull())
      .addColumn('group_name', 'text', (c) => c.notNull())
      .addColumn('cancel_key_hash', 'text', (c) => c.notNull())
      .addColumn('sender_key', 'text', (c) => c.notNull())
      .addColumn('site', 'text')
      .addColumn('registered_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'text')
      .addColumn('cancelled_at', 'text')
      .addColumn('checked_in_at', 'text')
      .addUniqueConstraint('registrations_arrival', ['event_id', 'arrival'])
      .execute();
    await db.schema.createIndex('registrations_queue').on('registrations').columns(['event_id', 'status', 'arrival']).execute();
    // One registration per phone per event (a cancelled one frees the phone to register again).
    await db.schema.createIndex('registrations_one_per_phone').on('registrations').columns(['event_id', 'phone_key']).unique()
      .where(sql.ref('status'), '<>', 'cancelled').execute();
  },
};

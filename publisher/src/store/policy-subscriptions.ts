import type { Selectable } from 'kysely';
import type { PlannedEvent, PushedItem, ToldItem } from '../policies/push';
import type { Db } from './db';
import type { PolicyPushEventsTable, PolicySubscriptionsTable } from './schema';

export interface PolicySubscription {
  id: string;
  name: string;
  operator: string;
  profile: string[];
  webhookUrl: string | null;
  signingKey: string | null;
  feedTokenHash: string | null;
  createdAt: string;
}

export interface PolicyPushEvent {
  id: number;
  subscriptionId: string;
  itemKey: string;
  kind: 'item' | 'withdrawn';
  note: string;
  item: PushedItem;
  status: PolicyPushEventsTable['status'];
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const toSubscription = (row: Selectable<PolicySubscriptionsTable>): PolicySubscription => ({
  id: row.id, name: row.name, operator: row.operator, profile: JSON.parse(row.profile), webhookUrl: row.webhook_url,
  signingKey: row.signing_key, feedTokenHash: row.feed_token_hash, createdAt: row.created_at,
});
const toEvent = (row: Selectable<PolicyPushEventsTable>): PolicyPushEvent => ({
  id: Number(row.id), subscriptionId: row.subscription_id, itemKey: row.item_key, kind: row.kind, note: row.note, item: JSON.parse(row.item),
  status: row.status, attempts: row.attempts, lastError: row.last_error, createdAt: row.created_at, deliveredAt: row.delivered_at,
});

/** Policy push subscribers, what each was told per item, and the events (recorded once, then delivered). */
export class PolicySubscriptionStore {
  constructor(private readonly db: Db) {}

  async create(subscription: PolicySubscription): Promise<void> {
    const s = subscription;
    await this.db.insertInto('policy_subscriptions').values({
      id: s.id, name: s.name, operator: s.operator, profile: JSON.stringify(s.profile), webhook_url: s.webhookUrl,
      signing_key: s.signingKey, feed_token_hash: s.feedTokenHash, created_at: s.createdAt,
    }).execute();
  }

  async find(id: string): Promise<PolicySubscription | undefined> {
    const row = await this.db.selectFrom('policy_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSubscription(row);
  }

  async all(): Promise<PolicySubscription[]> {
    return (await this.db.selectFrom('policy_subscriptions').selectAll().orderBy('created_at').execute()).map(toSubscription);
  }

  /** Changes when a subscriber comes or goes: a push run that saw an older one goes round again. */
  async fingerprint(): Promise<string> {
    const row = await this.db.selectFrom('policy_subscriptions')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('latest')]).executeTakeFirstOrThrow();
    return `${row.n}.${row.latest ?? ''}`;
  }

  /** Unsubscribing forgets the subscriber: profile, record and events. */
  async remove(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('policy_push_events').where('subscription_id', '=', id).execute();
      await trx.deleteFrom('policy_subscription_items').where('subscription_id', '=', id).execute();
      await trx.deleteFrom('policy_subscriptions').where('id', '=', id).execute();
    });
  }

  async toldItems(subscriptionId: string): Promise<Map<string, ToldItem>> {
    const rows = await this.db.selectFrom('policy_subscription_items').selectAll().where('subscription_id', '=', subscriptionId).execute();
    return new Map(rows.map((r) => [r.item_key, { hash: r.item_hash, version: r.version, withdrawn: r.withdrawn === 1, item: JSON.parse(r.item) }]));
  }

  /**
   * Records a subscriber's events and what it is now told, in one transaction. An event's
   * (subscription, item, version) is unique: a second run planning the same event records nothing,
   * so an event exists once however often the push runs. Returns how many were new.
   */
  async recordEvents(subscriptionId: string, events: PlannedEvent[], status: 'pending' | 'feed'): Promise<number> {
    if (events.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      let recorded = 0;
      for (const event of events) {
        const inserted = await trx.insertInto('policy_push_events').values({
          subscription_id: subscriptionId, item_key: event.key, version: event.version, kind: event.kind, note: event.note,
          item: JSON.stringify(event.item), status, attempts: 0, last_error: null, created_at: new Date().toISOString(), delivered_at: null,
        }).onConflict((oc) => oc.columns(['subscription_id', 'item_key', 'version']).doNothing()).returning('id').executeTakeFirst();
        if (!inserted) continue;
        const told = { item_hash: event.hash, version: event.version, withdrawn: event.kind === 'withdrawn' ? 1 : 0, item: JSON.stringify(event.item) };
        await trx.insertInto('policy_subscription_items').values({ subscription_id: subscriptionId, item_key: event.key, ...told })
          .onConflict((oc) => oc.columns(['subscription_id', 'item_key']).doUpdateSet(told)).execute();
        recorded += 1;
      }
      return recorded;
    });
  }

  /** Events still to send by webhook, a page after an id (a lost job is queued again by the next push run). */
  async pendingEvents(after: number, limit: number): Promise<Array<{ id: number; subscriptionId: string }>> {
    const rows = await this.db.selectFrom('policy_push_events').select(['id', 'subscription_id'])
      .where('status', '=', 'pending').where('id', '>', after).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: Number(r.id), subscriptionId: r.subscription_id }));
  }

  async event(id: number): Promise<PolicyPushEvent | undefined> {
    const row = await this.db.selectFrom('policy_push_events').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toEvent(row);
  }

  /** Newest first. */
  async recentEvents(subscriptionId: string, first: number): Promise<PolicyPushEvent[]> {
    const rows = await this.db.selectFrom('policy_push_events').selectAll().where('subscription_id', '=', subscriptionId)
      .orderBy('id', 'desc').limit(first).execute();
    return rows.map(toEvent);
  }

  /** One delivery attempt's outcome: delivered, or still pending / failed (after the last attempt) with the reason. */
  async recordAttempt(id: number, attempts: number, outcome: { status: 'delivered' } | { status: 'pending' | 'failed'; error: string }): Promise<void> {
    await this.db.updateTable('policy_push_events').set(outcome.status === 'delivered'
      ? { status: 'delivered', attempts, last_error: null, delivered_at: new Date().toISOString() }
      : { status: outcome.status, attempts, last_error: outcome.error.slice(0, 500) }).where('id', '=', id).execute();
  }
}

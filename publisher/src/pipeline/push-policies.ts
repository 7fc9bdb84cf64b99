import { chinaToday } from '@tongyuan/document';
import { plannedEvents } from '../policies/push';
import type { Clock } from '@tongyuan/document';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { PolicyCatalog } from '../policies/catalog';
import type { PolicySubscriptionStore } from '../store/policy-subscriptions';
import type { PublicationQueries } from '../store/queries';
import type { Queues } from './queues';

/** What a push uses: the live policy index, the subscribers and what each was told, the delivery queue. */
export interface PushDeps {
  queries: Pick<PublicationQueries, 'latestChangeSeq'>;
  subscriptions: PolicySubscriptionStore;
  policies: Pick<PolicyCatalog, 'current'>;
  queues: Pick<Queues, 'enqueuePolicyDeliveries'>;
  config: Pick<Config, 'PUBLIC_URL'>;
  logger: Logger;
  clock: Clock;
}

const PAGE = 1000;

export interface PolicyPushReport { subscriptions: number; events: number; queued: number }

/**
 * The `policy-push` job: for every subscriber, the live policy items that fit its profile today
 * (China time) against what it was told; each difference is recorded once as an event, then the
 * webhook events are queued for delivery. Goes round again while the 政策匹配 channel or the
 * subscribers moved during a run (a request that arrived meanwhile collapsed into this job).
 */
export async function pushPolicies(services: PushDeps): Promise<PolicyPushReport> {
  const version = async () => `${await services.queries.latestChangeSeq()}/${await services.subscriptions.fingerprint()}`;
  const total: PolicyPushReport = { subscriptions: 0, events: 0, queued: 0 };
  for (let round = 0; round < 5; round += 1) {
    const before = await version();
    const report = await pushOnce(services);
    total.subscriptions = report.subscriptions;
    total.events += report.events;
    total.queued += report.queued;
    if ((await version()) === before) break;
  }
  if (total.events > 0) services.logger.info(total, '政策推送：已记录新的推送');
  return total;
}

async function pushOnce(services: PushDeps): Promise<PolicyPushReport> {
  const { policies, subscriptions, queues, config } = services;
  const all = await subscriptions.all();
  const day = chinaToday(services.clock);
  let events = 0;
  // No subscriber, nothing to compare: the index is not even built (a worker without policy push pays nothing).
  if (all.length > 0) {
    const index = await policies.current();
    for (const subscription of all) {
      const told = await subscriptions.toldItems(subscription.id);
      const planned = plannedEvents(index, subscription.profile, day, told, config.PUBLIC_URL);
      events += await subscriptions.recordEvents(subscription.id, planned, subscription.webhookUrl ? 'pending' : 'feed');
    }
  }
  // Every event still to send gets its job: new ones, and any whose job was lost (a crash between recording and queueing).
  let queued = 0;
  for (let after = 0; ;) {
    const page = await subscriptions.pendingEvents(after, PAGE);
    await queues.enqueuePolicyDeliveries(page);
    queued += page.length;
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  return { subscriptions: all.length, events, queued };
}

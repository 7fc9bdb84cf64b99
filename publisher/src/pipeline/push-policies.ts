import { chinaToday } from '@tongyuan/channels';
import { plannedEvents } from '../policies/push';
import type { Services } from '../services';

export interface PolicyPushReport { subscriptions: number; events: number; queued: number }

/**
 * The `policy-push` job: for every subscriber, the live policy items that fit its profile today
 * (China time) against what it was told; each difference is recorded once as an event, then the
 * webhook events are queued for delivery. Goes round again while the 政策匹配 channel or the
 * subscribers moved during a run (a request that arrived meanwhile collapsed into this job).
 */
export async function pushPolicies(services: Services): Promise<PolicyPushReport> {
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

async function pushOnce(services: Services): Promise<PolicyPushReport> {
  const { policies, subscriptions, queues, config } = services;
  const index = await policies.current();
  const day = chinaToday();
  const all = await subscriptions.all();
  let events = 0;
  for (const subscription of all) {
    const told = await subscriptions.toldItems(subscription.id);
    for (const event of plannedEvents(index, subscription.profile, day, told, config.PUBLIC_URL)) {
      if ((await subscriptions.recordEvent(subscription.id, event, subscription.webhookUrl ? 'pending' : 'feed')) !== null) events += 1;
    }
  }
  // Every event still to send gets its job: new ones, and any whose job was lost (a crash between recording and queueing).
  const pending = await subscriptions.pendingEvents();
  await queues.enqueuePolicyDeliveries(pending);
  return { subscriptions: all.length, events, queued: pending.length };
}

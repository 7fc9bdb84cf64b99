import { createHmac } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { Config } from '../config';
import type { PolicySubscriptionStore } from '../store/policy-subscriptions';
import type { PolicyPushEvent } from '../store/policy-subscriptions';

export interface DeliveryAttempt { attempt: number; maxAttempts: number }

/** What a webhook receives: the event, and the item as announced (a withdrawal repeats the last version). */
export function eventBody(event: PolicyPushEvent) {
  return {
    id: String(event.id), type: event.kind, subscription: event.subscriptionId, createdAt: event.createdAt,
    ...(event.kind === 'item' ? { change: event.note } : { reason: event.note }),
    item: event.item,
  };
}

/**
 * The signature a receiver checks: HMAC-SHA256 with the subscription's secret over
 * `<timestamp>.<raw body>`, so a captured request cannot be replayed later with a new timestamp.
 */
export const signatureOf = (secret: string, timestamp: string, body: string) => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * The `policy-delivery` job: POSTs one event to the subscriber's webhook. A 2xx marks it delivered;
 * anything else (another status, a redirect, which is never followed, a timeout) is an error the
 * job retries with backoff, and after the last attempt the event is marked failed with the reason.
 */
export async function deliverPolicyEvent(services: { subscriptions: PolicySubscriptionStore; config: Pick<Config, 'PUSH_TIMEOUT_MS'> }, eventId: number, job: DeliveryAttempt): Promise<string> {
  const { subscriptions, config } = services;
  if (!Number.isSafeInteger(eventId) || eventId < 1) throw new UnrecoverableError(`推送任务的事件编号无效：${String(eventId).slice(0, 40)}`);
  const event = await subscriptions.event(eventId);
  const subscription = event && (await subscriptions.find(event.subscriptionId));
  // Unsubscribed meanwhile, delivered by an earlier attempt, or a feed-only subscriber: nothing to send.
  if (!event || !subscription?.webhookUrl || !subscription.signingKey || event.status !== 'pending') return 'skipped';
  const body = JSON.stringify(eventBody(event));
  const timestamp = String(Math.floor(Date.now() / 1000));
  let error: string;
  try {
    const response = await fetch(subscription.webhookUrl, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(config.PUSH_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'tongyuan-policy-push/1',
        'x-tongyuan-delivery': String(event.id),
        'x-tongyuan-timestamp': timestamp,
        'x-tongyuan-signature': signatureOf(subscription.signingKey, timestamp, body),
      },
      body,
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) {
      await subscriptions.recordAttempt(event.id, job.attempt, { status: 'delivered' });
      return 'delivered';
    }
    error = response.status >= 300 && response.status < 400
      ? `接收方要求重定向（HTTP ${response.status}），推送不跟随重定向：请登记最终地址`
      : `接收方返回 HTTP ${response.status}`;
  } catch (failure) {
    const name = (failure as Error).name;
    error = name === 'TimeoutError' ? `接收方 ${config.PUSH_TIMEOUT_MS} ms 内没有应答` : `无法连接接收方：${causeOf(failure)}`;
  }
  const last = job.attempt >= job.maxAttempts;
  await subscriptions.recordAttempt(event.id, job.attempt, { status: last ? 'failed' : 'pending', error: last ? `${error}（已尝试 ${job.attempt} 次）` : error });
  throw new Error(error);
}

function causeOf(failure: unknown): string {
  const cause = (failure as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (failure as Error).message;
}

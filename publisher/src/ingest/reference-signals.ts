import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';

/**
 * What a CMS webhook about reference data changes in every process's memory (not in the store):
 * - `reference`: a department, site, terminal or tag — the policy index's tag catalogue and the county directory;
 * - `norms`: the 表述规范库 — the compiled norms dictionary;
 * - `holidays`: the 节假日安排 — the working-day calendar (the receiving process has written the store's copy).
 */
export type ReferenceChange = 'reference' | 'norms' | 'holidays';
export type ReferenceHandlers = Record<ReferenceChange, () => unknown>;

/**
 * The CMS sends each webhook once, to one API replica behind the proxy; the others (and the workers)
 * hold the same in-memory copies. `announce` applies a change here at once and tells every other
 * process over one Redis pub/sub channel (`<QUEUE_PREFIX>:reference-changes`); each holds one
 * subscriber connection. A process that was cut off from Redis forgets everything once it is back
 * (it may have missed a message); while Redis is away each copy still expires on its own timer
 * (a minute for tags, names and norms; HOLIDAY_REFRESH_MS for holidays), which bounds how long
 * replicas may differ.
 */
export class ReferenceSignals {
  private readonly self = randomUUID();
  private subscriber: Redis | null = null;

  /** `redis`: the wiring's fail-fast counters connection (publishing never waits on a Redis that is away). */
  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
    private readonly handlers: ReferenceHandlers,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
  ) {}

  /** Applies the change in this process, then tells the others; a Redis that is away is logged, not thrown. */
  async announce(change: ReferenceChange): Promise<void> {
    this.apply(change);
    try {
      await this.redis.publish(this.channel, JSON.stringify({ from: this.self, change }));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, change }, 'Redis 不可用：其他进程的参考数据副本将在各自的刷新周期内更新');
    }
  }

  /** Starts hearing the other processes' announcements (one subscriber connection, re-subscribed by ioredis after a reconnect). */
  async listen(): Promise<void> {
    if (this.subscriber) return;
    // Named after the channel, so Redis's CLIENT LIST shows whose it is.
    const subscriber = this.redis.duplicate({ lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: this.channel });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // the queues log Redis outages
    let connectedBefore = false;
    subscriber.on('ready', () => {
      // Back after an outage: a message may have been missed, so every copy is read again.
      if (connectedBefore) for (const change of Object.keys(this.handlers) as ReferenceChange[]) this.apply(change);
      connectedBefore = true;
    });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      let parsed: { from?: unknown; change?: unknown };
      try {
        parsed = JSON.parse(message) as typeof parsed;
      } catch {
        this.logger.warn({ channel }, '参考数据变更通知无法解析，已忽略');
        return;
      }
      if (parsed.from === this.self || typeof parsed.change !== 'string' || !(parsed.change in this.handlers)) return;
      this.apply(parsed.change as ReferenceChange);
    });
    const connected = await subscriber.connect().then(() => true, () => false);
    const subscribed = subscriber.subscribe(this.channel);
    // Redis away at start: ioredis keeps trying and subscribes once it is back; the process does not wait for it.
    if (connected) await subscribed;
    else subscribed.catch(() => undefined);
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (!subscriber) return;
    // QUIT would wait in the offline queue for a Redis that is away.
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber.disconnect();
  }

  private apply(change: ReferenceChange): void {
    try {
      void Promise.resolve(this.handlers[change]()).catch((error: Error) => this.logger.warn({ err: error.message, change }, '参考数据副本更新失败：按原刷新周期重试'));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, change }, '参考数据副本更新失败：按原刷新周期重试');
    }
  }
}

import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';

// Only the holder's token may extend or end the lease (compare-and-set in one Redis step).
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Which process reconciles, however many API processes run: one Redis key holding a random token,
 * taken with SET NX PX and renewed by its holder only. A holder that dies stops renewing and another
 * process takes over once the key expires (`leaseMs`); one that stops releases it at once. A key that
 * vanished under its holder (Redis restarted empty or flushed) is taken again as a new term, and the
 * reconciler compares everything then, since Redis lost its jobs too.
 */
export class ReconcileLease {
  private token: string | null = null;
  private validUntil = 0;
  private renewal: NodeJS.Timeout | null = null;
  /** Counts the times this process took the lease: a new term starts with a full comparison. */
  term = 0;

  constructor(private readonly redis: Redis, private readonly key: string, readonly leaseMs: number, private readonly logger: Logger) {}

  /** Takes the lease or renews it; true while this process holds it. */
  async hold(): Promise<boolean> {
    if (this.token && (await this.renew())) return true;
    const token = randomBytes(16).toString('hex');
    const started = Date.now();
    if ((await this.redis.set(this.key, token, 'PX', this.leaseMs, 'NX')) !== 'OK') return false;
    this.token = token;
    this.validUntil = started + this.leaseMs;
    this.term += 1;
    // Renewed in the background too, so a long full comparison keeps it.
    this.renewal ??= setInterval(() => {
      this.renew().catch((error) => {
        // Once per holding: the next round says whether Redis is back.
        if (this.held) this.logger.warn({ err: (error as Error).message }, '对账租约续期失败（Redis 不可用？）：到期后由其他进程接手');
        this.validUntil = 0;
      });
    }, Math.max(100, Math.floor(this.leaseMs / 3)));
    this.renewal.unref();
    return true;
  }

  /** Still this process's by its own clock (renewed less than `leaseMs` ago): checked before acting. */
  get held(): boolean {
    return this.token !== null && Date.now() < this.validUntil;
  }

  /** Ends the lease now (a process stopping): the next process takes over at its next round, not after `leaseMs`. */
  async release(): Promise<void> {
    this.stopRenewal();
    const token = this.token;
    this.token = null;
    if (token) await this.redis.eval(RELEASE, 1, this.key, token);
  }

  /** Any process may ask (a webhook about a department, site or tag): the holder re-reads every document at its next round. */
  async requestRefetchAll(): Promise<void> {
    await this.redis.set(`${this.key}:refetch-all`, '1');
  }

  /** True once per request, for the holder. */
  async takeRefetchAll(): Promise<boolean> {
    return (await this.redis.getdel(`${this.key}:refetch-all`)) !== null;
  }

  private async renew(): Promise<boolean> {
    const token = this.token;
    if (!token) return false;
    const started = Date.now();
    if ((await this.redis.eval(RENEW, 1, this.key, token, this.leaseMs)) === 1) {
      if (this.token === token) this.validUntil = started + this.leaseMs;
      return true;
    }
    if (this.token === token) {
      this.token = null;
      this.stopRenewal();
    }
    return false;
  }

  private stopRenewal(): void {
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = null;
  }
}

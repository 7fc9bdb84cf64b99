import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { PublisherError } from '../errors';

/**
 * Registrations per address and hour, counted like the question desk's allowances (spam-guard.ts):
 * in Redis so replicas share one count, in memory while Redis is away (an outage opens no gate).
 * The key is the question desk's sender key (an HMAC), so no address is stored.
 */
export class RegistrationAllowance {
  private readonly limiter: RateLimiterRedis;

  constructor(private readonly config: Pick<Config, 'QUEUE_PREFIX' | 'REGISTRATION_LIMIT_PER_HOUR'>, redis: Redis) {
    const points = config.REGISTRATION_LIMIT_PER_HOUR;
    this.limiter = new RateLimiterRedis({
      storeClient: redis, keyPrefix: `${config.QUEUE_PREFIX}:registrations:address`, points, duration: 3600,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'registrations:address', points, duration: 3600 }),
    });
  }

  async allow(senderKey: string): Promise<void> {
    try {
      await this.limiter.consume(senderKey);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const minutes = Math.max(1, Math.ceil(error.msBeforeNext / 60_000));
      throw new PublisherError('QUESTION_FLOOD', `报名过于频繁（同一网络每小时最多 ${this.config.REGISTRATION_LIMIT_PER_HOUR} 次）：请 ${minutes} 分钟后再试，或拨打活动页上的咨询电话报名`,
        { details: { retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) } });
    }
  }
}

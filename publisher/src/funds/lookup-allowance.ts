import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { PublisherError } from '../errors';

/**
 * How often a household's own lookup answers: per address and hour, and per county and minute from
 * all addresses together — guessing ID numbers from many addresses meets the county's count. Counted
 * in Redis (replicas share them), in memory while Redis is away, so an outage opens no gate.
 */
export class FundLookupAllowance {
  private readonly perAddress: RateLimiterRedis;
  private readonly perCounty: RateLimiterRedis;

  constructor(private readonly config: Pick<Config, 'QUEUE_PREFIX' | 'FUND_LOOKUP_LIMIT_PER_HOUR' | 'FUND_LOOKUP_COUNTY_PER_MINUTE'>, redis: Redis) {
    const limiter = (kind: string, points: number, duration: number) => new RateLimiterRedis({
      storeClient: redis, keyPrefix: `${config.QUEUE_PREFIX}:fund-lookup:${kind}`, points, duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `fund-lookup:${kind}`, points, duration }),
    });
    this.perAddress = limiter('address', config.FUND_LOOKUP_LIMIT_PER_HOUR, 3600);
    this.perCounty = limiter('county', config.FUND_LOOKUP_COUNTY_PER_MINUTE, 60);
  }

  /** `senderKey`: the question desk's HMAC of the address (no address is stored). */
  async allow(senderKey: string, county: string): Promise<void> {
    try {
      await this.perAddress.consume(senderKey);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const minutes = Math.max(1, Math.ceil(error.msBeforeNext / 60_000));
      throw new PublisherError('FUND_LOOKUP_LIMITED', `查询过于频繁（同一网络每小时最多 ${this.config.FUND_LOOKUP_LIMIT_PER_HOUR} 次）：请 ${minutes} 分钟后再查，或到村务公开栏、乡镇便民服务中心查看`,
        { details: { retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) } });
    }
    try {
      await this.perCounty.consume(county);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new PublisherError('FUND_LOOKUP_LIMITED', '此刻查询的人较多：请 1 分钟后再查，或到村务公开栏、乡镇便民服务中心查看',
        { details: { retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) } });
    }
  }
}

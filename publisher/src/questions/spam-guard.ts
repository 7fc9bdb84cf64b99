import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { createHash, createHmac } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { PublisherError } from '../errors';

/**
 * Keeps the question desk for people, with nothing outside this deployment:
 *  - the site form carries an ALTCHA proof of work (the reader's browser spends a second finding a
 *    number; a script posting thousands spends thousands of seconds), each solution good once;
 *  - a honeypot field people never see and scripts fill in;
 *  - per-sender hourly allowances (rate-limiter-flexible, counted in Redis so replicas share them,
 *    with an in-memory count standing in while Redis is away, so a Redis outage opens no gate).
 */
export type Sender = { kind: 'address'; address: string } | { kind: 'terminal'; code: string } | { kind: 'operator'; name: string };

const CHALLENGE_TTL_MS = 20 * 60_000;

/**
 * A Redis connection for counts (question allowances, the readers' rate limit) that fails fast instead of
 * queueing: a count Redis can't take is skipped or kept in memory. The wiring opens one per process.
 * Commands sent in the same turn of the event loop go out in one write (ioredis' auto-pipelining, used only
 * while connected): a household's lookup sends three, and at 20 lookups at once a write each was 0.08 ms of its 1 ms.
 */
export const COUNTER_CONNECTION: RedisOptions = { connectTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, enableAutoPipelining: true };

export class SpamGuard {
  private readonly allowances: Record<Sender['kind'], number>;
  private readonly limiters: Record<Sender['kind'], RateLimiterRedis>;

  /** `redis`: the wiring's counter connection (COUNTER_CONNECTION); it connects and closes it. */
  constructor(private readonly config: Config, private readonly redis: Redis) {
    const limiter = (kind: string, points: number) => new RateLimiterRedis({
      storeClient: this.redis, keyPrefix: `${config.QUEUE_PREFIX}:questions:${kind}`, points, duration: 3600,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `questions:${kind}`, points, duration: 3600 }),
    });
    this.allowances = { address: config.QUESTION_LIMIT_PER_HOUR, terminal: config.QUESTION_KIOSK_LIMIT_PER_HOUR, operator: config.QUESTION_OPERATOR_LIMIT_PER_HOUR };
    this.limiters = { address: limiter('address', this.allowances.address), terminal: limiter('terminal', this.allowances.terminal), operator: limiter('operator', this.allowances.operator) };
  }

  /** A key for the sender that lets repeats be recognised without storing anyone's address. */
  senderKey(sender: Sender): string {
    const raw = sender.kind === 'address' ? sender.address : sender.kind === 'terminal' ? sender.code : sender.name;
    return createHmac('sha256', this.config.HOOK_SECRET).update(`${sender.kind}:${raw}`).digest('hex').slice(0, 32);
  }

  async challenge(now = new Date()) {
    return createChallenge({
      algorithm: 'SHA-256', cost: 1, counter: randomInt(this.config.QUESTION_POW_MAX_NUMBER, Math.floor(this.config.QUESTION_POW_MAX_NUMBER / 5)),
      deriveKey, hmacSignatureSecret: this.powSecret(), expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    });
  }

  /** The widget's payload (base64 JSON); refused when missing, forged, expired or used before. */
  async checkProofOfWork(payload: unknown): Promise<void> {
    const refuse = (why: string) => new PublisherError('QUESTION_CHECK_FAILED', `提交未通过防刷校验（${why}）：请等待页面上的“验证”完成后再提交；如果一直不成功，请刷新页面`);
    if (typeof payload !== 'string' || payload.length === 0 || payload.length > 4096) throw refuse('缺少验证结果');
    let parsed: { challenge?: unknown; solution?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      throw refuse('验证结果无法识别');
    }
    const result = await verifySolution({ challenge: parsed.challenge as any, solution: parsed.solution as any, deriveKey, hmacSignatureSecret: this.powSecret() })
      .catch(() => null);
    if (!result?.verified) throw refuse(result?.expired ? '验证已过期' : '验证结果不正确');
    const used = createHash('sha256').update(JSON.stringify(parsed.challenge)).digest('hex');
    const fresh = await this.redis.set(`${this.config.QUEUE_PREFIX}:questions:pow:${used}`, '1', 'PX', CHALLENGE_TTL_MS, 'NX').catch(() => 'OK');
    if (fresh !== 'OK') throw refuse('这个验证已经用过');
  }

  /** One more question from this sender this hour, or a 429 that says when to try again. */
  async allow(sender: Sender): Promise<void> {
    try {
      await this.limiters[sender.kind].consume(this.senderKey(sender));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const minutes = Math.max(1, Math.ceil(error.msBeforeNext / 60_000));
      throw new PublisherError('QUESTION_FLOOD', `提问过于频繁（每小时最多 ${this.allowances[sender.kind]} 条）：请 ${minutes} 分钟后再提交，或拨打页面上的咨询电话`, { details: { retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) } });
    }
  }

  /** Derived once: a registration rush asks for it thousands of times a second. */
  private powSecretValue?: string;
  private powSecret(): string {
    return (this.powSecretValue ??= createHmac('sha256', this.config.HOOK_SECRET).update('question-pow').digest('hex'));
  }
}

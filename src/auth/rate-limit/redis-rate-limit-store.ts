import { Logger } from '@nestjs/common';
import { withTimeout } from '../../common/with-timeout';
import type { RedisClient } from '../../redis/redis.module';
import { RateLimitStore, ThrottlerStorageRecord, WindowState } from './rate-limit-store';

// One round trip, atomic: count the hit in a fixed window, start a block once over the limit.
// Returns {hits, window ms left, block ms left}.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
local block = redis.call('PTTL', KEYS[2])
if block < 0 and hits > tonumber(ARGV[2]) and tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]); block = tonumber(ARGV[3])
end
return {hits, ttl, block}
`;

// Takes one hit back, never below 0 and never creating a key without its expiry.
const GIVE_BACK = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
`;

const TIMEOUT_MS = 500;

/**
 * Rate-limit counters in Redis, so limits hold across instances. A Redis that is down or slow
 * never fails a request: the request is allowed and the failure logged (at most every few seconds).
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly logger = new Logger('RateLimit');
  private lastWarning = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
    _throttlerName?: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const reply = (await withTimeout(
        this.redis.eval(INCREMENT, {
          keys: [this.counterKey(key), this.blockKey(key)],
          arguments: [String(ttlMs), String(limit), String(blockDurationMs)],
        }),
        TIMEOUT_MS,
        'rate-limit increment',
      )) as [number, number, number];
      const [hits, ttl, block] = reply.map(Number);
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(Math.max(ttl, 0) / 1000),
        isBlocked: block > 0,
        timeToBlockExpire: block > 0 ? Math.ceil(block / 1000) : 0,
      };
    } catch (error) {
      this.warn(error);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  async peek(key: string): Promise<WindowState> {
    try {
      const k = this.counterKey(key);
      const [hits, ttl] = await withTimeout(Promise.all([this.redis.get(k), this.redis.pTTL(k)]), TIMEOUT_MS, 'rate-limit peek');
      if (hits === null || ttl <= 0) return { totalHits: 0, secondsLeft: 0 };
      return { totalHits: Number(hits), secondsLeft: Math.ceil(ttl / 1000) };
    } catch (error) {
      this.warn(error);
      return { totalHits: 0, secondsLeft: 0 };
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await withTimeout(this.redis.del([this.counterKey(key), this.blockKey(key)]), TIMEOUT_MS, 'rate-limit reset');
    } catch (error) {
      this.warn(error);
    }
  }

  async giveBack(key: string): Promise<void> {
    try {
      await withTimeout(this.redis.eval(GIVE_BACK, { keys: [this.counterKey(key)] }), TIMEOUT_MS, 'rate-limit give back');
    } catch (error) {
      this.warn(error);
    }
  }

  // The hash tag keeps both keys of one counter in the same slot (Redis Cluster).
  private counterKey(key: string): string {
    return `${this.prefix}rl:{${key}}`;
  }
  private blockKey(key: string): string {
    return `${this.prefix}rl:{${key}}:block`;
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 5000) return;
    this.lastWarning = now;
    this.logger.warn(`rate limiting skipped, Redis unavailable: ${(error as Error).message}`);
  }
}

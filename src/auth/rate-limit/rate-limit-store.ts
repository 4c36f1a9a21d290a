import type { ThrottlerStorage } from '@nestjs/throttler';

/** The DI token of the store shared by the global throttler and the login/register limiter. */
export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

export interface WindowState {
  totalHits: number;
  /** Seconds until the window (or block) ends. */
  secondsLeft: number;
}

/**
 * Fixed-window counters. `increment` is @nestjs/throttler's contract (ttl and block in ms, times
 * returned in seconds); `peek`, `reset` and `giveBack` serve the login limiter.
 */
export interface RateLimitStore extends ThrottlerStorage {
  increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord>;
  peek(key: string): Promise<WindowState>;
  reset(key: string): Promise<void>;
  /** Takes one hit back (never below 0): an attempt that was counted but never got an answer. */
  giveBack(key: string): Promise<void>;
}

/** Same shape as @nestjs/throttler's record (which its index does not export). */
export interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

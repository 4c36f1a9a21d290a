import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import type { Counter } from 'prom-client';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { withTimeout } from '../common/with-timeout';
import { Metrics } from '../metrics/metrics.service';

/**
 * The cache as the rest of the app sees it. Every call is bounded by `CACHE_TIMEOUT_MS` and never
 * throws: a cache that is down or slow reads as a miss and writes as a no-op, so requests fall
 * through to the database. Failures are logged at most once every few seconds.
 */
@Injectable()
export class AppCache {
  private readonly logger = new Logger('Cache');
  private lastWarning = 0;
  private readonly hits: Counter;
  private readonly misses: Counter;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.hits = metrics.counter('cache_hits_total', 'Cache lookups answered from the cache');
    this.misses = metrics.counter('cache_misses_total', 'Cache lookups that went to the database');
  }

  /**
   * Several entries in one round trip (MGET on Redis); a failure reads as all missing. Not counted
   * as hits or misses: the caller knows which of the keys is the lookup (see `recordLookup`).
   */
  async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    try {
      const values = await withTimeout(this.cache.mget<T>(keys.map((k) => this.key(k))), this.config.cacheTimeoutMs, 'cache mget');
      return values.map((v) => (v === null ? undefined : v));
    } catch (error) {
      this.warn(error);
      return keys.map(() => undefined);
    }
  }

  recordLookup(hit: boolean): void {
    (hit ? this.hits : this.misses).inc();
  }

  /** Returns false when the cache could not confirm the write. */
  async set<T>(key: string, value: T, ttlSeconds = this.config.cacheTtlSeconds): Promise<boolean> {
    try {
      await withTimeout(this.cache.set(this.key(key), value, ttlSeconds * 1000), this.config.cacheTimeoutMs, 'cache set');
      return true;
    } catch (error) {
      this.warn(error);
      return false;
    }
  }

  /**
   * Removes an entry. Returns false when the cache could not confirm it; callers that need
   * read-your-writes across instances rely on the short TTL in that case.
   */
  async del(key: string): Promise<boolean> {
    try {
      await withTimeout(this.cache.del(this.key(key)), this.config.cacheTimeoutMs, 'cache del');
      return true;
    } catch (error) {
      this.warn(error);
      return false;
    }
  }

  private key(key: string): string {
    return this.config.redisKeyPrefix + key;
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 5000) return;
    this.lastWarning = now;
    this.logger.warn(`cache unavailable, falling through: ${error instanceof Error ? error.message : String(error)}`);
  }
}

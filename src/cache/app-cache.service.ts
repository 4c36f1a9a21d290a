import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Counter } from 'prom-client';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { withTimeout } from '../common/with-timeout';
import { Metrics } from '../metrics/metrics.service';
import { REDIS_CLIENT, RedisClient } from '../redis/redis.module';

/**
 * The cache epoch an entry was written under. Entries of any other epoch are never served; a
 * value of `null` (fences) is valid in every epoch.
 */
export type CacheStamp = string;

/** What a lookup found, and the stamp a value read from the database after it may be cached under. */
export interface CacheRead<T> {
  values: Array<T | undefined>;
  /** Undefined while the cache is not trusted: what the caller reads next must not be cached. */
  stamp?: CacheStamp;
}

interface Stored<T> {
  /** The epoch it was written under, or null for values valid in every epoch. */
  e: CacheStamp | null;
  v: T;
}

/** How often an instance that distrusts its cache tries to start a new epoch. */
const RESYNC_INTERVAL_MS = 500;
const MEMORY_MAX_ENTRIES = 50_000;

/**
 * The cache as the rest of the app sees it: Redis (its client, directly) when `REDIS_URL` is set,
 * an in-process map otherwise. Every call is bounded by `CACHE_TIMEOUT_MS` and never throws: a
 * cache that is down or slow reads as a miss, so requests fall through to the database.
 *
 * No read may be served a state older than a write that was answered, even after Redis comes back
 * *with its data* (persistence, a partition): a write whose invalidation Redis did not confirm,
 * and any loss of the connection, make this instance stop trusting the cache — reads bypass it,
 * nothing is written to it — until it has started a new *epoch*: a random value in one Redis key,
 * read in the same round trip as every lookup and stamped on every entry. An entry of an earlier
 * epoch is never served, by any instance, so whatever a failed invalidation left behind is dead.
 * A Redis restart cuts every instance's connection, so every instance starts a new epoch before
 * it trusts the cache again. (A partition that cuts only one instance off is not seen by the
 * others: they may serve entries it could not invalidate until it reaches Redis again.)
 */
@Injectable()
export class AppCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Cache');
  private lastWarning = 0;
  private readonly hits: Counter;
  private readonly misses: Counter;
  private readonly memory = new Map<string, { value: string; expiresAt: number }>();
  private readonly epochKey: string;
  /** The epoch this instance last saw; undefined until it trusts the cache. */
  private epoch?: CacheStamp;
  private trusted: boolean;
  /** Set when the connection was lost: other instances' invalidations may have failed too. */
  private mustRenew = false;
  /** Writes and deletes of this instance that Redis did not confirm, by key, to replay. */
  private readonly unconfirmed = new Map<string, { text?: string; ttlSeconds?: number }>();
  /** Counts reasons to distrust; a resync only restores trust if none arrived while it ran. */
  private suspicions = 0;
  private resyncing = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    metrics: Metrics,
  ) {
    this.hits = metrics.counter('cache_hits_total', 'Cache lookups answered from the cache');
    this.misses = metrics.counter('cache_misses_total', 'Cache lookups that went to the database');
    this.epochKey = `${config.redisKeyPrefix}cache-epoch`;
    this.trusted = !redis;
    if (!redis) this.epoch = 'memory';
  }

  onApplicationBootstrap(): void {
    const redis = this.redis;
    if (!redis) return;
    const lost = (reason: string) => () => this.distrust(reason);
    redis.on('error', lost('connection error'));
    redis.on('reconnecting', lost('reconnecting'));
    redis.on('end', lost('connection closed'));
    redis.on('ready', () => void this.resync());
    void this.resync();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  /** True while entries may be served and written (always, without Redis). */
  get isTrusted(): boolean {
    return this.trusted;
  }

  /** The stamp to write an entry under without a lookup before it (write-through), if trusted. */
  currentStamp(): CacheStamp | undefined {
    return this.trusted ? this.epoch : undefined;
  }

  /**
   * Several entries and the current epoch in one round trip (MGET on Redis). A failure, or a cache
   * that is not trusted, reads as all missing. Not counted as hits or misses: the caller knows
   * which of the keys is the lookup (see `recordLookup`).
   */
  async getMany<T>(keys: string[]): Promise<CacheRead<T>> {
    const missing: CacheRead<T> = { values: keys.map(() => undefined) };
    if (!this.trusted) return missing;
    const redis = this.redis;
    if (!redis) return { values: keys.map((k) => this.unwrap<T>(this.memoryGet(this.key(k)), this.epoch)), stamp: this.epoch };
    let raw: Array<string | null>;
    try {
      raw = await withTimeout(
        redis.mGet([this.epochKey, ...keys.map((k) => this.key(k))]),
        this.config.cacheTimeoutMs,
        'cache mget',
      );
    } catch (error) {
      this.warn(error);
      return missing;
    }
    const [epoch, ...values] = raw;
    if (!epoch) {
      // The epoch key is gone (flushed, evicted, a Redis without its data): nothing can be trusted.
      this.distrust('cache epoch missing');
      return missing;
    }
    if (!this.trusted) return missing; // distrusted while the lookup ran
    this.epoch = epoch; // another instance may have started a new one
    return { values: values.map((v) => this.unwrap<T>(v, epoch)), stamp: epoch };
  }

  recordLookup(hit: boolean): void {
    (hit ? this.hits : this.misses).inc();
  }

  /**
   * Caches a value read from the database under the stamp of the lookup that preceded the read:
   * if the epoch changed since, the entry is dead on arrival. Skipped without a stamp.
   */
  async put<T>(key: string, value: T, stamp: CacheStamp | undefined, ttlSeconds = this.config.cacheTtlSeconds): Promise<boolean> {
    if (stamp === undefined || !this.trusted) return false;
    // A put that fails leaves nothing stale behind (and one that lands late is stamped and fenced).
    return this.write(key, { e: stamp, v: value }, ttlSeconds, false);
  }

  /**
   * Writes a value valid in every epoch (a fence). False when the cache could not confirm the
   * write — which also makes this instance distrust the cache until a new epoch is started.
   */
  async set<T>(key: string, value: T, ttlSeconds = this.config.cacheTtlSeconds): Promise<boolean> {
    return this.write(key, { e: null, v: value }, ttlSeconds);
  }

  /**
   * Removes an entry. False when the cache could not confirm it; this instance then distrusts the
   * cache until it has started a new epoch, which kills the entry wherever it survived.
   */
  async del(key: string): Promise<boolean> {
    const redis = this.redis;
    if (!redis) {
      this.memory.delete(this.key(key));
      return true;
    }
    try {
      await withTimeout(redis.del(this.key(key)), this.config.cacheTimeoutMs, 'cache del');
      this.unconfirmed.delete(key);
      return true;
    } catch (error) {
      this.warn(error);
      this.unconfirmed.set(key, {});
      this.distrust('a delete was not confirmed', false);
      return false;
    }
  }

  private async write<T>(key: string, stored: Stored<T>, ttlSeconds: number, invalidates = true): Promise<boolean> {
    const text = JSON.stringify(stored);
    const redis = this.redis;
    if (!redis) {
      this.memorySet(this.key(key), text, ttlSeconds);
      return true;
    }
    try {
      await withTimeout(redis.set(this.key(key), text, { PX: ttlSeconds * 1000 }), this.config.cacheTimeoutMs, 'cache set');
      if (invalidates) this.unconfirmed.delete(key);
      return true;
    } catch (error) {
      this.warn(error);
      if (invalidates) {
        this.unconfirmed.set(key, { text, ttlSeconds });
        this.distrust('an invalidation was not confirmed', false);
      }
      return false;
    }
  }

  private unwrap<T>(raw: string | null | undefined, epoch: CacheStamp | undefined): T | undefined {
    if (!raw) return undefined;
    try {
      const stored = JSON.parse(raw) as Partial<Stored<T>> | null;
      if (!stored || typeof stored !== 'object' || !('v' in stored)) return undefined;
      if (stored.e !== null && stored.e !== epoch) return undefined;
      return stored.v;
    } catch {
      return undefined;
    }
  }

  /**
   * Stops serving and writing entries until a resync: the invalidations Redis did not confirm are
   * replayed, or — `renew`, after the connection was lost — a new epoch is started.
   */
  private distrust(reason: string, renew = true): void {
    if (!this.redis || this.stopped) return;
    this.suspicions++;
    if (renew) this.mustRenew = true;
    if (this.trusted) {
      this.trusted = false;
      this.logger.warn(`cache bypassed until a new epoch is started (${reason})`);
    }
    void this.resync();
  }

  /**
   * Until trusted again, once Redis answers: after a lost connection, start a new epoch (entries of
   * the old one die everywhere, whatever invalidation of any instance failed meanwhile); after only
   * some of this instance's invalidations failed, replay them; on the very first connection, adopt
   * the current epoch (a new instance does not empty the others' cache).
   */
  private async resync(): Promise<void> {
    const redis = this.redis;
    if (!redis || this.resyncing) return;
    this.resyncing = true;
    try {
      while (!this.trusted && !this.stopped) {
        if (redis.isReady) {
          const suspicions = this.suspicions;
          try {
            const renew = this.mustRenew;
            const replayed = renew || this.epoch === undefined ? undefined : [...this.unconfirmed];
            const epoch = replayed
              ? (await withTimeout(this.replay(redis, replayed), this.config.cacheTimeoutMs * 4, 'cache replay'), this.epoch)
              : await withTimeout(this.startEpoch(redis, renew), this.config.cacheTimeoutMs * 4, 'cache epoch');
            if (suspicions === this.suspicions) {
              this.epoch = epoch;
              this.mustRenew = false;
              this.unconfirmed.clear();
              this.trusted = true;
              this.logger.log(
                `cache trusted again (${replayed ? `${replayed.length} invalidation(s) replayed` : `epoch ${epoch}`})`,
              );
              return;
            }
          } catch (error) {
            this.warn(error);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, RESYNC_INTERVAL_MS).unref());
      }
    } finally {
      this.resyncing = false;
    }
  }

  private async replay(redis: RedisClient, ops: Array<[string, { text?: string; ttlSeconds?: number }]>): Promise<void> {
    for (const [key, op] of ops) {
      if (op.text === undefined) await redis.del(this.key(key));
      else await redis.set(this.key(key), op.text, { PX: (op.ttlSeconds ?? this.config.cacheTtlSeconds) * 1000 });
    }
  }

  private async startEpoch(redis: RedisClient, renew: boolean): Promise<CacheStamp> {
    const fresh = randomBytes(9).toString('base64url');
    if (renew) {
      await redis.set(this.epochKey, fresh);
      return fresh;
    }
    await redis.set(this.epochKey, fresh, { NX: true });
    const current = await redis.get(this.epochKey);
    if (!current) throw new Error('cache epoch vanished while it was read');
    return current;
  }

  private memoryGet(key: string): string | undefined {
    const entry = this.memory.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.memory.delete(key);
      return undefined;
    }
    return entry.value;
  }

  private memorySet(key: string, value: string, ttlSeconds: number): void {
    this.memory.delete(key);
    if (this.memory.size >= MEMORY_MAX_ENTRIES) {
      const oldest = this.memory.keys().next().value;
      if (oldest !== undefined) this.memory.delete(oldest);
    }
    this.memory.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
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

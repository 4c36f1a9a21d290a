import { RateLimitStore, ThrottlerStorageRecord, WindowState } from './rate-limit-store';

interface Entry {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

/** Single-instance store (no REDIS_URL). Expired entries are swept as the map grows. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
    _throttlerName?: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    this.sweep(now);
    let entry = this.entries.get(key);
    if (!entry || (entry.expiresAt <= now && entry.blockedUntil <= now)) {
      entry = { hits: 0, expiresAt: now + ttlMs, blockedUntil: 0 };
      this.entries.set(key, entry);
    } else if (entry.expiresAt <= now) {
      entry.hits = 0;
      entry.expiresAt = now + ttlMs;
    }
    entry.hits++;
    if (entry.blockedUntil <= now && entry.hits > limit) entry.blockedUntil = now + blockDurationMs;
    const blocked = entry.blockedUntil > now;
    return {
      totalHits: entry.hits,
      timeToExpire: Math.ceil((entry.expiresAt - now) / 1000),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.ceil((entry.blockedUntil - now) / 1000) : 0,
    };
  }

  async peek(key: string): Promise<WindowState> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= now) return { totalHits: 0, secondsLeft: 0 };
    return { totalHits: entry.hits, secondsLeft: Math.ceil((entry.expiresAt - now) / 1000) };
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async giveBack(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry && entry.hits > 0) entry.hits--;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep || this.entries.size < 1000) return;
    this.nextSweep = now + 10_000;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now && entry.blockedUntil <= now) this.entries.delete(key);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AppCache, CacheStamp } from '../cache/app-cache.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { OutboxEvent } from '../events/entities/outbox-event.entity';
import type { OrderView } from './dto/order.view';

/**
 * Cached order views, keyed by order id only. The cache never decides who may see an entry: the
 * ownership check runs on every read, cached or not.
 *
 * Read-your-writes despite cache-aside's classic race (a read that fetched the old row just before
 * a write committed puts it back after the write's invalidation): every invalidation also leaves a
 * *fence*, the lowest version readers may still be served, and a read fetches entry and fence in
 * one round trip and ignores an entry older than its fence. The fence outlives any entry written
 * before it, so a stale put can never be served.
 */
@Injectable()
export class OrderCache {
  private readonly fenceTtlSeconds: number;

  constructor(
    private readonly cache: AppCache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.fenceTtlSeconds = config.cacheTtlSeconds * 2 + 60;
  }

  /**
   * The cached view, if any may be served, and the stamp to `put` what the caller then reads from
   * the database under (undefined: do not cache it).
   */
  async get(orderId: string): Promise<{ view?: OrderView; stamp?: CacheStamp }> {
    const { values, stamp } = await this.cache.getMany<OrderView | number>([this.key(orderId), this.fenceKey(orderId)]);
    const [entry, fence] = values;
    const view = typeof entry === 'object' ? entry : undefined;
    const usable = view !== undefined && (typeof fence !== 'number' || view.version >= fence);
    this.cache.recordLookup(usable);
    return { view: usable ? view : undefined, stamp };
  }

  /**
   * Caches a view: under the stamp of the lookup that preceded the database read, or (a brand-new
   * order, written through) under the current epoch.
   */
  async put(view: OrderView, stamp: CacheStamp | undefined = this.cache.currentStamp()): Promise<void> {
    await this.cache.put(this.key(view.id), view, stamp);
  }

  /**
   * After a committed write: readers must not be served anything older than `minVersion`.
   * False when the cache could not confirm it (Redis down or slow).
   */
  async invalidate(orderId: string, minVersion: number): Promise<boolean> {
    // Together: either order is safe, since the write's response waits for both.
    const [fenced, deleted] = await Promise.all([
      this.cache.set(this.fenceKey(orderId), minVersion, this.fenceTtlSeconds),
      this.cache.del(this.key(orderId)),
    ]);
    return fenced && deleted;
  }

  /** UUIDs are case-insensitive; one key per order whatever case the URL used. */
  private key(orderId: string): string {
    return `order:${orderId.toLowerCase()}`;
  }

  private fenceKey(orderId: string): string {
    return `order-fence:${orderId.toLowerCase()}`;
  }
}

/** The fence an order event sets: its new version, or "never again" once the order is deleted. */
export function cacheFenceOf(event: { type: OutboxEvent['type']; payload: object }): number {
  if (event.type === 'order.deleted') return Number.MAX_SAFE_INTEGER;
  const version = (event.payload as { version?: unknown }).version;
  return typeof version === 'number' ? version : 1;
}

import { Injectable } from '@nestjs/common';
import { AppCache } from '../cache/app-cache.service';
import type { OrderView } from './dto/order.view';

/**
 * Cached order views, keyed by order id only. The cache never decides who may see an entry: the
 * ownership check runs on every read, cached or not.
 */
@Injectable()
export class OrderCache {
  constructor(private readonly cache: AppCache) {}

  get(orderId: string): Promise<OrderView | undefined> {
    return this.cache.get<OrderView>(this.key(orderId));
  }

  async put(view: OrderView): Promise<void> {
    await this.cache.set(this.key(view.id), view);
  }

  /** False when the cache could not confirm the delete (Redis down or slow). */
  invalidate(orderId: string): Promise<boolean> {
    return this.cache.del(this.key(orderId));
  }

  /** UUIDs are case-insensitive; one key per order whatever case the URL used. */
  private key(orderId: string): string {
    return `order:${orderId.toLowerCase()}`;
  }
}

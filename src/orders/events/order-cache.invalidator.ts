import { Injectable } from '@nestjs/common';
import { EventDeliveries } from '../../events/event-deliveries';
import { HandlesEvents, RecordedEventHandler } from '../../events/recorded-event-handler';
import { cacheFenceOf, OrderCache } from '../order-cache';
import { ORDER_CHANGE_EVENTS } from './order.events';

type OrderChangeEvent = InstanceType<(typeof ORDER_CHANGE_EVENTS)[number]>;

/**
 * Drops the cached view of an order on each change. Command handlers already invalidate before
 * answering (read-your-writes); this second pass also covers a read that re-filled the cache with
 * the old row while the write was committing, and a delete that Redis could not take. A new order
 * was written through to the cache by its command, so `order.created` is not subscribed.
 */
@Injectable()
@HandlesEvents(...ORDER_CHANGE_EVENTS)
export class OrderCacheInvalidator extends RecordedEventHandler<OrderChangeEvent> {
  readonly handlerName = 'order-cache';

  constructor(
    private readonly cache: OrderCache,
    deliveries: EventDeliveries,
  ) {
    super(deliveries);
  }

  async apply(event: OrderChangeEvent): Promise<void> {
    if (!(await this.cache.invalidate(event.aggregateId, cacheFenceOf(event)))) {
      // Not recorded, so the relay hands the event over again until the cache confirms: an entry
      // that survived a Redis outage cannot outlive the outage.
      throw new Error(`cache entry of order ${event.aggregateId} not confirmed deleted; will retry`);
    }
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { DomainEvent } from '../../events/domain-event';
import { EventDeliveries } from '../../events/event-deliveries';
import { cacheFenceOf, OrderCache } from '../order-cache';

export const CACHE_INVALIDATOR = 'order-cache';

/**
 * Drops the cached view of an order on each of its events. Command handlers already invalidate
 * before answering (read-your-writes); this second pass also covers a read that re-filled the
 * cache with the old row while the write was committing, and a delete that Redis could not take.
 */
@Injectable()
@EventsHandler(DomainEvent)
export class OrderCacheInvalidator implements IEventHandler<DomainEvent>, OnModuleInit {
  constructor(
    private readonly cache: OrderCache,
    private readonly deliveries: EventDeliveries,
  ) {}

  onModuleInit(): void {
    this.deliveries.register(CACHE_INVALIDATOR, ['order']);
  }

  async handle({ event }: DomainEvent): Promise<void> {
    if (event.aggregateType !== 'order') return;
    // A new order was written through to the cache by its command; nothing can be stale yet.
    if (event.type !== 'order.created' && !(await this.cache.invalidate(event.aggregateId, cacheFenceOf(event)))) {
      // Not recorded, so the relay hands the event over again until the cache confirms: an entry
      // that survived a Redis outage cannot outlive the outage.
      throw new Error(`cache entry of order ${event.aggregateId} not confirmed deleted; will retry`);
    }
    await this.deliveries.record(event.id, CACHE_INVALIDATOR);
  }
}

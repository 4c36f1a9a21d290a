import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventOutbox } from '../events/outbox.service';
import type { OutboxEvent } from '../events/entities/outbox-event.entity';
import { OrderNotFoundError } from './domain/order.errors';
import { OrderItem } from './entities/order-item.entity';
import { Order } from './entities/order.entity';
import { cacheFenceOf, OrderCache } from './order-cache';

/**
 * The shape every order command shares: one transaction that locks the order row, changes it and
 * writes its events; then, after commit and before the response, the cache entry goes (read-your-
 * writes on every instance) and the events go to the EventBus.
 */
@Injectable()
export class OrderChanges {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
    private readonly cache: OrderCache,
  ) {}

  async run<T>(orderId: string, work: (manager: EntityManager, events: OutboxEvent[]) => Promise<T>): Promise<T> {
    const events: OutboxEvent[] = [];
    const result = await this.dataSource.transaction((manager) => work(manager, events));
    await this.cache.invalidate(orderId, events.length ? Math.max(...events.map(cacheFenceOf)) : 0);
    this.outbox.publish(events);
    return result;
  }

  /**
   * Loads the order with its lines under an exclusive row lock: concurrent commands on one order
   * run one after the other, each seeing the previous one's result.
   */
  async lock(manager: EntityManager, orderId: string): Promise<Order> {
    const order = await manager.findOne(Order, { where: { id: orderId }, lock: { mode: 'pessimistic_write', tables: ['orders'] } });
    if (!order) throw new OrderNotFoundError();
    order.items = await manager.find(OrderItem, { where: { orderId }, order: { position: 'ASC' } });
    return order;
  }
}

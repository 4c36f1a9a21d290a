import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventOutbox } from '../events/outbox.service';
import type { OutboxEvent } from '../events/entities/outbox-event.entity';
import { OrderNotFoundError } from './domain/order.errors';
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
   * Loads the order with its lines under an exclusive row lock, in one statement (the lines are
   * joined, the lock is taken on the order row only): concurrent commands on one order run one
   * after the other, each seeing the previous one's result.
   */
  async lock(manager: EntityManager, orderId: string): Promise<Order> {
    const order = await manager
      .createQueryBuilder(Order, 'o')
      .leftJoinAndSelect('o.items', 'i')
      .where('o.id = :orderId', { orderId })
      .orderBy('i.position', 'ASC')
      .setLock('pessimistic_write', undefined, ['o'])
      .getOne();
    if (!order) throw new OrderNotFoundError();
    return order;
  }
}

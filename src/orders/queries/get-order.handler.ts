import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { assertOwnerOrAdmin } from '../../common/auth/ownership';
import { OrderNotFoundError } from '../domain/order.errors';
import { OrderView, toOrderView } from '../dto/order.view';
import { Order } from '../entities/order.entity';
import { OrderCache } from '../order-cache';
import { GetOrderQuery } from './get-order.query';

/** Cache first, then the database; the ownership check applies to both. */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: OrderCache,
  ) {}

  async execute({ user, orderId }: GetOrderQuery): Promise<OrderView> {
    const { view: cached, stamp } = await this.cache.get(orderId);
    if (cached) {
      assertOwnerOrAdmin(user, cached.customerId, 'order');
      return cached;
    }
    const order = await this.dataSource.getRepository(Order).findOne({ where: { id: orderId }, relations: { items: true } });
    if (!order) throw new OrderNotFoundError();
    assertOwnerOrAdmin(user, order.customerId, 'order');
    const view = toOrderView(order);
    await this.cache.put(view, stamp);
    return view;
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeTimeCursor, Page, toPage } from '../../common/pagination';
import { OrderView, toOrderView } from '../dto/order.view';
import { OrderItem } from '../entities/order-item.entity';
import { Order } from '../entities/order.entity';
import { ListOrdersQuery } from './list-orders.query';

/**
 * Newest first, keyset-paginated on (createdAt, id): every page is one index range scan, so page
 * 1000 costs what page 1 does. Customers always get their own orders, whatever filters they pass.
 */
@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery, Page<OrderView>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, filters }: ListOrdersQuery): Promise<Page<OrderView>> {
    const qb = this.dataSource.getRepository(Order).createQueryBuilder('o');
    // customerId is the one admin-only filter: a customer's list is always their own, whatever they pass.
    if (user.role !== 'admin') qb.andWhere('o.customerId = :me', { me: user.id });
    else if (filters.customerId) qb.andWhere('o.customerId = :customerId', { customerId: filters.customerId });
    if (filters.status?.length) qb.andWhere('o.status IN (:...statuses)', { statuses: filters.status });
    if (filters.from) qb.andWhere('o.createdAt >= :from', { from: filters.from });
    if (filters.to) qb.andWhere('o.createdAt <= :to', { to: filters.to });
    if (filters.minTotalCents !== undefined) qb.andWhere('o.totalCents >= :min', { min: filters.minTotalCents });
    if (filters.maxTotalCents !== undefined) qb.andWhere('o.totalCents <= :max', { max: filters.maxTotalCents });
    const cursor = decodeTimeCursor(filters.cursor);
    if (cursor) qb.andWhere('(o.createdAt, o.id) < (:at, :id)', cursor);
    const rows = await qb
      .orderBy('o.createdAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(filters.limit + 1)
      .getMany();
    await this.attachItems(rows);
    return toPage(rows, filters.limit, (o) => [o.createdAt.toISOString(), o.id], toOrderView);
  }

  private async attachItems(orders: Order[]): Promise<void> {
    if (orders.length === 0) return;
    const items = await this.dataSource
      .getRepository(OrderItem)
      .createQueryBuilder('i')
      .where('i.orderId IN (:...ids)', { ids: orders.map((o) => o.id) })
      .orderBy('i.position', 'ASC')
      .getMany();
    const byOrder = new Map<string, OrderItem[]>();
    for (const item of items) byOrder.set(item.orderId, [...(byOrder.get(item.orderId) ?? []), item]);
    for (const order of orders) order.items = byOrder.get(order.id) ?? [];
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { assertOwnerOrAdmin } from '../../common/auth/ownership';
import { HistoryView, toHistoryEntryView } from '../../history/history-entry.view';
import { OrderHistoryEntry } from '../../history/order-history.entity';
import { OrderNotFoundError } from '../domain/order.errors';
import { Order } from '../entities/order.entity';
import { GetOrderHistoryQuery } from './get-order-history.query';

/** The audit trail, oldest first. Owners see it while the order exists; staff also after deletion. */
@QueryHandler(GetOrderHistoryQuery)
export class GetOrderHistoryHandler implements IQueryHandler<GetOrderHistoryQuery, HistoryView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, orderId }: GetOrderHistoryQuery): Promise<HistoryView> {
    const order = await this.dataSource.getRepository(Order).findOne({ where: { id: orderId }, select: { id: true, customerId: true } });
    if (order) assertOwnerOrAdmin(user, order.customerId, 'order');
    else if (user.role !== 'admin') throw new OrderNotFoundError();

    const entries = await this.dataSource.getRepository(OrderHistoryEntry).find({ where: { orderId }, order: { at: 'ASC', id: 'ASC' } });
    if (!order && entries.length === 0) throw new OrderNotFoundError();
    return { items: entries.map(toHistoryEntryView) };
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { assertOwnerOrAdmin } from '../../common/auth/ownership';
import { HistoryView } from '../../history/history-entry.view';
import { OrderHistoryReader } from '../../history/order-history.reader';
import { OrderNotFoundError } from '../domain/order.errors';
import { Order } from '../entities/order.entity';
import { GetOrderHistoryQuery } from './get-order-history.query';

/** The audit trail, oldest first. Owners see it while the order exists; staff also after deletion. */
@QueryHandler(GetOrderHistoryQuery)
export class GetOrderHistoryHandler implements IQueryHandler<GetOrderHistoryQuery, HistoryView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: OrderHistoryReader,
  ) {}

  async execute({ user, orderId }: GetOrderHistoryQuery): Promise<HistoryView> {
    const order = await this.dataSource.getRepository(Order).findOne({ where: { id: orderId }, select: { id: true, customerId: true } });
    if (order) assertOwnerOrAdmin(user, order.customerId, 'order');
    else if (user.role !== 'admin') throw new OrderNotFoundError();

    const items = await this.history.entriesOf(orderId);
    if (!order && items.length === 0) throw new OrderNotFoundError();
    return { items };
  }
}

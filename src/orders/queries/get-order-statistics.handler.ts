import { ApiProperty } from '@nestjs/swagger';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { divideHalfUp } from '../../common/money';
import { GetOrderQuery } from './get-order.query';
import { GetOrderStatisticsQuery } from './get-order-statistics.query';

export class OrderStatisticsView {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty() lineCount: number;
  @ApiProperty() totalQuantity: number;
  @ApiProperty() distinctProducts: number;
  @ApiProperty({ description: 'subtotal ÷ total quantity, half-up, in cents' }) averageUnitPriceCents: number;
  @ApiProperty() ageSeconds: number;
}

/** Figures about one order, computed from the same (cached, ownership-checked) view as GET /orders/:id. */
@QueryHandler(GetOrderStatisticsQuery)
export class GetOrderStatisticsHandler implements IQueryHandler<GetOrderStatisticsQuery, OrderStatisticsView> {
  constructor(private readonly queries: QueryBus) {}

  async execute({ user, orderId }: GetOrderStatisticsQuery): Promise<OrderStatisticsView> {
    const order = await this.queries.execute(new GetOrderQuery(user, orderId));
    const totalQuantity = order.items.reduce((sum, i) => sum + i.quantity, 0);
    return {
      orderId: order.id,
      lineCount: order.items.length,
      totalQuantity,
      distinctProducts: new Set(order.items.map((i) => i.productId)).size,
      averageUnitPriceCents: divideHalfUp(order.subtotalCents, totalQuantity),
      ageSeconds: Math.max(0, Math.floor((Date.now() - Date.parse(order.createdAt)) / 1000)),
    };
  }
}

import { Query } from '@nestjs/cqrs';
import type { OrderStatsView } from './get-order-stats.handler';
export class GetOrderStatsQuery extends Query<OrderStatsView> {
  constructor(
    readonly from?: Date,
    readonly to?: Date,
  ) {
    super();
  }
}

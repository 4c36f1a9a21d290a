import { Query } from '@nestjs/cqrs';
import type { OrderStatisticsView } from './get-order-statistics.handler';
import type { AuthUser } from '../../common/auth/auth-user';

export class GetOrderStatisticsQuery extends Query<OrderStatisticsView> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
  ) {
    super();
  }
}

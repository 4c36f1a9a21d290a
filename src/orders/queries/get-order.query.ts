import { Query } from '@nestjs/cqrs';
import type { OrderView } from '../dto/order.view';
import type { AuthUser } from '../../common/auth/auth-user';

export class GetOrderQuery extends Query<OrderView> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
  ) {
    super();
  }
}

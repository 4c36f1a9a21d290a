import { Command } from '@nestjs/cqrs';
import type { OrderView } from '../dto/order.view';
import type { AuthUser } from '../../common/auth/auth-user';

export class CancelOrderCommand extends Command<OrderView> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly reason?: string,
    readonly ifMatch?: string,
  ) {
    super();
  }
}

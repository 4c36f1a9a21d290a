import { Command } from '@nestjs/cqrs';
import type { OrderView } from '../dto/order.view';
import type { AuthUser } from '../../common/auth/auth-user';
import type { OrderStatus } from '../domain/order-status';

export class ChangeOrderStatusCommand extends Command<OrderView> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly status: OrderStatus,
    readonly options: { trackingNumber?: string; reason?: string; ifMatch?: string },
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { OrderView } from '../dto/order.view';
import type { AuthUser } from '../../common/auth/auth-user';
import type { PaymentStatus } from '../domain/order-status';

export class UpdatePaymentStatusCommand extends Command<OrderView> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly paymentStatus: PaymentStatus,
    readonly reference?: string,
    readonly ifMatch?: string,
  ) {
    super();
  }
}

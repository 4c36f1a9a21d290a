import type { AuthUser } from '../../common/auth/auth-user';
import type { PaymentStatus } from '../domain/order-status';

export class UpdatePaymentStatusCommand {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly paymentStatus: PaymentStatus,
    readonly reference?: string,
    readonly ifMatch?: string,
  ) {}
}

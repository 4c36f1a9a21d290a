import type { AuthUser } from '../../common/auth/auth-user';
import type { OrderStatus } from '../domain/order-status';

export class ChangeOrderStatusCommand {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly status: OrderStatus,
    readonly options: { trackingNumber?: string; reason?: string; ifMatch?: string },
  ) {}
}

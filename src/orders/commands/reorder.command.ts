import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { CreatedOrder } from './create-order.command';

/** A new order with a previous order's products and quantities, address and shipping method (POST /orders/:id/reorder). */
export class ReorderCommand extends Command<CreatedOrder> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    /** The `Idempotency-Key` header, if any. */
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}

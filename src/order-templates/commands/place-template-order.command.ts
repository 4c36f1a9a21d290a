import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { CreatedOrder } from '../../orders/commands/create-order.command';

/** Places an order from one of the caller's templates (POST /order-templates/:id/orders). */
export class PlaceTemplateOrderCommand extends Command<CreatedOrder> {
  constructor(
    readonly user: AuthUser,
    readonly templateId: string,
    /** The `Idempotency-Key` header, if any. */
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { CreateOrderDto } from '../dto/create-order.dto';
import type { OrderView } from '../dto/order.view';

/** The created order, or — for a retried Idempotency-Key — the order its first request created. */
export interface CreatedOrder {
  order: OrderView;
  replayed: boolean;
}

export class CreateOrderCommand extends Command<CreatedOrder> {
  constructor(
    readonly user: AuthUser,
    readonly body: CreateOrderDto,
    /** The `Idempotency-Key` header, if any. */
    readonly idempotencyKey?: string,
    /**
     * What a retry with the key must repeat to be the same request: the body by default. An order
     * built from another resource (a reorder, a template) names that source instead, so a retry
     * replays even when the source changed in between.
     */
    readonly idempotentRequest: unknown = body,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { DomainError } from '../../common/errors/domain-error';
import type { OrderStatus } from '../domain/order-status';
import type { OrderView } from '../dto/order.view';

/** One order's outcome in a bulk change: the changed order, or the error that refused it. */
export type StatusChangeOutcome = { orderId: string; order: OrderView } | { orderId: string; error: DomainError | Error };

/**
 * Staff move many orders to one status (POST /orders/bulk/status). Each order goes through
 * ChangeOrderStatusCommand in its own transaction: one refusal does not stop the others.
 */
export class ChangeOrderStatusesCommand extends Command<StatusChangeOutcome[]> {
  constructor(
    readonly user: AuthUser,
    readonly orderIds: readonly string[],
    readonly status: OrderStatus,
    readonly options: { trackingNumber?: string; reason?: string },
  ) {
    super();
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { actorOf } from '../../common/auth/auth-user';
import { assertIfMatch } from '../../common/http/if-match';
import { EventOutbox } from '../../events/outbox.service';
import { StockReservations } from '../../inventory/stock/stock-reservations';
import { assertStatusChange, paymentFollowing } from '../domain/order-rules';
import { OrderView, toOrderView } from '../dto/order.view';
import { OrderChanges } from '../order-change';
import { ChangeOrderStatusCommand } from './change-order-status.command';
import { applyTransition } from './order-transition';
import { applyPaymentChange } from './payment-change';

/** Staff move an order along the status machine (PATCH /orders/:id/status). */
@CommandHandler(ChangeOrderStatusCommand)
export class ChangeOrderStatusHandler implements ICommandHandler<ChangeOrderStatusCommand, OrderView> {
  constructor(
    private readonly changes: OrderChanges,
    private readonly outbox: EventOutbox,
    private readonly stock: StockReservations,
  ) {}

  execute({ user, orderId, status, options }: ChangeOrderStatusCommand): Promise<OrderView> {
    return this.changes.run(orderId, async (manager, events) => {
      const order = await this.changes.lock(manager, orderId);
      assertIfMatch(options.ifMatch, order.version);
      assertStatusChange(order, status, options.trackingNumber);
      const payment = paymentFollowing(order, status);
      const changes: Record<string, unknown> = {};
      if (options.trackingNumber !== undefined) changes.trackingNumber = options.trackingNumber;
      if (options.reason !== undefined) changes.reason = options.reason;
      const actor = actorOf(user);
      // Refunding a paid order refunds its payment in the same change: both events, one transaction.
      if (payment) events.push(await applyPaymentChange(manager, this.outbox, order, payment, actor));
      events.push(await applyTransition(manager, { outbox: this.outbox, stock: this.stock }, order, status, actor, changes));
      return toOrderView(order);
    });
  }
}

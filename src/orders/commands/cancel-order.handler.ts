import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { actorOf } from '../../common/auth/auth-user';
import { assertIfMatch } from '../../common/http/if-match';
import { assertOwnerOrAdmin } from '../../common/auth/ownership';
import { EventOutbox } from '../../events/outbox.service';
import { StockReservations } from '../../inventory/stock/stock-reservations';
import { assertCancellable } from '../domain/order-rules';
import { OrderStatus } from '../domain/order-status';
import { OrderView, toOrderView } from '../dto/order.view';
import { OrderChanges } from '../order-change';
import { CancelOrderCommand } from './cancel-order.command';
import { applyTransition } from './order-transition';

/**
 * Cancels an order and returns its units to stock. The row lock makes concurrent cancels run one
 * after the other: the second finds it cancelled and gets 409, so stock comes back exactly once.
 */
@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand, OrderView> {
  constructor(
    private readonly changes: OrderChanges,
    private readonly outbox: EventOutbox,
    private readonly stock: StockReservations,
  ) {}

  execute({ user, orderId, reason, ifMatch }: CancelOrderCommand): Promise<OrderView> {
    return this.changes.run(orderId, async (manager, events) => {
      const order = await this.changes.lock(manager, orderId);
      assertOwnerOrAdmin(user, order.customerId, 'order');
      assertIfMatch(ifMatch, order.version);
      assertCancellable(order, user.role);
      const changes = reason !== undefined ? { reason } : {};
      events.push(await applyTransition(manager, { outbox: this.outbox, stock: this.stock }, order, OrderStatus.Cancelled, actorOf(user), changes));
      return toOrderView(order);
    });
  }
}

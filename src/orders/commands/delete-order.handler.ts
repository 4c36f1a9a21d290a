import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { actorOf } from '../../common/auth/auth-user';
import { assertOwnerOrAdmin } from '../../common/auth/ownership';
import { assertIfMatch } from '../../common/http/if-match';
import { EventOutbox } from '../../events/outbox.service';
import { StockReservations } from '../../inventory/stock/stock-reservations';
import { assertDeletable, holdsStock } from '../domain/order-rules';
import { Order } from '../entities/order.entity';
import { OrderChanges } from '../order-change';
import { DeleteOrderCommand } from './delete-order.command';

/** Deletes a pending (or, for staff, cancelled) order; its lines go with it, its history stays. */
@CommandHandler(DeleteOrderCommand)
export class DeleteOrderHandler implements ICommandHandler<DeleteOrderCommand, void> {
  constructor(
    private readonly changes: OrderChanges,
    private readonly outbox: EventOutbox,
    private readonly stock: StockReservations,
  ) {}

  execute({ user, orderId, ifMatch }: DeleteOrderCommand): Promise<void> {
    return this.changes.run(orderId, async (manager, events) => {
      const order = await this.changes.lock(manager, orderId);
      assertOwnerOrAdmin(user, order.customerId, 'order');
      assertIfMatch(ifMatch, order.version);
      assertDeletable(order, user.role);
      const actor = actorOf(user);
      if (holdsStock(order.status)) {
        await this.stock.release(
          manager,
          order.items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
          { orderId, actor, reason: 'deletion' },
        );
      }
      await manager.delete(Order, { id: orderId });
      events.push(
        await this.outbox.append(manager, {
          type: 'order.deleted',
          aggregateType: 'order',
          aggregateId: orderId,
          actor,
          payload: { customerId: order.customerId, number: order.number, fromStatus: order.status, toStatus: null },
        }),
      );
    });
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { actorOf } from '../../common/auth/auth-user';
import { assertIfMatch } from '../../common/http/if-match';
import { EventOutbox } from '../../events/outbox.service';
import { assertPaymentChange } from '../domain/order-rules';
import { OrderView, toOrderView } from '../dto/order.view';
import { OrderChanges } from '../order-change';
import { applyPaymentChange } from './payment-change';
import { UpdatePaymentStatusCommand } from './update-payment-status.command';

/** Staff record a payment outcome (PATCH /orders/:id/payment), as the order's status admits it. */
@CommandHandler(UpdatePaymentStatusCommand)
export class UpdatePaymentStatusHandler implements ICommandHandler<UpdatePaymentStatusCommand, OrderView> {
  constructor(
    private readonly changes: OrderChanges,
    private readonly outbox: EventOutbox,
  ) {}

  execute({ user, orderId, paymentStatus, reference, ifMatch }: UpdatePaymentStatusCommand): Promise<OrderView> {
    return this.changes.run(orderId, async (manager, events) => {
      const order = await this.changes.lock(manager, orderId);
      assertIfMatch(ifMatch, order.version);
      assertPaymentChange(order, paymentStatus);
      events.push(await applyPaymentChange(manager, this.outbox, order, paymentStatus, actorOf(user), reference));
      return toOrderView(order);
    });
  }
}

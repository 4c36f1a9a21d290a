import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { actorOf } from '../../common/auth/auth-user';
import { assertIfMatch } from '../../common/http/if-match';
import { EventOutbox } from '../../events/outbox.service';
import { IllegalPaymentTransitionError } from '../domain/order.errors';
import { canTransitionPayment, PAYMENT_EVENT, PaymentStatus } from '../domain/order-status';
import { OrderView, toOrderView } from '../dto/order.view';
import { Order } from '../entities/order.entity';
import { OrderChanges } from '../order-change';
import { UpdatePaymentStatusCommand } from './update-payment-status.command';

/** Staff record a payment outcome (PATCH /orders/:id/payment). */
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
      const from = order.paymentStatus;
      if (!canTransitionPayment(from, paymentStatus)) throw new IllegalPaymentTransitionError(from, paymentStatus);
      const now = new Date();
      order.paymentStatus = paymentStatus;
      if (reference !== undefined) order.paymentReference = reference;
      if (paymentStatus === PaymentStatus.Paid) order.paidAt = now;
      order.version += 1;
      order.updatedAt = now;
      await manager.update(
        Order,
        { id: orderId },
        { paymentStatus, paymentReference: order.paymentReference, paidAt: order.paidAt, version: order.version, updatedAt: now },
      );
      const type = PAYMENT_EVENT[paymentStatus as keyof typeof PAYMENT_EVENT];
      events.push(
        await this.outbox.append(manager, {
          type,
          aggregateType: 'order',
          aggregateId: orderId,
          actor: actorOf(user),
          payload: {
            customerId: order.customerId,
            changes: { paymentStatus: { from, to: paymentStatus }, ...(reference !== undefined ? { reference } : {}) },
            version: order.version,
          },
        }),
      );
      return toOrderView(order);
    });
  }
}

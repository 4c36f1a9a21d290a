import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventOutbox } from '../../events/outbox.service';
import { PaymentAmountMismatchError } from '../domain/order.errors';
import { assertPaymentChange } from '../domain/order-rules';
import { PaymentStatus } from '../domain/order-status';
import { OrderChanges } from '../order-change';
import {
  ApplyPaymentNotificationCommand,
  PaymentNotificationOutcome,
  PaymentNotificationType,
} from './apply-payment-notification.command';
import { applyPaymentChange } from './payment-change';

const PAYMENT_STATUS_OF: Record<PaymentNotificationType, PaymentStatus> = {
  'payment.succeeded': PaymentStatus.Paid,
  'payment.failed': PaymentStatus.Failed,
  'payment.refunded': PaymentStatus.Refunded,
};

/**
 * Applies a verified notification of the payment provider to its order, through the same payment
 * state machine, events and history as PATCH /orders/:id/payment, with the actor `system`.
 *
 * Exactly once per notification id: the notification's row is inserted first, in the order's
 * transaction, keyed by the id. A parallel duplicate waits on that key until the first commits and
 * then finds it: it answers the recorded outcome and applies nothing. A refusal (unknown order 404,
 * amount or currency not the order's total 422, a transition the machine forbids 409) rolls the
 * row back with everything else, so nothing changes and a corrected retry is judged afresh.
 */
@CommandHandler(ApplyPaymentNotificationCommand)
export class ApplyPaymentNotificationHandler implements ICommandHandler<
  ApplyPaymentNotificationCommand,
  PaymentNotificationOutcome
> {
  constructor(
    private readonly changes: OrderChanges,
    private readonly outbox: EventOutbox,
  ) {}

  execute({ notification: n }: ApplyPaymentNotificationCommand): Promise<PaymentNotificationOutcome> {
    return this.changes.run(n.orderId, async (manager, events) => {
      const claimed = await manager.query<unknown[]>(
        `INSERT INTO "payment_notifications" ("id", "type", "orderId", "reference", "amountCents", "currency", "occurredAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
        [n.id, n.type, n.orderId, n.reference, n.amountCents, n.currency, n.occurredAt],
      );
      if (claimed.length === 0) {
        const [prior] = await manager.query<Array<{ orderId: string; paymentStatus: PaymentStatus }>>(
          `SELECT "orderId", "paymentStatus" FROM "payment_notifications" WHERE "id" = $1`,
          [n.id],
        );
        return { notificationId: n.id, orderId: prior.orderId, paymentStatus: prior.paymentStatus, replayed: true };
      }
      const order = await this.changes.lock(manager, n.orderId);
      if (n.amountCents !== order.totalCents || n.currency !== order.currency) throw new PaymentAmountMismatchError(order);
      const to = PAYMENT_STATUS_OF[n.type];
      assertPaymentChange(order, to);
      events.push(await applyPaymentChange(manager, this.outbox, order, to, { id: null, role: 'system' }, n.reference));
      await manager.query(`UPDATE "payment_notifications" SET "paymentStatus" = $2 WHERE "id" = $1`, [n.id, to]);
      return { notificationId: n.id, orderId: order.id, paymentStatus: to, replayed: false };
    });
  }
}

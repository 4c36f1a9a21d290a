import { EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/auth-user';
import type { OutboxEvent } from '../../events/entities/outbox-event.entity';
import { EventOutbox } from '../../events/outbox.service';
import { PAYMENT_EVENT, PaymentStatus } from '../domain/order-status';
import { Order } from '../entities/order.entity';

/**
 * Moves a locked order's payment to `to` inside the caller's transaction (the rules were checked by
 * the caller): stores the provider reference, stamps `paidAt`, bumps the version and writes the
 * payment event. Shared by UpdatePaymentStatus and a status change that takes the payment along
 * (a paid order that is refunded).
 */
export async function applyPaymentChange(
  manager: EntityManager,
  outbox: EventOutbox,
  order: Order,
  to: PaymentStatus,
  actor: Actor,
  reference?: string,
): Promise<OutboxEvent> {
  const from = order.paymentStatus;
  const now = new Date();
  order.paymentStatus = to;
  if (reference !== undefined) order.paymentReference = reference;
  if (to === PaymentStatus.Paid) order.paidAt = now;
  order.version += 1;
  order.updatedAt = now;
  await manager.update(
    Order,
    { id: order.id },
    { paymentStatus: to, paymentReference: order.paymentReference, paidAt: order.paidAt, version: order.version, updatedAt: now },
  );
  return outbox.append(manager, {
    type: PAYMENT_EVENT[to as keyof typeof PAYMENT_EVENT],
    aggregateType: 'order',
    aggregateId: order.id,
    actor,
    payload: {
      customerId: order.customerId,
      changes: { paymentStatus: { from, to }, ...(reference !== undefined ? { reference } : {}) },
      version: order.version,
    },
  });
}

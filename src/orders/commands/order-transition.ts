import { EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/auth-user';
import type { OutboxEvent } from '../../events/entities/outbox-event.entity';
import { EventOutbox } from '../../events/outbox.service';
import { StockReservations } from '../../inventory/stock/stock-reservations';
import { holdsStock } from '../domain/order-rules';
import { OrderStatus, STATUS_TIMESTAMP } from '../domain/order-status';
import { Order } from '../entities/order.entity';

/**
 * Moves a locked order to `to` inside the caller's transaction: sets the status timestamp, bumps the
 * version, returns the units to stock when a cancellation ends a reservation, and writes the
 * `order.<status>` event. Shared by ChangeOrderStatus (staff) and CancelOrder (owner or staff).
 */
export async function applyTransition(
  manager: EntityManager,
  deps: { outbox: EventOutbox; stock: StockReservations },
  order: Order,
  to: OrderStatus,
  actor: Actor,
  changes: Record<string, unknown>,
): Promise<OutboxEvent> {
  const from = order.status;
  const now = new Date();
  if (to === OrderStatus.Cancelled && holdsStock(from)) {
    await deps.stock.release(
      manager,
      order.items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
      { orderId: order.id, actor, reason: 'cancellation' },
    );
  }
  const timestamp = STATUS_TIMESTAMP[to];
  order.status = to;
  if (timestamp) order[timestamp] = now;
  if (to === OrderStatus.Shipped && typeof changes.trackingNumber === 'string') order.trackingNumber = changes.trackingNumber;
  if (to === OrderStatus.Cancelled) {
    if (typeof changes.reason === 'string') order.cancelReason = changes.reason;
    order.cancelledBy = actor.role;
  }
  order.version += 1;
  order.updatedAt = now;
  await manager.update(
    Order,
    { id: order.id },
    {
      status: order.status,
      version: order.version,
      trackingNumber: order.trackingNumber,
      cancelReason: order.cancelReason,
      cancelledBy: order.cancelledBy,
      updatedAt: now,
      ...(timestamp ? { [timestamp]: now } : {}),
    },
  );
  return deps.outbox.append(manager, {
    type: `order.${to}` as OutboxEvent['type'],
    aggregateType: 'order',
    aggregateId: order.id,
    actor,
    payload: { customerId: order.customerId, fromStatus: from, toStatus: to, changes, version: order.version },
  });
}

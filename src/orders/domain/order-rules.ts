import type { Role } from '../../common/auth/auth-user';
import { ValidationError } from '../../common/errors/domain-error';
import { IllegalTransitionError, OrderNotDeletableError, OrderNotEditableError } from './order.errors';
import { canTransition, CUSTOMER_CANCELLABLE, OrderStatus } from './order-status';

/** Statuses in which the order's units are still taken out of stock and go back on cancellation. */
const HOLDS_STOCK: readonly OrderStatus[] = [OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.Processing];

export const holdsStock = (status: OrderStatus): boolean => HOLDS_STOCK.includes(status);

/** Throws unless staff may move the order from `from` to `to`. */
export function assertStatusChange(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** Who may cancel when: the owner while pending/confirmed, staff whenever the machine allows it. */
export function assertCancellable(status: OrderStatus, role: Role): void {
  if (canTransition(status, OrderStatus.Cancelled) && (role === 'admin' || CUSTOMER_CANCELLABLE.includes(status))) return;
  throw new IllegalTransitionError(status, OrderStatus.Cancelled, cancelRefusal(status, role));
}

function cancelRefusal(status: OrderStatus, role: Role): string {
  switch (status) {
    case OrderStatus.Cancelled:
      return 'The order is already cancelled.';
    case OrderStatus.Refunded:
      return 'The order was refunded; it cannot be cancelled.';
    case OrderStatus.Shipped:
    case OrderStatus.Delivered:
      return `The order is ${status}; it cannot be cancelled any more (ask for a refund instead).`;
    default:
      return role === 'customer'
        ? `The order is ${status}; only staff can cancel it now. Please contact support.`
        : `An order cannot go from ${status} to cancelled.`;
  }
}

const DELETABLE: Record<Role, readonly OrderStatus[]> = {
  customer: [OrderStatus.Pending],
  admin: [OrderStatus.Pending, OrderStatus.Cancelled],
};

/** The owner may delete a pending order; staff a pending or cancelled one. */
export function assertDeletable(status: OrderStatus, role: Role): void {
  if (!DELETABLE[role].includes(status)) throw new OrderNotDeletableError(status, DELETABLE[role]);
}

/** Each product at most once among an order's lines (UUIDs are case-insensitive: `ABC…` is `abc…`). */
export function assertEachProductOnce(items: ReadonlyArray<{ productId: string }>, field = 'items'): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const productId = item.productId.toLowerCase();
    if (seen.has(productId)) {
      throw new ValidationError([{ field: `${field}.${index}.productId`, message: 'each product may appear only once per order' }]);
    }
    seen.add(productId);
  });
}

/** Only a pending order may be edited: once confirmed, the shop is working on what was ordered. */
export function assertEditable(status: OrderStatus): void {
  if (status !== OrderStatus.Pending) throw new OrderNotEditableError(status);
}

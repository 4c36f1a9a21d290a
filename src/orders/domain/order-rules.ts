import type { Role } from '../../common/auth/auth-user';
import { ValidationError } from '../../common/errors/domain-error';
import { IllegalPaymentTransitionError, IllegalTransitionError, OrderNotDeletableError, OrderNotEditableError } from './order.errors';
import { canTransition, canTransitionPayment, CUSTOMER_CANCELLABLE, ORDER_STATUSES, OrderStatus, PaymentStatus } from './order-status';

/** Statuses in which the order's units are still taken out of stock and go back on cancellation. */
const HOLDS_STOCK: readonly OrderStatus[] = [OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.Processing];

export const holdsStock = (status: OrderStatus): boolean => HOLDS_STOCK.includes(status);

/** The two states of an order the rules below read together. */
export interface OrderState {
  status: OrderStatus;
  paymentStatus: PaymentStatus;
}

/**
 * Order status × payment status, in one table: the order statuses in which the payment may ENTER
 * each payment status. No money is taken for a cancelled or refunded order; a refund of the payment
 * is possible whatever the order's status (a cancelled paid order is refunded explicitly).
 */
export const PAYMENT_ENTERABLE_IN: Readonly<Record<PaymentStatus, readonly OrderStatus[]>> = {
  [PaymentStatus.Pending]: [],
  [PaymentStatus.Paid]: [OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.Processing, OrderStatus.Shipped, OrderStatus.Delivered],
  [PaymentStatus.Failed]: ORDER_STATUSES,
  [PaymentStatus.Refunded]: ORDER_STATUSES,
};

/**
 * The payment statuses an order must have to ENTER an order status (absent: any), and what the
 * payment becomes in the same change: a paid order that is refunded has its payment refunded too.
 */
export const STATUS_REQUIRES_PAYMENT: Readonly<Partial<Record<OrderStatus, readonly PaymentStatus[]>>> = {
  [OrderStatus.Refunded]: [PaymentStatus.Paid, PaymentStatus.Refunded],
};
const PAYMENT_FOLLOWS: Readonly<Partial<Record<OrderStatus, Partial<Record<PaymentStatus, PaymentStatus>>>>> = {
  [OrderStatus.Refunded]: { [PaymentStatus.Paid]: PaymentStatus.Refunded },
};

/** The payment status an order's payment moves to along with the order entering `to`, if any. */
export const paymentFollowing = (order: OrderState, to: OrderStatus): PaymentStatus | undefined => PAYMENT_FOLLOWS[to]?.[order.paymentStatus];

/** Payment statuses under which money has moved: such an order is a record the shop keeps. */
const MONEY_MOVED: readonly PaymentStatus[] = [PaymentStatus.Paid, PaymentStatus.Refunded];

/** Statuses from which staff may delete an order (the owner: pending only), and only while no money moved. */
const DELETABLE: Record<Role, readonly OrderStatus[]> = {
  customer: [OrderStatus.Pending],
  admin: [OrderStatus.Pending, OrderStatus.Cancelled],
};

/**
 * Throws unless staff may move the order to `to`: the status machine allows it, the payment is what
 * `to` requires, and a shipment carries its tracking number (recorded only when shipping: a later
 * transition never overwrites it).
 */
export function assertStatusChange(order: OrderState, to: OrderStatus, trackingNumber?: string): void {
  if (!canTransition(order.status, to)) throw new IllegalTransitionError(order.status, to);
  const required = STATUS_REQUIRES_PAYMENT[to];
  if (required && !required.includes(order.paymentStatus)) {
    throw new IllegalTransitionError(
      order.status,
      to,
      `An order becomes ${to} only when its payment is ${required.join(' or ')}; the payment is ${order.paymentStatus}.`,
    );
  }
  if (to === OrderStatus.Shipped && trackingNumber === undefined) {
    throw new ValidationError([{ field: 'trackingNumber', message: 'trackingNumber is required when the order ships' }]);
  }
}

/** Throws unless the payment may move to `to`: the payment machine allows it and the order's status admits it. */
export function assertPaymentChange(order: OrderState, to: PaymentStatus): void {
  if (!canTransitionPayment(order.paymentStatus, to)) throw new IllegalPaymentTransitionError(order.paymentStatus, to);
  if (!PAYMENT_ENTERABLE_IN[to].includes(order.status)) {
    const allowed = PAYMENT_ENTERABLE_IN[to];
    throw new IllegalPaymentTransitionError(
      order.paymentStatus,
      to,
      `The order is ${order.status}; a payment can become ${to} only while the order is ${allowed.join(', ')}.`,
      order.status,
    );
  }
}

/**
 * Who may cancel when: the owner while pending/confirmed and unpaid, staff whenever the machine
 * allows it. A paid order stays paid when staff cancel it; the refund is its own, explicit step.
 */
export function assertCancellable(order: OrderState, role: Role): void {
  const { status } = order;
  if (!canTransition(status, OrderStatus.Cancelled)) throw new IllegalTransitionError(status, OrderStatus.Cancelled, cancelRefusal(status, role));
  if (role === 'admin') return;
  if (!CUSTOMER_CANCELLABLE.includes(status)) throw new IllegalTransitionError(status, OrderStatus.Cancelled, cancelRefusal(status, role));
  if (MONEY_MOVED.includes(order.paymentStatus)) {
    throw new IllegalTransitionError(status, OrderStatus.Cancelled, `The order is ${order.paymentStatus}; only the shop can cancel it now (and refund it). Please contact support.`);
  }
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

/** The owner may delete a pending order, staff a pending or cancelled one; no one an order whose money moved. */
export function assertDeletable(order: OrderState, role: Role): void {
  if (!DELETABLE[role].includes(order.status)) throw new OrderNotDeletableError(order.status, DELETABLE[role]);
  if (MONEY_MOVED.includes(order.paymentStatus)) throw new OrderNotDeletableError(order.status, DELETABLE[role], order.paymentStatus);
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

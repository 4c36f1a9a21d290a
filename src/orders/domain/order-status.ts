/** The order lifecycle (API.md "Order status machine"): one table, read by every command. */
export enum OrderStatus {
  Pending = 'pending',
  Confirmed = 'confirmed',
  Processing = 'processing',
  Shipped = 'shipped',
  Delivered = 'delivered',
  Cancelled = 'cancelled',
  Refunded = 'refunded',
}

export const ORDER_STATUSES = Object.values(OrderStatus);

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [OrderStatus.Pending]: [OrderStatus.Confirmed, OrderStatus.Cancelled],
  [OrderStatus.Confirmed]: [OrderStatus.Processing, OrderStatus.Shipped, OrderStatus.Cancelled],
  [OrderStatus.Processing]: [OrderStatus.Shipped, OrderStatus.Cancelled],
  [OrderStatus.Shipped]: [OrderStatus.Delivered],
  [OrderStatus.Delivered]: [OrderStatus.Refunded],
  [OrderStatus.Cancelled]: [],
  [OrderStatus.Refunded]: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => ORDER_TRANSITIONS[from].includes(to);

export const isTerminal = (status: OrderStatus): boolean => ORDER_TRANSITIONS[status].length === 0;

/** Statuses from which a customer may cancel their own order; staff may cancel from any status that allows it. */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = [OrderStatus.Pending, OrderStatus.Confirmed];

/** The timestamp column each status sets on the order when entered. */
export const STATUS_TIMESTAMP: Readonly<Partial<Record<OrderStatus, 'confirmedAt' | 'processingAt' | 'shippedAt' | 'deliveredAt' | 'cancelledAt' | 'refundedAt'>>> = {
  [OrderStatus.Confirmed]: 'confirmedAt',
  [OrderStatus.Processing]: 'processingAt',
  [OrderStatus.Shipped]: 'shippedAt',
  [OrderStatus.Delivered]: 'deliveredAt',
  [OrderStatus.Cancelled]: 'cancelledAt',
  [OrderStatus.Refunded]: 'refundedAt',
};

export enum PaymentStatus {
  Pending = 'pending',
  Paid = 'paid',
  Failed = 'failed',
  Refunded = 'refunded',
}

export const PAYMENT_STATUSES = Object.values(PaymentStatus);

export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  [PaymentStatus.Pending]: [PaymentStatus.Paid, PaymentStatus.Failed],
  [PaymentStatus.Failed]: [PaymentStatus.Paid],
  [PaymentStatus.Paid]: [PaymentStatus.Refunded],
  [PaymentStatus.Refunded]: [],
};

export const canTransitionPayment = (from: PaymentStatus, to: PaymentStatus): boolean => PAYMENT_TRANSITIONS[from].includes(to);

/** The event each payment status change writes. */
export const PAYMENT_EVENT = {
  [PaymentStatus.Paid]: 'order.payment_completed',
  [PaymentStatus.Failed]: 'order.payment_failed',
  [PaymentStatus.Refunded]: 'order.payment_refunded',
} as const;

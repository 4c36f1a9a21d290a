import { DomainEvent } from '../../events/domain-event';
import type { OrderStatus, PaymentStatus } from '../domain/order-status';

/** One line as `order.created` carries it. */
export interface OrderCreatedLine {
  productId: string;
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface OrderCreatedPayload {
  number: number;
  customerId: string;
  toStatus: OrderStatus;
  totalCents: number;
  currency: string;
  items: OrderCreatedLine[];
}

/** Every move along the status machine (`order.confirmed`, ..., `order.refunded`). */
export interface OrderStatusChangedPayload {
  customerId: string;
  fromStatus: OrderStatus;
  toStatus: OrderStatus;
  /** What the request said besides the status: `trackingNumber`, `reason`. */
  changes: Record<string, unknown>;
  /** The order's version after the change (the cache fence). */
  version: number;
}

export interface OrderPaymentChangedPayload {
  customerId: string;
  changes: { paymentStatus: { from: PaymentStatus; to: PaymentStatus }; reference?: string };
  version: number;
}

export interface OrderDeletedPayload {
  customerId: string;
  number: number;
  fromStatus: OrderStatus;
  toStatus: null;
}

export class OrderCreatedEvent extends DomainEvent<OrderCreatedPayload> {}
export class OrderConfirmedEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderProcessingEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderShippedEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderDeliveredEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderCancelledEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderRefundedEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderDeletedEvent extends DomainEvent<OrderDeletedPayload> {}
export class OrderPaymentCompletedEvent extends DomainEvent<OrderPaymentChangedPayload> {}
export class OrderPaymentFailedEvent extends DomainEvent<OrderPaymentChangedPayload> {}
export class OrderPaymentRefundedEvent extends DomainEvent<OrderPaymentChangedPayload> {}

/** Every event that changes an order after its creation. */
export const ORDER_CHANGE_EVENTS = [
  OrderConfirmedEvent,
  OrderProcessingEvent,
  OrderShippedEvent,
  OrderDeliveredEvent,
  OrderCancelledEvent,
  OrderRefundedEvent,
  OrderDeletedEvent,
  OrderPaymentCompletedEvent,
  OrderPaymentFailedEvent,
  OrderPaymentRefundedEvent,
] as const;

export const ORDER_EVENTS = [OrderCreatedEvent, ...ORDER_CHANGE_EVENTS] as const;

export type OrderEvent = InstanceType<(typeof ORDER_EVENTS)[number]>;

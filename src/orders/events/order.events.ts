import { DomainEvent } from '../../events/domain-event';
import type { OrderStatus, PaymentStatus } from '../domain/order-status';
import type { OrderView } from '../dto/order.view';

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

/** A line as `order.updated` names it. */
export interface OrderUpdatedLine {
  productId: string;
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

/** What an edit of a pending order changed; only the fields that changed are present. */
export interface OrderEditChanges {
  items?: {
    added: OrderUpdatedLine[];
    removed: OrderUpdatedLine[];
    changed: Array<{ productId: string; sku: string; fromQuantity: number; toQuantity: number }>;
  };
  shippingAddress?: { from: object; to: object };
  shippingMethod?: { from: string; to: string };
  notes?: { from: string | null; to: string | null };
  subtotalCents?: { from: number; to: number };
  taxCents?: { from: number; to: number };
  shippingCents?: { from: number; to: number };
  totalCents?: { from: number; to: number };
}

export interface OrderUpdatedPayload {
  customerId: string;
  changes: OrderEditChanges;
  /** The order's version after the change (the cache fence). */
  version: number;
}

export interface OrderDeletedPayload {
  customerId: string;
  number: number;
  fromStatus: OrderStatus;
  toStatus: null;
}

export class OrderCreatedEvent extends DomainEvent<OrderCreatedPayload> {
  /** The new order as its command answered it, when published by that command (not on re-delivery). */
  get order(): OrderView | undefined {
    return this.record.aggregate as OrderView | undefined;
  }
}
export class OrderConfirmedEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderProcessingEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderShippedEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderDeliveredEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderCancelledEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderRefundedEvent extends DomainEvent<OrderStatusChangedPayload> {}
export class OrderUpdatedEvent extends DomainEvent<OrderUpdatedPayload> {}
export class OrderDeletedEvent extends DomainEvent<OrderDeletedPayload> {}
export class OrderPaymentCompletedEvent extends DomainEvent<OrderPaymentChangedPayload> {}
export class OrderPaymentFailedEvent extends DomainEvent<OrderPaymentChangedPayload> {}
export class OrderPaymentRefundedEvent extends DomainEvent<OrderPaymentChangedPayload> {}

/** Every event that changes an order after its creation. */
export const ORDER_CHANGE_EVENTS = [
  OrderUpdatedEvent,
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

import {
  ProductCreatedEvent,
  ProductUpdatedEvent,
  StockAdjustedEvent,
  StockLowEvent,
} from '../inventory/events/inventory.events';
import {
  OrderCancelledEvent,
  OrderConfirmedEvent,
  OrderCreatedEvent,
  OrderDeletedEvent,
  OrderDeliveredEvent,
  OrderPaymentCompletedEvent,
  OrderPaymentFailedEvent,
  OrderPaymentRefundedEvent,
  OrderProcessingEvent,
  OrderRefundedEvent,
  OrderShippedEvent,
  OrderUpdatedEvent,
} from '../orders/events/order.events';
import type { DomainEvent, DomainEventClass } from './domain-event';
import type { OutboxEvent } from './entities/outbox-event.entity';
import type { EventType } from './event-types';

/** The one map from a stored event's `type` to its class. A new event type adds its line here. */
export const EVENT_CLASSES = {
  'order.created': OrderCreatedEvent,
  'order.updated': OrderUpdatedEvent,
  'order.confirmed': OrderConfirmedEvent,
  'order.processing': OrderProcessingEvent,
  'order.shipped': OrderShippedEvent,
  'order.delivered': OrderDeliveredEvent,
  'order.cancelled': OrderCancelledEvent,
  'order.refunded': OrderRefundedEvent,
  'order.deleted': OrderDeletedEvent,
  'order.payment_completed': OrderPaymentCompletedEvent,
  'order.payment_failed': OrderPaymentFailedEvent,
  'order.payment_refunded': OrderPaymentRefundedEvent,
  'stock.adjusted': StockAdjustedEvent,
  'stock.low': StockLowEvent,
  'product.created': ProductCreatedEvent,
  'product.updated': ProductUpdatedEvent,
} satisfies Record<EventType, DomainEventClass>;

/** The payload type of an event type, as its class declares it. */
export type PayloadOf<T extends EventType> = InstanceType<(typeof EVENT_CLASSES)[T]>['payload'];

const TYPE_OF = new Map<DomainEventClass, EventType>(
  Object.entries(EVENT_CLASSES).map(([type, cls]) => [cls, type as EventType]),
);

/** The event class instance for a stored outbox row. */
export function toDomainEvent(record: OutboxEvent): DomainEvent<object> {
  const EventClass: DomainEventClass = EVENT_CLASSES[record.type];
  if (!EventClass) throw new Error(`no event class for type ${record.type}`);
  return new EventClass(record);
}

/** The stored `type` of an event class. */
export function eventTypeOf(eventClass: DomainEventClass): EventType {
  const type = TYPE_OF.get(eventClass);
  if (!type) throw new Error(`${eventClass.name} is not in EVENT_CLASSES`);
  return type;
}

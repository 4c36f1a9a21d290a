/** Every event type of the durable feed (API.md, "Events"). */
export const EVENT_TYPES = [
  'order.created',
  'order.updated',
  'order.confirmed',
  'order.processing',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'order.refunded',
  'order.deleted',
  'order.payment_completed',
  'order.payment_failed',
  'order.payment_refunded',
  'stock.adjusted',
  'stock.low',
  'product.created',
  'product.updated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
export type AggregateType = 'order' | 'product';

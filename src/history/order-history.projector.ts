import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DELIVERY_RECORDED, HandlesEvents, RecordedEventHandler } from '../events/recorded-event-handler';
import { EventDeliveries } from '../events/event-deliveries';
import { ORDER_EVENTS, OrderCreatedEvent, type OrderEvent } from '../orders/events/order.events';

/**
 * Projects every order event into `order_history`, in one statement with its delivery record.
 * Keyed by event id: a re-delivered event changes nothing.
 */
@Injectable()
@HandlesEvents(...ORDER_EVENTS)
export class OrderHistoryProjector extends RecordedEventHandler<OrderEvent> {
  readonly handlerName = 'order-history';

  constructor(
    private readonly dataSource: DataSource,
    deliveries: EventDeliveries,
  ) {
    super(deliveries);
  }

  async apply(event: OrderEvent): Promise<typeof DELIVERY_RECORDED> {
    const payload = event.payload as {
      customerId?: string;
      fromStatus?: string | null;
      toStatus?: string | null;
      changes?: Record<string, unknown>;
    };
    const changes =
      event instanceof OrderCreatedEvent
        ? { totalCents: event.payload.totalCents, items: event.payload.items }
        : (payload.changes ?? {});
    // One statement, so the history row and its delivery record commit together.
    await this.dataSource.query(
      `WITH entry AS (
         INSERT INTO "order_history" ("eventId", "orderId", "customerId", "action", "fromStatus", "toStatus", "changes", "actor", "at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT ("eventId") DO NOTHING
       )
       INSERT INTO "event_deliveries" ("eventId", "handler") VALUES ($1, $10) ON CONFLICT DO NOTHING`,
      [
        event.id,
        event.aggregateId,
        payload.customerId ?? null,
        event.type.replace(/^order\./, ''),
        payload.fromStatus ?? null,
        payload.toStatus ?? null,
        JSON.stringify(changes),
        JSON.stringify(event.actor),
        event.occurredAt,
        this.handlerName,
      ],
    );
    return DELIVERY_RECORDED;
  }
}

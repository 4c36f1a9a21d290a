import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AFTER_COMMIT_LINGER_MS, GroupCommit } from '../common/group-commit';
import { DELIVERY_RECORDED, HandlesEvents, RecordedEventHandler } from '../events/recorded-event-handler';
import { EventDeliveries } from '../events/event-deliveries';
import { ORDER_EVENTS, OrderCreatedEvent, type OrderEvent } from '../orders/events/order.events';
import { preparedQuery } from '../database/prepared-query';

/** One `order_history` row, as the projection statement reads it from JSON. */
interface HistoryEntry {
  eventId: string;
  orderId: string;
  customerId: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  changes: Record<string, unknown>;
  actor: object;
  at: Date;
}

/**
 * Projects every order event into `order_history`, each row in one statement with its delivery
 * record, so a row and its record commit together. Keyed by event id: a re-delivered event changes
 * nothing. Events arriving while a projection statement runs are projected together by the next
 * one (GroupCommit): under load, one round trip per batch rather than one per order.
 */
@Injectable()
@HandlesEvents(...ORDER_EVENTS)
export class OrderHistoryProjector extends RecordedEventHandler<OrderEvent> {
  readonly handlerName = 'order-history';
  private readonly batches = new GroupCommit<HistoryEntry>((entries) => this.project(entries), {
    lingerMs: AFTER_COMMIT_LINGER_MS,
  });

  constructor(
    private readonly dataSource: DataSource,
    deliveries: EventDeliveries,
  ) {
    super(deliveries);
  }

  async apply(event: OrderEvent): Promise<typeof DELIVERY_RECORDED> {
    await this.batches.add(toEntry(event));
    return DELIVERY_RECORDED;
  }

  private async project(batch: HistoryEntry[]): Promise<void> {
    // An event re-delivered while its first delivery waits for a batch appears twice: once is enough.
    const entries = [...new Map(batch.map((entry) => [entry.eventId, entry])).values()];
    await preparedQuery(
      this.dataSource.manager,
      `WITH entry AS (
         INSERT INTO "order_history" ("eventId", "orderId", "customerId", "action", "fromStatus", "toStatus", "changes", "actor", "at")
         SELECT "eventId", "orderId", "customerId", "action", "fromStatus", "toStatus", "changes", "actor", "at"
           FROM jsonb_populate_recordset(NULL::"order_history", $1::jsonb)
         ON CONFLICT ("eventId") DO NOTHING
       )
       INSERT INTO "event_deliveries" ("eventId", "handler")
       SELECT "eventId", $2 FROM jsonb_to_recordset($1::jsonb) AS e("eventId" uuid) ON CONFLICT DO NOTHING`,
      [JSON.stringify(entries), this.handlerName],
    );
  }
}

function toEntry(event: OrderEvent): HistoryEntry {
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
  return {
    eventId: event.id,
    orderId: event.aggregateId,
    customerId: payload.customerId ?? null,
    action: event.type.replace(/^order\./, ''),
    fromStatus: payload.fromStatus ?? null,
    toStatus: payload.toStatus ?? null,
    changes,
    actor: event.actor,
    at: event.occurredAt,
  };
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainEvent } from '../events/domain-event';
import { EventDeliveries } from '../events/event-deliveries';

export const HISTORY_PROJECTOR = 'order-history';

/**
 * Projects every order event into `order_history`, in one statement with its delivery record.
 * Keyed by event id: a re-delivered event changes nothing.
 */
@Injectable()
@EventsHandler(DomainEvent)
export class OrderHistoryProjector implements IEventHandler<DomainEvent>, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: EventDeliveries,
  ) {}

  onModuleInit(): void {
    this.deliveries.register(HISTORY_PROJECTOR, ['order']);
  }

  async handle({ event }: DomainEvent): Promise<void> {
    if (event.aggregateType !== 'order') return;
    await this.project(event);
  }

  /** Separate from `handle` so the relay's healing can be tested by making this fail once. */
  async project(event: DomainEvent['event']): Promise<void> {
    const payload = event.payload as { customerId?: string; fromStatus?: string | null; toStatus?: string | null; changes?: Record<string, unknown> };
    const changes = payload.changes ?? (event.type === 'order.created' ? { totalCents: event.payload.totalCents, items: event.payload.items } : {});
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
        HISTORY_PROJECTOR,
      ],
    );
  }
}

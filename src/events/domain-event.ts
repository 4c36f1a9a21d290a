import type { OutboxEvent } from './entities/outbox-event.entity';

/**
 * What travels on the CQRS EventBus after commit: the stored outbox row. Handlers subscribe with
 * `@EventsHandler(DomainEvent)`, look at `event.type`, and must be idempotent (keyed by `event.id`),
 * because the relay re-delivers whatever a handler has not recorded.
 */
export class DomainEvent {
  constructor(readonly event: OutboxEvent) {}
}

import type { IEvent } from '@nestjs/cqrs';
import type { Actor } from '../common/auth/auth-user';
import type { OutboxEvent } from './entities/outbox-event.entity';
import type { EventType } from './event-types';

/**
 * Base of every event class that travels on the CQRS EventBus after commit: one class per event
 * type (`OrderCreatedEvent`, `OrderShippedEvent`, ...), each wrapping the stored outbox row with
 * its typed payload. Handlers subscribe to the classes they need with `@HandlesEvents(...)` and
 * extend `RecordedEventHandler`, which records each delivery, because the relay re-delivers
 * whatever a handler has not recorded: handlers must be idempotent (keyed by `id`).
 */
export abstract class DomainEvent<P extends object = Record<string, unknown>> implements IEvent {
  constructor(readonly record: OutboxEvent) {}

  get id(): string {
    return this.record.id;
  }

  get type(): EventType {
    return this.record.type;
  }

  get aggregateId(): string {
    return this.record.aggregateId;
  }

  get actor(): Actor {
    return this.record.actor;
  }

  get occurredAt(): Date {
    return this.record.occurredAt;
  }

  get payload(): P {
    return this.record.payload as P;
  }
}

export type DomainEventClass = new (record: OutboxEvent) => DomainEvent<object>;

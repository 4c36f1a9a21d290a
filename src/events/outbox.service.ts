import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/auth-user';
import { PayloadOf, toDomainEvent } from './event-catalogue';
import { OutboxEvent } from './entities/outbox-event.entity';
import { EventDeliveries } from './event-deliveries';
import { EventRelay } from './event-relay';
import type { AggregateType, EventType } from './event-types';

export interface NewEvent<T extends EventType = EventType> {
  type: T;
  aggregateType: AggregateType;
  aggregateId: string;
  actor: Actor;
  payload: PayloadOf<T>;
}

/**
 * The write side of the durable feed. `append` inserts the event in the caller's transaction (no
 * event without its change, no change without its event); `publish`, called after commit, hands
 * the events to the EventBus handlers and wakes the relay, which sequences them for the feed.
 */
@Injectable()
export class EventOutbox {
  private readonly logger = new Logger('EventOutbox');

  constructor(
    private readonly eventBus: EventBus,
    private readonly deliveries: EventDeliveries,
    private readonly relay: EventRelay,
  ) {}

  async append<T extends EventType>(manager: EntityManager, event: NewEvent<T>): Promise<OutboxEvent> {
    const row = manager.create(OutboxEvent, {
      ...event,
      seq: null,
      // Events nobody in-process listens to are handled the moment they exist.
      handledAt: this.deliveries.handlersOf(event.type).length === 0 ? new Date() : null,
      streamedAt: null,
    });
    const { raw } = await manager.createQueryBuilder().insert().into(OutboxEvent).values(row as never).updateEntity(false).returning(['id', 'occurredAt']).execute();
    return Object.assign(row, (raw as Array<Pick<OutboxEvent, 'id' | 'occurredAt'>>)[0]);
  }

  publish(events: OutboxEvent[]): void {
    for (const event of events) {
      try {
        this.eventBus.publish(toDomainEvent(event));
      } catch (error) {
        // The relay re-delivers it; a handler problem never fails the request that caused it.
        this.logger.warn(`publishing ${event.type} ${event.id} failed: ${String(error)}`);
      }
    }
    if (events.length > 0) this.relay.kick();
  }
}

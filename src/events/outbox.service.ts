import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/auth-user';
import type { WriteStatement } from '../database/write-statement';
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

/** An event row as a statement's `json_agg` returns it. */
type WrittenEvent<T extends EventType> = { id: string; aggregateId: string; occurredAt: string; payload: PayloadOf<T> };

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
    });
    const { raw } = await manager.createQueryBuilder().insert().into(OutboxEvent).values(row as never).updateEntity(false).returning(['id', 'occurredAt']).execute();
    return Object.assign(row, (raw as Array<Pick<OutboxEvent, 'id' | 'occurredAt'>>)[0]);
  }

  /**
   * `append`, as a step of the caller's one data-modifying statement (see WriteStatement): the row
   * is written only when the step `after` returned a row (the change it records was written), with
   * the payload fields named in `fromAfter` taken from that row's columns (what only the database
   * knows at that point, such as an order's number). Returns how to read the written event from the
   * statement's result row.
   */
  appendWithin<T extends EventType, K extends keyof PayloadOf<T> = never>(
    statement: WriteStatement,
    event: Omit<NewEvent<T>, 'payload'> & { payload: Omit<PayloadOf<T>, K> },
    options: { after: string; fromAfter?: Record<K, string> },
  ): (row: Record<string, unknown>) => OutboxEvent {
    const step = `event_${event.type.replace(/\W/g, '_')}`;
    const generated = Object.entries<string>(options.fromAfter ?? ({} as Record<K, string>)).map(
      ([field, column]) => `'${field}', a."${column}"`,
    );
    const payload = `${statement.json(event.payload)}${generated.length > 0 ? ` || jsonb_build_object(${generated.join(', ')})` : ''}`;
    // Events nobody in-process listens to are handled the moment they exist.
    const handledNow = this.deliveries.handlersOf(event.type).length === 0;
    statement
      .step(
        step,
        `INSERT INTO "events" ("type", "aggregateType", "aggregateId", "actor", "payload", "handledAt")
         SELECT ${statement.param(event.type)}, ${statement.param(event.aggregateType)}, ${statement.param(event.aggregateId, 'uuid')},
                ${statement.json(event.actor)}, ${payload}, ${handledNow ? 'now()' : 'NULL'}
           FROM "${options.after}" a
         RETURNING "id", "occurredAt", "payload"`,
      )
      .output(`${step}_id`, `SELECT "id" FROM "${step}"`)
      .output(`${step}_occurredAt`, `SELECT "occurredAt" FROM "${step}"`)
      .output(`${step}_payload`, `SELECT "payload" FROM "${step}"`);
    return (row) => {
      const occurredAt = row[`${step}_occurredAt`] as Date;
      return Object.assign(new OutboxEvent(), event, {
        id: row[`${step}_id`] as string,
        seq: null,
        occurredAt,
        payload: row[`${step}_payload`] as PayloadOf<T>,
        handledAt: handledNow ? occurredAt : null,
      });
    };
  }

  /**
   * `appendWithin` for a step that may return any number of rows: one event per row of step
   * `from` (say, one per product whose stock crossed a threshold), each with its aggregate id and
   * every payload field taken from that row (`payload` maps each field to an SQL expression over
   * the row, aliased `a`). Returns how to read the written events from the statement's result row.
   */
  appendEachWithin<T extends EventType>(
    statement: WriteStatement,
    event: Omit<NewEvent<T>, 'aggregateId' | 'payload'>,
    options: { from: string; aggregateId: string; payload: { [K in keyof PayloadOf<T>]-?: string } },
  ): (row: Record<string, unknown>) => OutboxEvent[] {
    const step = `events_${event.type.replace(/\W/g, '_')}`;
    const fields = Object.entries<string>(options.payload).map(([field, sql]) => `'${field}', ${sql}`);
    // Events nobody in-process listens to are handled the moment they exist.
    const handledNow = this.deliveries.handlersOf(event.type).length === 0;
    statement
      .step(
        step,
        `INSERT INTO "events" ("type", "aggregateType", "aggregateId", "actor", "payload", "handledAt")
         SELECT ${statement.param(event.type)}, ${statement.param(event.aggregateType)}, ${options.aggregateId},
                ${statement.json(event.actor)}, jsonb_build_object(${fields.join(', ')}), ${handledNow ? 'now()' : 'NULL'}
           FROM "${options.from}" a
         RETURNING "id", "aggregateId", "occurredAt", "payload"`,
      )
      .output(step, `SELECT json_agg(e) FROM "${step}" e`);
    return (row) =>
      ((row[step] ?? []) as WrittenEvent<T>[]).map((written) => {
        const occurredAt = new Date(written.occurredAt);
        return Object.assign(new OutboxEvent(), event, {
          id: written.id,
          aggregateId: written.aggregateId,
          seq: null,
          occurredAt,
          payload: written.payload,
          handledAt: handledNow ? occurredAt : null,
        });
      });
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

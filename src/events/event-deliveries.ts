import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AggregateType } from './event-types';

/**
 * Which in-process handlers must see which events, and which have. A handler registers once (at
 * module init) and records each event it finished — in the transaction of its own effect where it
 * has one. The relay marks, in one statement per pass, the events whose handlers all recorded them,
 * and hands the others to the handlers again.
 */
@Injectable()
export class EventDeliveries {
  private readonly handlers = new Map<AggregateType, Set<string>>();

  constructor(private readonly dataSource: DataSource) {}

  register(handler: string, aggregateTypes: AggregateType[]): void {
    for (const type of aggregateTypes) {
      const set = this.handlers.get(type) ?? new Set<string>();
      set.add(handler);
      this.handlers.set(type, set);
    }
  }

  handlersOf(aggregateType: AggregateType): string[] {
    return [...(this.handlers.get(aggregateType) ?? [])];
  }

  async record(eventId: string, handler: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO "event_deliveries" ("eventId", "handler") VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [eventId, handler],
    );
  }

  /** Marks every unhandled event whose required handlers have all recorded it. */
  async markHandled(): Promise<void> {
    for (const [aggregateType, handlers] of this.handlers) {
      const required = [...handlers];
      await this.dataSource.query(
        `UPDATE "events" e SET "handledAt" = now()
          WHERE e."handledAt" IS NULL AND e."aggregateType" = $1
            AND (SELECT count(*) FROM "event_deliveries" d WHERE d."eventId" = e."id" AND d."handler" = ANY($2::varchar[])) >= $3`,
        [aggregateType, required, required.length],
      );
    }
  }
}

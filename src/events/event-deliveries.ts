import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AggregateType } from './event-types';

/**
 * Which in-process handlers must see which events, and which have. A handler registers once
 * (at module init) and records each event it finished, in the transaction of its own effect
 * where it has one. An event whose handlers all recorded it is marked handled; the relay
 * re-delivers the others.
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

  async record(eventId: string, aggregateType: AggregateType, handler: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO "event_deliveries" ("eventId", "handler") VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [eventId, handler],
    );
    if (!manager) await this.markHandledIfComplete(eventId, aggregateType);
  }

  /**
   * Call after the recording transaction committed. Each handler checks after its own commit, so
   * the last one to commit always sees every delivery.
   */
  async markHandledIfComplete(eventId: string, aggregateType: AggregateType): Promise<void> {
    const required = this.handlersOf(aggregateType);
    await this.dataSource.query(
      `UPDATE "events" SET "handledAt" = now()
        WHERE "id" = $1 AND "handledAt" IS NULL
          AND (SELECT count(*) FROM "event_deliveries" WHERE "eventId" = $1 AND "handler" = ANY($2::varchar[])) >= $3`,
      [eventId, required, required.length],
    );
  }
}

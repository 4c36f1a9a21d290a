import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AFTER_COMMIT_LINGER_MS, GroupCommit } from '../common/group-commit';
import type { WriteStatement } from '../database/write-statement';
import type { EventType } from './event-types';
import { preparedQuery } from '../database/prepared-query';

/**
 * Which in-process handlers must see which event types, and which have seen which events. A handler
 * registers once (at module init, through `RecordedEventHandler`) and records each event it
 * finished — in the transaction of its own effect where it has one. The relay marks, once per pass,
 * the events whose handlers all recorded them, and hands the others to the handlers again.
 */
@Injectable()
export class EventDeliveries {
  private readonly handlers = new Map<EventType, Set<string>>();
  /** Records made outside a transaction go to the database in batches: one statement per batch. */
  private readonly batches = new GroupCommit<{ eventId: string; handler: string }>(
    async (records) => {
      await preparedQuery(
        this.dataSource.manager,
        `INSERT INTO "event_deliveries" ("eventId", "handler") SELECT * FROM unnest($1::uuid[], $2::varchar[]) ON CONFLICT DO NOTHING`,
        [records.map((r) => r.eventId), records.map((r) => r.handler)],
      );
    },
    { lingerMs: AFTER_COMMIT_LINGER_MS },
  );

  constructor(private readonly dataSource: DataSource) {}

  register(handler: string, eventTypes: EventType[]): void {
    for (const type of eventTypes) {
      const set = this.handlers.get(type) ?? new Set<string>();
      set.add(handler);
      this.handlers.set(type, set);
    }
  }

  handlersOf(eventType: EventType): string[] {
    return [...(this.handlers.get(eventType) ?? [])];
  }

  async record(eventId: string, handler: string, manager?: EntityManager): Promise<void> {
    if (!manager) return this.batches.add({ eventId, handler });
    await manager.query(`INSERT INTO "event_deliveries" ("eventId", "handler") VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      eventId,
      handler,
    ]);
  }

  /** `record` for many events as one step of the caller's statement, committed with the handler's effect. */
  recordWithin(statement: WriteStatement, eventIds: readonly string[], handler: string): void {
    statement.step(
      `recorded_${handler.replace(/\W/g, '_')}`,
      `INSERT INTO "event_deliveries" ("eventId", "handler")
       SELECT "id", ${statement.param(handler, 'varchar')} FROM unnest(${statement.param([...new Set(eventIds)], 'uuid[]')}) AS e("id")
       ON CONFLICT DO NOTHING`,
    );
  }

  /**
   * Marks every unhandled event whose required handlers have all recorded it: one statement per set
   * of handlers. The rows are locked in `("occurredAt", "id")` order, as the relay's sequencing
   * locks them, so two instances marking and sequencing at once never deadlock.
   */
  async markHandled(): Promise<void> {
    for (const { types, handlers } of this.groups()) {
      await preparedQuery(
        this.dataSource.manager,
        `UPDATE "events" e SET "handledAt" = now()
           FROM (SELECT u."id" FROM "events" u
                  WHERE u."handledAt" IS NULL AND u."type" = ANY($1::varchar[])
                    AND (SELECT count(*) FROM "event_deliveries" d WHERE d."eventId" = u."id" AND d."handler" = ANY($2::varchar[])) >= $3
                  ORDER BY u."occurredAt", u."id" FOR NO KEY UPDATE) done
          WHERE e."id" = done."id"`,
        [types, handlers, handlers.length],
      );
    }
  }

  /** Event types grouped by the exact set of handlers they need. */
  private groups(): Array<{ types: EventType[]; handlers: string[] }> {
    const byHandlers = new Map<string, { types: EventType[]; handlers: string[] }>();
    for (const [type, set] of this.handlers) {
      const handlers = [...set].sort();
      const key = handlers.join('\n');
      const group = byHandlers.get(key) ?? { types: [], handlers };
      group.types.push(type);
      byHandlers.set(key, group);
    }
    return [...byHandlers.values()];
  }
}

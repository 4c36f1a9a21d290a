import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS_CLIENT, RedisClient } from '../redis/redis.module';
import { OutboxEvent } from './entities/outbox-event.entity';
import { toDomainEvent } from './event-catalogue';
import { EventDeliveries } from './event-deliveries';

/** Key of the transaction-level advisory lock that makes one instance at a time sequence and stream. */
const RELAY_LOCK = 7_400_001;
const BATCH = 500;
type Pass = 'sequence' | 'full' | 'startup';
const PASS_RANK: Record<Pass | 'none', number> = { none: 0, sequence: 1, full: 2, startup: 3 };
/** Minimum pause between a pass and the follow-up asked for while it ran. */
const KICK_GAP_MS = 25;

/**
 * Runs after commits (kicked) and periodically, on every instance:
 * 1. sequences committed events: gives them the next `seq` values under an advisory lock, so the
 *    feed is gap-free and a poller reading `?after=` never skips a transaction that committed late;
 * 2. with EVENTS_STREAM=redis, appends sequenced events to the Redis stream with the explicit entry
 *    id `<seq>-0`: Redis refuses an id it already has, so a crash between XADD and commit (or two
 *    instances) never duplicates an entry;
 * 3. (on its interval) marks the events whose handlers all recorded them, and re-delivers to the
 *    EventBus any other that is older than EVENTS_REDELIVER_AFTER_MS (a crash between commit and
 *    handler, or a failing handler). Handlers are idempotent.
 */
@Injectable()
export class EventRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private pending: Pass | 'none' = 'none';
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    private readonly deliveries: EventDeliveries,
  ) {}

  onApplicationBootstrap(): void {
    // At start-up everything unhandled is re-delivered at once: it survived a crash or a restart.
    this.schedule('startup');
    this.timer = setInterval(() => this.schedule('full'), this.config.eventsRelayIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * After a commit: sequence (and stream) soon. Kicks that arrive while a pass runs fold into one
   * follow-up pass, started at least KICK_GAP_MS later, so a busy instance sequences in batches
   * instead of once per order.
   */
  kick(): void {
    this.schedule('sequence');
  }

  /** Runs a pass unless one is running; otherwise remembers the most thorough pass asked for since. */
  private schedule(pass: Pass): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = PASS_RANK[pass] > PASS_RANK[this.pending] ? pass : this.pending;
      return;
    }
    const work = pass === 'sequence' ? this.sequenceAndStream() : this.runOnce({ redeliverAll: pass === 'startup' });
    this.running = work
      .catch((error: unknown) => {
        if (!this.stopped) this.logger.warn(`relay pass failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
        const next = this.pending;
        this.pending = 'none';
        if (next !== 'none') setTimeout(() => this.schedule(next), KICK_GAP_MS).unref();
      });
  }

  /** One pass; also called directly by tests and at start-up. */
  async runOnce(options: { redeliverAll: boolean }): Promise<void> {
    await this.sequenceAndStream();
    await this.deliveries.markHandled();
    await this.redeliver(options.redeliverAll);
  }

  /** Committed events not yet fully handled, sequenced or streamed (reported by /api/v1/health). */
  async backlog(): Promise<number> {
    const streaming = this.streamingEnabled();
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM "events"
        WHERE "handledAt" IS NULL OR "seq" IS NULL ${streaming ? `OR "streamedAt" IS NULL` : ''}`,
    )) as Array<{ n: number }>;
    return row.n;
  }

  private streamingEnabled(): boolean {
    return this.config.eventsStream === 'redis' && this.redis !== null;
  }

  private async sequenceAndStream(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [RELAY_LOCK])) as Array<{ locked: boolean }>;
      if (!locked) return; // another instance is relaying right now
      await this.sequence(manager);
      if (this.streamingEnabled()) await this.stream(manager);
    });
  }

  private async sequence(manager: EntityManager): Promise<void> {
    for (;;) {
      const result = (await manager.query(
        `WITH next AS (
           SELECT "id", row_number() OVER (ORDER BY "occurredAt", "id") AS n
             FROM "events" WHERE "seq" IS NULL ORDER BY "occurredAt", "id" LIMIT ${BATCH}
         ), base AS (SELECT coalesce(max("seq"), 0) AS s FROM "events")
         UPDATE "events" e SET "seq" = base.s + next.n FROM next, base WHERE e."id" = next."id"
         RETURNING e."id"`,
      )) as [unknown[], number];
      const affected = Array.isArray(result[0]) ? result[0].length : 0;
      if (affected < BATCH) return;
    }
  }

  private async stream(manager: EntityManager): Promise<void> {
    const redis = this.redis!;
    const rows = await manager.query<OutboxEvent[]>(
      `SELECT * FROM "events" WHERE "streamedAt" IS NULL AND "seq" IS NOT NULL ORDER BY "seq" LIMIT ${BATCH}`,
    );
    const streamed: string[] = [];
    for (const row of rows) {
      try {
        await redis.xAdd(this.config.eventsStreamKey, `${row.seq}-0`, {
          id: row.id,
          seq: String(row.seq),
          type: row.type,
          aggregateType: row.aggregateType,
          aggregateId: row.aggregateId,
          occurredAt: new Date(row.occurredAt).toISOString(),
          actor: JSON.stringify(row.actor),
          payload: JSON.stringify(row.payload),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // Already on the stream (an earlier pass added it but did not commit): not an error.
        if (!/equal or smaller than the target stream top item/i.test(message)) {
          this.logger.warn(`Redis stream append stopped at seq ${row.seq}: ${message}`);
          break;
        }
      }
      streamed.push(row.id);
    }
    if (streamed.length > 0) {
      await manager.query(`UPDATE "events" SET "streamedAt" = now() WHERE "id" = ANY($1::uuid[])`, [streamed]);
    }
  }

  private async redeliver(all: boolean): Promise<void> {
    const rows = await this.dataSource.getRepository(OutboxEvent).query(
      `SELECT * FROM "events" WHERE "handledAt" IS NULL
          ${all ? '' : `AND "occurredAt" < now() - ($1::int * interval '1 millisecond')`}
        ORDER BY "occurredAt", "id" LIMIT ${BATCH}`,
      all ? [] : [this.config.eventsRedeliverAfterMs],
    );
    if (rows.length === 0) return;
    const events = rows.map((row: Record<string, unknown>) => toOutboxEvent(row));
    this.logger.log(`re-delivering ${events.length} event(s) whose handlers have not all recorded them`);
    for (const event of events) this.eventBus.publish(toDomainEvent(event));
  }
}

/** A raw `SELECT *` row as the entity (bigint arrives as a string). */
export function toOutboxEvent(row: Record<string, unknown>): OutboxEvent {
  return Object.assign(new OutboxEvent(), row, { seq: row.seq === null || row.seq === undefined ? null : Number(row.seq) });
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxEvent } from './entities/outbox-event.entity';
import { toDomainEvent } from './event-catalogue';
import { EventDeliveries } from './event-deliveries';
import { RelayFault } from './relay-fault';
import { EVENT_SINKS, EventSink } from './sinks/event-sink';
import { preparedQuery } from '../database/prepared-query';

/** Key of the transaction-level advisory lock that makes one instance at a time sequence. */
const RELAY_LOCK = 7_400_001;
const BATCH = 500;
type Pass = 'sequence' | 'full' | 'startup';
const PASS_RANK: Record<Pass | 'none', number> = { none: 0, sequence: 1, full: 2, startup: 3 };
/** Minimum pause between a pass and the follow-up asked for while it ran. */
const KICK_GAP_MS = 100;

/**
 * Runs after commits (kicked) and periodically, on every instance:
 * 1. sequences committed events: gives them the next `seq` values under an advisory lock, in a
 *    transaction of its own that commits before anything is delivered — a `seq` once handed out is
 *    never handed out again, whatever fails later — so the feed is gap-free and a poller reading
 *    `?after=` never skips a transaction that committed late;
 * 2. delivers the sequenced events to each configured sink (the Redis stream, Kafka) after the
 *    sink's cursor (`event_sink_cursors`), in `seq` order, one instance per sink at a time (the
 *    cursor row is locked with SKIP LOCKED), and moves the cursor in the same transaction. A crash
 *    between a delivery and that commit makes the next pass deliver the same events again; each
 *    sink recognises what it already holds (see RedisStreamSink) or is at-least-once (Kafka);
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
  private readonly fault: RelayFault | null;
  /** Sinks whose cursor row is known to exist. */
  private readonly cursorsCreated = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_SINKS) private readonly sinks: EventSink[],
    private readonly deliveries: EventDeliveries,
  ) {
    this.fault = config.relayFault ? new RelayFault(config.relayFault) : null;
  }

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
    await Promise.all(this.sinks.map((sink) => sink.close?.()));
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

  /** Committed events not yet fully handled, sequenced or delivered to every sink (reported by /api/v1/health). */
  async backlog(): Promise<number> {
    const sinks = this.sinks.map((sink) => sink.name);
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM "events" e
        WHERE e."handledAt" IS NULL OR e."seq" IS NULL
          ${sinks.length > 0 ? `OR e."seq" > (SELECT min(coalesce(c."seq", 0)) FROM unnest($1::varchar[]) s("name") LEFT JOIN "event_sink_cursors" c ON c."sink" = s."name")` : ''}`,
      sinks.length > 0 ? [sinks] : [],
    )) as Array<{ n: number }>;
    return row.n;
  }

  /**
   * Events the sink `name` does not hold yet: the unsequenced ones plus those after its cursor (the
   * feed is gap-free, both counts run on indexes). Null when the sink is not configured.
   */
  async sinkBacklog(name: string): Promise<number | null> {
    if (!this.sinks.some((sink) => sink.name === name)) return null;
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM "events" WHERE "seq" IS NULL)::int
            + (SELECT count(*) FROM "events"
                WHERE "seq" > coalesce((SELECT "seq" FROM "event_sink_cursors" WHERE "sink" = $1), 0))::int AS n`,
      [name],
    )) as Array<{ n: number }>;
    return row.n;
  }

  /** Whether the sink `name` is reachable now; `disabled` when it is not configured. */
  async sinkStatus(name: string): Promise<'up' | 'down' | 'disabled'> {
    const sink = this.sinks.find((s) => s.name === name);
    if (!sink) return 'disabled';
    return sink.status ? sink.status() : 'up';
  }

  private async sequenceAndStream(): Promise<void> {
    await this.sequence();
    for (const sink of this.sinks) await this.deliverTo(sink);
  }

  /**
   * Gives committed events their `seq`, one committed transaction per batch. The rows are locked in
   * `("occurredAt", "id")` order, the order the handled-marking locks them in, so the two never
   * deadlock.
   */
  private async sequence(): Promise<void> {
    for (;;) {
      const affected = await this.dataSource.transaction(async (manager) => {
        const [{ locked }] = await preparedQuery<{ locked: boolean }>(manager, `SELECT pg_try_advisory_xact_lock($1) AS locked`, [
          RELAY_LOCK,
        ]);
        if (!locked) return 0; // another instance is sequencing right now
        const sequenced = await preparedQuery(
          manager,
          `WITH next AS (
             SELECT "id", row_number() OVER (ORDER BY "occurredAt", "id") AS n
               FROM (SELECT "id", "occurredAt" FROM "events" WHERE "seq" IS NULL
                      ORDER BY "occurredAt", "id" LIMIT ${BATCH} FOR NO KEY UPDATE) unsequenced
           ), base AS (SELECT coalesce(max("seq"), 0) AS s FROM "events")
           UPDATE "events" e SET "seq" = base.s + next.n FROM next, base WHERE e."id" = next."id"
           RETURNING e."id"`,
        );
        return sequenced.length;
      });
      if (affected < BATCH) return;
    }
  }

  /**
   * Delivers the events after the sink's cursor, a batch per transaction: lock the cursor row (or
   * leave it to the instance holding it), read the batch, deliver it, move the cursor over what the
   * sink took, commit.
   */
  private async deliverTo(sink: EventSink): Promise<void> {
    if (!this.cursorsCreated.has(sink.name)) {
      await this.dataSource.query(`INSERT INTO "event_sink_cursors" ("sink") VALUES ($1) ON CONFLICT DO NOTHING`, [sink.name]);
      this.cursorsCreated.add(sink.name);
    }
    for (;;) {
      const more = await this.dataSource.transaction(async (manager) => {
        const rows = await preparedQuery<Record<string, unknown>>(
          manager,
          `WITH c AS (SELECT "seq" FROM "event_sink_cursors" WHERE "sink" = $1 FOR UPDATE SKIP LOCKED)
           SELECT e.* FROM c JOIN "events" e ON e."seq" > c."seq" ORDER BY e."seq" LIMIT ${BATCH}`,
          [sink.name],
        );
        if (rows.length === 0 || this.stopped) return false;
        const events = rows.map(toOutboxEvent);
        const delivered = await sink.deliver(events);
        await this.fault?.beforeCommit(sink.name, delivered);
        if (delivered === 0) return false;
        await preparedQuery(
          manager,
          `UPDATE "event_sink_cursors" SET "seq" = greatest("seq", $2), "updatedAt" = now() WHERE "sink" = $1`,
          [sink.name, events[delivered - 1].seq],
        );
        return delivered === BATCH;
      });
      if (!more) return;
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

import type { OutboxEvent } from '../entities/outbox-event.entity';

/**
 * A destination the relay copies the sequenced feed to (the Redis stream, Kafka). Each sink has a
 * cursor in `event_sink_cursors`: the relay hands it the events after its cursor, in `seq` order,
 * and moves the cursor over the ones it answers as delivered.
 */
export interface EventSink {
  /** Its cursor's name (`redis`, `kafka`). */
  readonly name: string;
  /**
   * Delivers `events` (consecutive `seq` values, ascending) in that order, and answers how many of
   * them, from the first, the destination now holds. An event the destination already holds (a
   * pass that delivered it but did not commit its cursor) counts as delivered. An unavailable
   * destination is not an error: it answers how far it got (0 at worst) and the relay tries again.
   */
  deliver(events: OutboxEvent[]): Promise<number>;
  /** Whether the destination is reachable now (for /api/v1/health); a sink without it counts as `up`. */
  status?(): Promise<'up' | 'down'>;
  /** Releases its connections at shutdown, after the relay's last pass. */
  close?(): Promise<void>;
}

/** The DI token of the configured sinks (an array, empty with EVENTS_STREAMS=none). */
export const EVENT_SINKS = Symbol('EVENT_SINKS');

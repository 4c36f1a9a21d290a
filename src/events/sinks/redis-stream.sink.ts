import { Logger } from '@nestjs/common';
import type { RedisClient } from '../../redis/redis.module';
import type { OutboxEvent } from '../entities/outbox-event.entity';
import type { EventSink } from './event-sink';

/**
 * The Redis stream sink: one entry per event with the explicit id `<seq>-0`, so the stream's order
 * is the feed's. Redis refuses an id not above its top entry; when it does, the entry at that id is
 * read back and counts as this event only if it carries this event's id — an entry of another event
 * there (a stream shared with another database, say) stops the sink with an error instead of being
 * taken for delivered.
 */
export class RedisStreamSink implements EventSink {
  readonly name = 'redis';
  private readonly logger = new Logger('RedisStreamSink');
  private lastProblem = '';

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
  ) {}

  async deliver(events: OutboxEvent[]): Promise<number> {
    let delivered = 0;
    try {
      for (const event of events) {
        if (!(await this.append(event))) break;
        delivered++;
      }
      this.lastProblem = '';
    } catch (error) {
      this.report(
        `Redis stream append stopped at seq ${events[delivered]?.seq}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return delivered;
  }

  /** Appends one event; true when the stream holds it afterwards. */
  private async append(event: OutboxEvent): Promise<boolean> {
    const id = `${event.seq}-0`;
    try {
      await this.redis.xAdd(this.key, id, toStreamFields(event));
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!/equal or smaller than the target stream top item/i.test(message)) throw error;
    }
    const [entry] = await this.redis.xRange(this.key, id, id);
    if (entry?.message.id === event.id) return true;
    this.report(
      entry
        ? `stream ${this.key} holds event ${entry.message.id} at ${id}, where event ${event.id} belongs: not streaming further`
        : `stream ${this.key} has entries above ${id} but none at ${id} (trimmed, or written by someone else): not streaming further`,
    );
    return false;
  }

  private report(problem: string): void {
    if (problem !== this.lastProblem) this.logger.warn(problem);
    this.lastProblem = problem;
  }
}

/** The entry's fields: the feed's event, `actor` and `payload` as JSON. */
export function toStreamFields(event: OutboxEvent): Record<string, string> {
  return {
    id: event.id,
    seq: String(event.seq),
    type: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    occurredAt: new Date(event.occurredAt).toISOString(),
    actor: JSON.stringify(event.actor),
    payload: JSON.stringify(event.payload),
  };
}

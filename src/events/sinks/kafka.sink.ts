import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import type { OutboxEvent } from '../entities/outbox-event.entity';
import type { EventSink } from './event-sink';

export interface KafkaSinkOptions {
  brokers: string[];
  clientId: string;
  /** `per-type`: one topic per event type (`<prefix>order.created`, …); `single`: every event on `topic`. */
  topics: 'per-type' | 'single';
  topic: string;
  topicPrefix: string;
  sasl: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string } | null;
  tls: { caFile: string | null } | null;
}

/**
 * The Kafka sink: each event once on its topic, key = the aggregate id (one order's events stay on
 * one partition, in order), value = the feed's JSON, headers `event-id`, `event-type`, `seq`. The
 * producer is idempotent with acks from all in-sync replicas, so its own retries never duplicate;
 * the relay moves the sink's cursor only over a batch Kafka acknowledged. A crash between that
 * acknowledgement and the cursor's commit sends the batch again (at least once): consumers
 * deduplicate by the `event-id` header.
 *
 * A failed send may still have been written (the broker went away before its acknowledgement), and
 * the producer does not advance its sequence numbers for it. So the failed batch is re-sent exactly
 * as it was — same events, same sequence numbers — before anything newer: the broker recognises a
 * batch it already holds and acknowledges it without writing it twice. Re-sending a different batch
 * from the same sequence number would be refused as out of order, for ever. Should the broker still
 * refuse the producer's sequence (it lost data, or the batch could not be kept), a new producer
 * takes over: at least once from there, never stuck.
 */
export class KafkaSink implements EventSink {
  readonly name = 'kafka';
  private readonly logger = new Logger('KafkaSink');
  private producer: Producer<string, string, string, string>;
  private readonly producerOptions: ConstructorParameters<typeof Producer<string, string, string, string>>[0];
  /** Ids of the batch whose send failed, to be re-sent as it was (see above); null when none. */
  private unsettled: string[] | null = null;
  /** A connection of its own for the health probe, so probing never waits behind (or disturbs) the producer. */
  private readonly prober: Admin;
  private lastProblem = '';
  /** Whether the last delivery reached the broker (null before the first). */
  private reachable: boolean | null = null;

  constructor(private readonly options: KafkaSinkOptions) {
    const connection = {
      clientId: options.clientId,
      bootstrapBrokers: options.brokers,
      ...(options.sasl ? { sasl: options.sasl } : {}),
      ...(options.tls ? { tls: options.tls.caFile ? { ca: readFileSync(options.tls.caFile) } : {} } : {}),
    };
    this.prober = new Admin({ ...connection, connectTimeout: 1000, requestTimeout: 1000, timeout: 1000, retries: 0 });
    this.producerOptions = {
      ...connection,
      serializers: stringSerializers,
      idempotent: true,
      acks: -1,
      autocreateTopics: true,
      // Fail a delivery within seconds while the broker is away: the relay holds its cursor row meanwhile.
      connectTimeout: 3000,
      requestTimeout: 10_000,
      timeout: 10_000,
      retries: 2,
      retryDelay: 250,
    };
    this.producer = new Producer(this.producerOptions);
  }

  topicOf(event: Pick<OutboxEvent, 'type'>): string {
    return this.options.topics === 'single' ? this.options.topic : `${this.options.topicPrefix}${event.type}`;
  }

  async deliver(pending: OutboxEvent[]): Promise<number> {
    let events = pending;
    if (this.unsettled) {
      const again = this.unsettled;
      if (pending.length >= again.length && again.every((id, i) => pending[i].id === id)) events = pending.slice(0, again.length);
      else {
        // The cursor moved past it some other way (another instance delivered): start a fresh sequence.
        this.logger.warn('the unsettled Kafka batch is no longer next: starting a new producer');
        await this.renewProducer();
      }
    }
    try {
      await this.producer.send({
        messages: events.map((event) => ({
          topic: this.topicOf(event),
          key: event.aggregateId,
          value: JSON.stringify(toFeedJson(event)),
          headers: { 'event-id': event.id, 'event-type': event.type, seq: String(event.seq) },
        })),
      });
      if (this.lastProblem) this.logger.log('Kafka reachable again');
      this.lastProblem = '';
      this.reachable = true;
      this.unsettled = null;
      return events.length;
    } catch (error) {
      this.reachable = false;
      if (refusesSequence(error)) {
        this.logger.warn(`Kafka refused the producer's sequence (${describe(error)}): starting a new producer`);
        await this.renewProducer();
      } else {
        this.unsettled = events.map((event) => event.id);
      }
      const problem = `Kafka delivery from seq ${events[0]?.seq} failed: ${describe(error)}`;
      if (problem !== this.lastProblem) this.logger.warn(problem);
      this.lastProblem = problem;
      return 0;
    }
  }

  private async renewProducer(): Promise<void> {
    this.unsettled = null;
    const old = this.producer;
    this.producer = new Producer(this.producerOptions);
    await old.close().catch(() => undefined);
  }

  /**
   * For /api/v1/health: `down` when the last delivery failed or a broker does not answer an
   * ApiVersions request now (1 s budget), `up` otherwise.
   */
  async status(): Promise<'up' | 'down'> {
    if (this.reachable === false) return 'down';
    try {
      await this.prober.listApis();
      return 'up';
    } catch {
      return 'down';
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.producer.close().catch(() => undefined), this.prober.close().catch(() => undefined)]);
  }
}

/** The event as GET /api/v1/events shows it. */
export function toFeedJson(event: OutboxEvent): Record<string, unknown> {
  return {
    id: event.id,
    seq: event.seq,
    type: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    occurredAt: new Date(event.occurredAt).toISOString(),
    actor: event.actor,
    payload: event.payload,
  };
}

/** The broker no longer accepts this producer's sequence: only a new producer id gets past it. */
function refusesSequence(error: unknown): boolean {
  const found = (error as { findBy?: (property: string, value: unknown) => unknown }).findBy;
  if (typeof found !== 'function') return false;
  return ['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH'].some((id) =>
    Boolean(found.call(error, 'apiId', id)),
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = (error as Error & { errors?: unknown[] }).errors;
  const first = Array.isArray(nested) && nested[0] instanceof Error ? `: ${nested[0].message}` : '';
  return `${error.message}${first}`;
}

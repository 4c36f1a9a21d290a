import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigError, defineConfigSlice, toBool, toInt } from '../config/config-slice';
import { parseRelayFault, RELAY_FAULT_PATTERN } from './relay-fault';

const SINKS = ['redis', 'kafka'] as const;
export type SinkName = (typeof SINKS)[number];
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,200}$/;

/** The outbox relay and its sinks: the Redis stream and Kafka. */
class EventsVariables {
  /** One sink (the older form of EVENTS_STREAMS). */
  @IsOptional()
  @IsIn(['none', ...SINKS])
  EVENTS_STREAM?: string;

  /** Comma-separated sinks, e.g. `redis,kafka`; wins over EVENTS_STREAM. */
  @IsOptional()
  @Matches(/^(none|(redis|kafka)(,(redis|kafka))*)$/)
  EVENTS_STREAMS?: string;

  /** Comma-separated `host:port` bootstrap brokers. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.[\]:_-]+:\d{1,5}(,[A-Za-z0-9.[\]:_-]+:\d{1,5})*$/)
  KAFKA_BROKERS?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/)
  KAFKA_CLIENT_ID?: string;

  @IsOptional()
  @IsIn(['per-type', 'single'])
  KAFKA_TOPICS?: string;

  @IsOptional()
  @Matches(TOPIC_NAME)
  KAFKA_TOPIC?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{0,100}$/)
  KAFKA_TOPIC_PREFIX?: string;

  @IsOptional()
  @IsIn(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])
  KAFKA_SASL_MECHANISM?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  KAFKA_TLS?: boolean;

  @IsOptional()
  @IsString()
  KAFKA_TLS_CA_FILE?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/)
  EVENTS_STREAM_KEY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  EVENTS_RELAY_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3600000)
  EVENTS_REDELIVER_AFTER_MS?: number;

  /** Test-only fault injection in the relay (see relay-fault.ts); refused unless NODE_ENV=test. */
  @IsOptional()
  @Matches(RELAY_FAULT_PATTERN)
  RELAY_FAULT?: string;
}

export const eventsConfig = defineConfigSlice({
  variables: EventsVariables,
  build: (v, { raw, env }) => {
    if (v.RELAY_FAULT && env !== 'test') {
      throw new ConfigError(
        `Invalid environment variable RELAY_FAULT=${JSON.stringify(v.RELAY_FAULT)}: fault injection is for NODE_ENV=test only`,
      );
    }
    const variable = v.EVENTS_STREAMS !== undefined ? 'EVENTS_STREAMS' : 'EVENTS_STREAM';
    const listed = (v.EVENTS_STREAMS ?? v.EVENTS_STREAM ?? 'none').split(',').filter((s) => s !== 'none') as SinkName[];
    const eventsStreams = [...new Set(listed)];
    if (eventsStreams.includes('redis') && !raw.REDIS_URL) {
      throw new ConfigError(`Invalid environment variable ${variable}=${JSON.stringify(raw[variable])}: redis needs REDIS_URL`);
    }
    if (eventsStreams.includes('kafka') && !v.KAFKA_BROKERS) {
      throw new ConfigError(
        `Invalid environment variable ${variable}=${JSON.stringify(raw[variable])}: kafka needs KAFKA_BROKERS`,
      );
    }
    if (v.KAFKA_SASL_MECHANISM && (!v.KAFKA_SASL_USERNAME || !v.KAFKA_SASL_PASSWORD)) {
      throw new ConfigError(
        'Missing environment variable KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM',
      );
    }
    return {
      /** The sinks the relay copies every event to, once each: the Redis stream, Kafka. */
      eventsStreams,
      eventsStreamKey: v.EVENTS_STREAM_KEY ?? 'orders.events',
      eventsRelayIntervalMs: v.EVENTS_RELAY_INTERVAL_MS ?? 1000,
      /** An event not fully handled this long after it occurred is handed to the handlers again. */
      eventsRedeliverAfterMs: v.EVENTS_REDELIVER_AFTER_MS ?? 5000,
      relayFault: parseRelayFault(v.RELAY_FAULT),
      kafka: {
        brokers: (v.KAFKA_BROKERS ?? '').split(',').filter(Boolean),
        clientId: v.KAFKA_CLIENT_ID ?? 'order-api',
        topics: (v.KAFKA_TOPICS ?? 'per-type') as 'per-type' | 'single',
        topic: v.KAFKA_TOPIC ?? 'orders.events',
        topicPrefix: v.KAFKA_TOPIC_PREFIX ?? '',
        sasl: v.KAFKA_SASL_MECHANISM
          ? {
              mechanism: v.KAFKA_SASL_MECHANISM as 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512',
              username: v.KAFKA_SASL_USERNAME!,
              password: v.KAFKA_SASL_PASSWORD!,
            }
          : null,
        tls: v.KAFKA_TLS ? { caFile: v.KAFKA_TLS_CA_FILE ?? null } : null,
      },
    };
  },
});

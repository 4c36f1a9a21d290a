import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigError, defineConfigSlice, toInt } from '../config/config-slice';
import { parseRelayFault, RELAY_FAULT_PATTERN } from './relay-fault';

/** The outbox relay and the Redis stream. */
class EventsVariables {
  @IsOptional()
  @IsIn(['none', 'redis'])
  EVENTS_STREAM?: string;

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
    if (v.EVENTS_STREAM === 'redis' && !raw.REDIS_URL) {
      throw new ConfigError('Invalid environment variable EVENTS_STREAM="redis": needs REDIS_URL');
    }
    return {
      /** `redis`: the relay also appends every event once to the Redis stream `eventsStreamKey`. */
      eventsStream: (v.EVENTS_STREAM as 'none' | 'redis' | undefined) ?? 'none',
      eventsStreamKey: v.EVENTS_STREAM_KEY ?? 'orders.events',
      eventsRelayIntervalMs: v.EVENTS_RELAY_INTERVAL_MS ?? 1000,
      /** An event not fully handled this long after it occurred is handed to the handlers again. */
      eventsRedeliverAfterMs: v.EVENTS_REDELIVER_AFTER_MS ?? 5000,
      relayFault: parseRelayFault(v.RELAY_FAULT),
    };
  },
});

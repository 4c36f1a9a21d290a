import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EVENT_BACKLOG_PROBE } from '../health/health.indicators';
import { Metrics } from '../metrics/metrics.service';
import { REDIS_CLIENT, RedisClient } from '../redis/redis.module';
import { OutboxEvent } from './entities/outbox-event.entity';
import { EventDeliveries } from './event-deliveries';
import { EventRelay } from './event-relay';
import { EventsController } from './events.controller';
import { EventOutbox } from './outbox.service';
import { ListEventsHandler } from './queries/list-events.handler';
import { EVENT_SINKS, EventSink } from './sinks/event-sink';
import { RedisStreamSink } from './sinks/redis-stream.sink';

/** The outbox, its relay (sequencing, sinks such as the Redis stream, re-delivery) and the /events feed. */
@Global()
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([OutboxEvent])],
  controllers: [EventsController],
  providers: [
    EventOutbox,
    EventDeliveries,
    EventRelay,
    ListEventsHandler,
    { provide: EVENT_BACKLOG_PROBE, useExisting: EventRelay },
    {
      provide: EVENT_SINKS,
      inject: [APP_CONFIG, REDIS_CLIENT],
      // The Kafka client is loaded only when a Kafka sink is configured: importing it compiles its
      // option schemas, about a second of CPU at every start otherwise.
      useFactory: (config: AppConfig, redis: RedisClient | null): EventSink[] => {
        const sinks: EventSink[] = [];
        for (const name of config.eventsStreams) {
          if (name === 'redis') {
            if (redis) sinks.push(new RedisStreamSink(redis, config.eventsStreamKey));
          } else {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { KafkaSink } = require('./sinks/kafka.sink') as typeof import('./sinks/kafka.sink.js');
            sinks.push(new KafkaSink(config.kafka));
          }
        }
        return sinks;
      },
    },
  ],
  exports: [EventOutbox, EventDeliveries, EventRelay, EVENT_BACKLOG_PROBE],
})
export class EventsModule {
  constructor(metrics: Metrics, relay: EventRelay) {
    metrics.gauge('events_backlog', 'Committed events not yet sequenced, handled or delivered to every sink', () =>
      relay.backlog().catch(() => null),
    );
  }
}

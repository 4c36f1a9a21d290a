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
import { KafkaSink } from './sinks/kafka.sink';
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
      useFactory: (config: AppConfig, redis: RedisClient | null): EventSink[] =>
        config.eventsStreams.flatMap((name): EventSink[] =>
          name === 'redis' ? (redis ? [new RedisStreamSink(redis, config.eventsStreamKey)] : []) : [new KafkaSink(config.kafka)],
        ),
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

import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EVENT_BACKLOG_PROBE } from '../health/health.indicators';
import { Metrics } from '../metrics/metrics.service';
import { OutboxEvent } from './entities/outbox-event.entity';
import { EventDeliveries } from './event-deliveries';
import { EventRelay } from './event-relay';
import { EventsController } from './events.controller';
import { EventOutbox } from './outbox.service';
import { ListEventsHandler } from './queries/list-events.handler';

/** The outbox, its relay (sequencing, Redis stream, re-delivery) and the /events feed. */
@Global()
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([OutboxEvent])],
  controllers: [EventsController],
  providers: [EventOutbox, EventDeliveries, EventRelay, ListEventsHandler, { provide: EVENT_BACKLOG_PROBE, useExisting: EventRelay }],
  exports: [EventOutbox, EventDeliveries, EventRelay, EVENT_BACKLOG_PROBE],
})
export class EventsModule {
  constructor(metrics: Metrics, relay: EventRelay) {
    metrics.gauge('events_backlog', 'Committed events not yet sequenced, handled or streamed', () => relay.backlog().catch(() => null));
  }
}

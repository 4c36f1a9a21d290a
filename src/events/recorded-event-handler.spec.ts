import { Injectable } from '@nestjs/common';
import { CqrsModule, EventBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import type { OutboxEvent } from './entities/outbox-event.entity';
import { EVENT_CLASSES, eventTypeOf, toDomainEvent } from './event-catalogue';
import { EventDeliveries } from './event-deliveries';
import { EVENT_TYPES } from './event-types';
import { DELIVERY_RECORDED, HandlesEvents, RecordedEventHandler } from './recorded-event-handler';
import { OrderCreatedEvent, OrderShippedEvent } from '../orders/events/order.events';

const row = (type: OutboxEvent['type'], id = `${type}-1`): OutboxEvent =>
  ({
    id,
    seq: null,
    type,
    aggregateType: 'order',
    aggregateId: 'a',
    actor: { id: null, role: 'system' },
    payload: {},
    occurredAt: new Date(),
  }) as unknown as OutboxEvent;

/** Keeps registrations and records in memory; the SQL side is covered by the e2e suites. */
class RecordingDeliveries {
  registered = new Map<string, string[]>();
  recorded: Array<[string, string]> = [];
  register(handler: string, types: string[]) {
    this.registered.set(handler, types);
  }
  async record(eventId: string, handler: string) {
    this.recorded.push([eventId, handler]);
  }
}

@Injectable()
@HandlesEvents(OrderShippedEvent)
class ShippedOnly extends RecordedEventHandler<OrderShippedEvent> {
  readonly handlerName = 'shipped-only';
  seen: string[] = [];
  failNext = false;
  constructor(deliveries: EventDeliveries) {
    super(deliveries);
  }
  async apply(event: OrderShippedEvent) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('simulated failure');
    }
    this.seen.push(event.id);
  }
}

@Injectable()
@HandlesEvents(OrderCreatedEvent, OrderShippedEvent)
class RecordsItself extends RecordedEventHandler<OrderCreatedEvent | OrderShippedEvent> {
  readonly handlerName = 'records-itself';
  seen: string[] = [];
  constructor(deliveries: EventDeliveries) {
    super(deliveries);
  }
  async apply(event: OrderCreatedEvent | OrderShippedEvent): Promise<typeof DELIVERY_RECORDED> {
    this.seen.push(event.id);
    return DELIVERY_RECORDED;
  }
}

describe('typed events', () => {
  it('has exactly one class per stored event type, and maps back', () => {
    expect(Object.keys(EVENT_CLASSES).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      const event = toDomainEvent(row(type));
      expect(event).toBeInstanceOf(EVENT_CLASSES[type]);
      expect(event.type).toBe(type);
      expect(eventTypeOf(EVENT_CLASSES[type])).toBe(type);
    }
  });

  describe('on the EventBus', () => {
    let bus: EventBus;
    let deliveries: RecordingDeliveries;
    let shipped: ShippedOnly;
    let both: RecordsItself;

    beforeEach(async () => {
      deliveries = new RecordingDeliveries();
      const moduleRef = await Test.createTestingModule({
        imports: [CqrsModule.forRoot()],
        providers: [ShippedOnly, RecordsItself, { provide: EventDeliveries, useValue: deliveries }],
      }).compile();
      moduleRef.useLogger(false); // the failing handler below is logged by the EventBus on purpose
      await moduleRef.init();
      bus = moduleRef.get(EventBus);
      shipped = moduleRef.get(ShippedOnly);
      both = moduleRef.get(RecordsItself);
    });

    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

    it('registers each handler for the event types of its classes', () => {
      expect(deliveries.registered.get('shipped-only')).toEqual(['order.shipped']);
      expect(deliveries.registered.get('records-itself')).toEqual(['order.created', 'order.shipped']);
    });

    it('routes each event only to the handlers subscribed to its class, and records each delivery once', async () => {
      bus.publish(toDomainEvent(row('order.created', 'e1')));
      bus.publish(toDomainEvent(row('order.shipped', 'e2')));
      bus.publish(toDomainEvent(row('order.cancelled', 'e3')));
      await settle();
      expect(shipped.seen).toEqual(['e2']);
      expect(both.seen).toEqual(['e1', 'e2']);
      // The handler that recorded in its own statement is not recorded again by the base.
      expect(deliveries.recorded).toEqual([['e2', 'shipped-only']]);
    });

    it('does not record a delivery whose handler failed, so the relay hands it over again', async () => {
      shipped.failNext = true;
      bus.publish(toDomainEvent(row('order.shipped', 'e4')));
      await settle();
      expect(deliveries.recorded).toEqual([]);
      bus.publish(toDomainEvent(row('order.shipped', 'e4')));
      await settle();
      expect(deliveries.recorded).toEqual([['e4', 'shipped-only']]);
    });
  });
});

import { OnModuleInit } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import type { DomainEvent, DomainEventClass } from './domain-event';
import { eventTypeOf } from './event-catalogue';
import { EventDeliveries } from './event-deliveries';

const HANDLED_EVENTS = Symbol('HANDLED_EVENTS');

/**
 * `@EventsHandler(...)` for a `RecordedEventHandler`: subscribes the class to these event classes on
 * the EventBus and tells the base which event types it must record.
 */
export function HandlesEvents(...eventClasses: DomainEventClass[]): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(HANDLED_EVENTS, eventClasses, target);
    EventsHandler(...eventClasses)(target);
  };
}

/** Returned by `apply` when the handler wrote its delivery record in the same statement as its effect. */
export const DELIVERY_RECORDED = Symbol('DELIVERY_RECORDED');

/**
 * Base of every in-process event handler. It registers the handler for the event classes named in
 * its `@HandlesEvents(...)` and records each delivery after `apply` succeeds, so the relay stops
 * re-delivering it; a handler that throws is handed the event again later. `apply` must therefore
 * be idempotent.
 */
export abstract class RecordedEventHandler<E extends DomainEvent<object>> implements IEventHandler<E>, OnModuleInit {
  /** The stable name deliveries are stored under. */
  abstract readonly handlerName: string;

  constructor(protected readonly deliveries: EventDeliveries) {}

  onModuleInit(): void {
    const classes = (Reflect.getMetadata(HANDLED_EVENTS, this.constructor) ?? []) as DomainEventClass[];
    if (classes.length === 0) throw new Error(`${this.constructor.name} has no @HandlesEvents(...) event classes`);
    this.deliveries.register(this.handlerName, classes.map(eventTypeOf));
  }

  async handle(event: E): Promise<void> {
    const outcome = await this.apply(event);
    if (outcome !== DELIVERY_RECORDED) await this.deliveries.record(event.id, this.handlerName);
  }

  protected abstract apply(event: E): Promise<void | typeof DELIVERY_RECORDED>;
}

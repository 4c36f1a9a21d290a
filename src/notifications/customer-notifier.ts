import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CustomerDirectory } from '../auth/users/customer-directory';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { DomainEvent } from '../events/domain-event';
import { EventDeliveries } from '../events/event-deliveries';
import { HandlesEvents, RecordedEventHandler } from '../events/recorded-event-handler';
import { Mailer } from '../mail/mailer';
import { OrderNotFoundError } from '../orders/domain/order.errors';
import {
  OrderCancelledEvent,
  OrderConfirmedEvent,
  OrderCreatedEvent,
  OrderCreatedPayload,
  OrderDeliveredEvent,
  OrderRefundedEvent,
  OrderShippedEvent,
  OrderStatusChangedPayload,
} from '../orders/events/order.events';
import { GetOrderQuery } from '../orders/queries/get-order.query';
import { CustomerMailEvent, customerMail } from './order-mail';

type CustomerMailDomainEvent = DomainEvent<OrderCreatedPayload | OrderStatusChangedPayload>;

/**
 * Mails customers about their orders (NOTIFY_CUSTOMERS): a receipt on creation, then confirmed,
 * shipped (with the tracking number), delivered, cancelled and refunded. After commit, from the
 * events — never inside the request's transaction, and a mail server that is down delays mail, not
 * orders. At most one mail per event: the mail is queued under the key `<type>:<event id>`, so a
 * re-delivered event (a crash before this handler recorded it) queues nothing more; at least once,
 * because the mail queue retries until the server takes it.
 */
@Injectable()
@HandlesEvents(
  OrderCreatedEvent,
  OrderConfirmedEvent,
  OrderShippedEvent,
  OrderDeliveredEvent,
  OrderCancelledEvent,
  OrderRefundedEvent,
)
export class CustomerNotifier extends RecordedEventHandler<CustomerMailDomainEvent> {
  readonly handlerName = 'customer-mail';

  constructor(
    private readonly mailer: Mailer,
    private readonly customers: CustomerDirectory,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    deliveries: EventDeliveries,
  ) {
    super(deliveries);
  }

  /** Switched off, the handler is not registered, so no event waits for it. */
  override onModuleInit(): void {
    if (this.config.notifyCustomers) super.onModuleInit();
  }

  override async handle(event: CustomerMailDomainEvent): Promise<void> {
    if (this.config.notifyCustomers) await super.handle(event);
  }

  protected async apply(event: CustomerMailDomainEvent): Promise<void> {
    const { customerId } = event.payload;
    const contact = await this.customers.contactOf(customerId);
    if (!contact) return; // nobody to write to
    // Read as the customer sees it (the owner's view: no staff-only field).
    const reader = { id: customerId, role: 'customer' as const, sessionId: 'notifications' };
    const order = await this.queries.execute(new GetOrderQuery(reader, event.aggregateId)).catch((error: unknown) => {
      if (error instanceof OrderNotFoundError) return null; // deleted since
      throw error;
    });
    if (!order) return;
    const changes = 'changes' in event.payload ? event.payload.changes : {};
    const mail = customerMail(event.type as CustomerMailEvent, order, contact.name, changes);
    await this.mailer.enqueue({ to: contact.email, ...mail, dedupeKey: `${event.type}:${event.id}` });
  }
}

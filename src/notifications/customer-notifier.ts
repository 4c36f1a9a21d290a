import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CustomerDirectory } from '../auth/users/customer-directory';
import { AFTER_COMMIT_LINGER_MS, GroupCommit } from '../common/group-commit';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WriteStatement } from '../database/write-statement';
import type { DomainEvent } from '../events/domain-event';
import { EventDeliveries } from '../events/event-deliveries';
import { DELIVERY_RECORDED, HandlesEvents, RecordedEventHandler } from '../events/recorded-event-handler';
import { Mailer, MailRequest } from '../mail/mailer';
import type { MailTemplateName } from '../mail/templates';
import type { OrderView } from '../orders/dto/order.view';
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

/** One event to mail about: the order as it is now (null: deleted since), and what the event says. */
interface Notice {
  eventId: string;
  type: CustomerMailEvent;
  customerId: string;
  order: OrderView | null;
  changes: Record<string, unknown>;
}

/**
 * Mails customers about their orders (NOTIFY_CUSTOMERS): a receipt on creation, then confirmed,
 * shipped (with the tracking number), delivered, cancelled and refunded. After commit, from the
 * events — never inside the request's transaction, and a mail server that is down delays mail, not
 * orders. At most one mail per event: the mail is queued under the key `<type>:<event id>`, so a
 * re-delivered event (a crash before this handler recorded it) queues nothing more; at least once,
 * because the mail queue retries until the server takes it.
 *
 * Round trips: a new order's event carries the order its command wrote (no read back; a re-delivered
 * or status event reads it, cache first). Events arriving while a batch is written go together in
 * the next (GroupCommit): one read of the customers' addresses, then one statement that queues the
 * mails and records the deliveries — so a mail and its record commit together.
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
  private readonly batches = new GroupCommit<Notice>((notices) => this.notify(notices), { lingerMs: AFTER_COMMIT_LINGER_MS });

  constructor(
    private readonly dataSource: DataSource,
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

  protected async apply(event: CustomerMailDomainEvent): Promise<typeof DELIVERY_RECORDED> {
    const { customerId } = event.payload;
    const order =
      (event instanceof OrderCreatedEvent ? event.order : undefined) ?? (await this.orderOf(customerId, event.aggregateId));
    await this.batches.add({
      eventId: event.id,
      type: event.type as CustomerMailEvent,
      customerId,
      order,
      changes: 'changes' in event.payload ? event.payload.changes : {},
    });
    return DELIVERY_RECORDED;
  }

  /** The order as its customer sees it (the owner's view: no staff-only field); null when deleted since. */
  private orderOf(customerId: string, orderId: string): Promise<OrderView | null> {
    const reader = { id: customerId, role: 'customer' as const, sessionId: 'notifications' };
    return this.queries.execute(new GetOrderQuery(reader, orderId)).catch((error: unknown) => {
      if (error instanceof OrderNotFoundError) return null;
      throw error;
    });
  }

  private async notify(batch: Notice[]): Promise<void> {
    // An event re-delivered while its first delivery waits for a batch appears twice: once is enough.
    const notices = [...new Map(batch.map((notice) => [notice.eventId, notice])).values()];
    const contacts = await this.customers.contactsOf(notices.filter((n) => n.order).map((n) => n.customerId));
    const mails: Array<MailRequest<MailTemplateName>> = [];
    for (const { eventId, type, customerId, order, changes } of notices) {
      const contact = contacts.get(customerId);
      if (!order || !contact) continue; // deleted since, or nobody to write to
      mails.push({ to: contact.email, ...customerMail(type, order, contact.name, changes), dedupeKey: `${type}:${eventId}` });
    }
    const statement = new WriteStatement();
    const queued = mails.length > 0 ? this.mailer.enqueueWithin(statement, mails) : () => 0;
    this.deliveries.recordWithin(
      statement,
      notices.map((n) => n.eventId),
      this.handlerName,
    );
    statement.output('handled', `SELECT ${statement.param(notices.length, 'int')}`);
    const row = await statement.run<Record<string, unknown>>(this.dataSource.manager);
    if (queued(row) > 0) this.mailer.flush();
  }
}

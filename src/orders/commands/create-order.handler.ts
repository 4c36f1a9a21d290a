import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf } from '../../common/auth/auth-user';
import { CustomerDirectory } from '../../auth/users/customer-directory';
import { DomainError, ValidationError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Metrics } from '../../metrics/metrics.service';
import type { OutboxEvent } from '../../events/entities/outbox-event.entity';
import { EventOutbox } from '../../events/outbox.service';
import { StockReservations } from '../../inventory/stock/stock-reservations';
import { CurrencyMismatchError, UnknownCustomerError } from '../domain/order.errors';
import { OrderStatus, PaymentStatus } from '../domain/order-status';
import { lineTotalCents, priceOrder, PricingPolicy } from '../domain/pricing';
import { OrderView, toOrderView } from '../dto/order.view';
import { OrderItem } from '../entities/order-item.entity';
import { Order } from '../entities/order.entity';
import { IdempotencyStore, requestHash } from '../idempotency.store';
import { OrderCache } from '../order-cache';
import { CreatedOrder, CreateOrderCommand } from './create-order.command';

/**
 * Creates an order in one transaction: prices the lines from the catalogue, reserves stock
 * (locks in product-id order, all-or-nothing), writes the order, its lines, the ledger rows and
 * `order.created`, and — with an Idempotency-Key — the outcome to replay. Returns the order (or
 * the first request's order for a retried key); shaping the HTTP answer is the controller's job.
 */
@CommandHandler(CreateOrderCommand)
export class CreateOrderHandler implements ICommandHandler<CreateOrderCommand, CreatedOrder> {
  private readonly logger = new Logger('CreateOrder');
  private readonly pricing: PricingPolicy;
  private readonly ordersCreated: ReturnType<Metrics['counter']>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly stock: StockReservations,
    private readonly outbox: EventOutbox,
    private readonly cache: OrderCache,
    private readonly idempotency: IdempotencyStore,
    private readonly customers: CustomerDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.ordersCreated = metrics.counter('orders_created_total', 'Orders created since start');
    this.pricing = {
      taxRateBps: config.taxRateBps,
      shippingCents: { standard: config.shippingStandardCents, express: config.shippingExpressCents },
      freeStandardShippingThresholdCents: config.freeShippingThresholdCents,
    };
  }

  async execute(command: CreateOrderCommand): Promise<CreatedOrder> {
    const { user, body, idempotencyKey } = command;
    this.assertWellFormed(command);
    if (!idempotencyKey) return { order: await this.create(command), replayed: false };

    const claim = await this.idempotency.claim(user.id, idempotencyKey, requestHash(body));
    if (claim.kind === 'replay') return { order: claim.order, replayed: true };
    try {
      const order = await this.create(command, (view, manager) => this.idempotency.completeWithOrder(user.id, idempotencyKey, view, manager));
      return { order, replayed: false };
    } catch (error) {
      // A refused request is an answer too: the same retry gets the same refusal.
      if (error instanceof DomainError) await this.idempotency.completeWithRefusal(user.id, idempotencyKey, error);
      else await this.idempotency.release(user.id, idempotencyKey).catch(() => undefined);
      throw error;
    }
  }

  private assertWellFormed({ user, body }: CreateOrderCommand): void {
    if (body.customerId !== undefined && user.role !== 'admin') {
      throw new ValidationError([{ field: 'customerId', message: 'unknown field; it should not exist' }]);
    }
    const seen = new Set<string>();
    body.items.forEach((item, index) => {
      // UUIDs are case-insensitive: `ABC…` and `abc…` are the same product.
      const productId = item.productId.toLowerCase();
      if (seen.has(productId)) {
        throw new ValidationError([{ field: `items.${index}.productId`, message: 'each product may appear only once per order' }]);
      }
      seen.add(productId);
    });
  }

  private async create(
    { user, body }: CreateOrderCommand,
    inTransaction?: (order: OrderView, manager: EntityManager) => Promise<void>,
  ): Promise<OrderView> {
    const actor = actorOf(user);
    const customerId = user.role === 'admin' && body.customerId ? body.customerId : user.id;
    const orderId = randomUUID();
    const events: OutboxEvent[] = [];

    const created = await this.dataSource.transaction(async (manager) => {
      if (customerId !== user.id && !(await this.customers.isActiveCustomer(customerId, manager))) throw new UnknownCustomerError();

      const reserved = await this.stock.reserve(
        manager,
        body.items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
        { orderId, actor },
      );
      const foreign = reserved.filter((line) => line.currency !== this.config.currency).map((line) => line.productId);
      if (foreign.length > 0) throw new CurrencyMismatchError(foreign, this.config.currency);

      const shippingMethod = body.shippingMethod ?? 'standard';
      const totals = priceOrder(reserved, shippingMethod, this.pricing);
      const order = manager.create(Order, {
        id: orderId,
        customerId,
        status: OrderStatus.Pending,
        paymentStatus: PaymentStatus.Pending,
        currency: this.config.currency,
        ...totals,
        shippingAddress: { ...body.shippingAddress },
        shippingMethod,
        paymentMethod: body.paymentMethod ?? null,
        paymentReference: null,
        notes: body.notes ?? null,
        trackingNumber: null,
        cancelReason: null,
        version: 1,
      });
      // One statement: the number comes from the column's sequence default, the times from now().
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(Order)
        .values({ ...order, number: () => "nextval('order_number_seq')" })
        .updateEntity(false)
        .returning(['number', 'createdAt', 'updatedAt'])
        .execute();
      const generated = inserted.raw[0] as { number: string; createdAt: Date; updatedAt: Date };
      Object.assign(order, { number: Number(generated.number), createdAt: generated.createdAt, updatedAt: generated.updatedAt });
      order.items = reserved.map((line, position) =>
        manager.create(OrderItem, {
          orderId,
          position,
          productId: line.productId,
          sku: line.sku,
          name: line.name,
          unitPriceCents: line.unitPriceCents,
          quantity: line.quantity,
          lineTotalCents: lineTotalCents(line),
        }),
      );
      await manager.createQueryBuilder().insert().into(OrderItem).values(order.items).updateEntity(false).execute();

      const view = toOrderView(order);
      events.push(
        await this.outbox.append(manager, {
          type: 'order.created',
          aggregateType: 'order',
          aggregateId: orderId,
          actor,
          payload: {
            number: view.number,
            customerId,
            toStatus: OrderStatus.Pending,
            totalCents: view.totalCents,
            currency: view.currency,
            items: view.items.map((i) => ({ productId: i.productId, sku: i.sku, quantity: i.quantity, unitPriceCents: i.unitPriceCents })),
          },
        }),
      );
      if (inTransaction) await inTransaction(view, manager);
      return view;
    });

    // A brand-new order cannot be stale: write it through so the first read is a hit.
    await this.cache.put(created);
    this.outbox.publish(events);
    this.ordersCreated.inc();
    this.logger.debug(`order ${orderId} created for ${customerId}`);
    return created;
  }
}

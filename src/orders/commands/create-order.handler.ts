import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf } from '../../common/auth/auth-user';
import { DomainError, ValidationError } from '../../common/errors/domain-error';
import { etagOf } from '../../common/http/if-match';
import { ProblemDetailsFilter } from '../../common/http/problem-details.filter';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Metrics } from '../../metrics/metrics.service';
import type { OutboxEvent } from '../../events/entities/outbox-event.entity';
import { EventOutbox } from '../../events/outbox.service';
import { StockReservations } from '../../inventory/stock/stock-reservations';
import { CurrencyMismatchError, UnknownCustomerError } from '../domain/order.errors';
import { OrderStatus, PaymentStatus } from '../domain/order-status';
import { lineTotalCents, priceOrder, PricingPolicy } from '../domain/pricing';
import { toOrderView } from '../dto/order.view';
import { OrderItem } from '../entities/order-item.entity';
import { Order } from '../entities/order.entity';
import { IdempotencyStore, requestHash, StoredResponse } from '../idempotency.store';
import { OrderCache } from '../order-cache';
import { CreateOrderCommand, CreateOrderResult } from './create-order.command';

/**
 * Creates an order in one transaction: prices the lines from the catalogue, reserves stock
 * (locks in product-id order, all-or-nothing), writes the order, its lines, the ledger rows and
 * `order.created`, and — with an Idempotency-Key — the response to replay.
 */
@CommandHandler(CreateOrderCommand)
export class CreateOrderHandler implements ICommandHandler<CreateOrderCommand, CreateOrderResult> {
  private readonly logger = new Logger('CreateOrder');
  private readonly problems = new ProblemDetailsFilter();
  private readonly pricing: PricingPolicy;
  private readonly ordersCreated: ReturnType<Metrics['counter']>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly stock: StockReservations,
    private readonly outbox: EventOutbox,
    private readonly cache: OrderCache,
    private readonly idempotency: IdempotencyStore,
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

  async execute(command: CreateOrderCommand): Promise<CreateOrderResult> {
    const { user, body, idempotencyKey } = command;
    this.assertWellFormed(command);
    if (!idempotencyKey) return { ...(await this.create(command)), replayed: false };

    const claim = await this.idempotency.claim(user.id, idempotencyKey, requestHash(body));
    if (claim.kind === 'replay') return { ...claim.response, replayed: true };
    try {
      return { ...(await this.create(command, (response, manager) => this.idempotency.complete(user.id, idempotencyKey, response, manager))), replayed: false };
    } catch (error) {
      if (error instanceof DomainError) {
        // A refused request is an answer too: the same retry gets the same refusal.
        const { problem, headers } = this.problems.toProblem(error);
        problem.instance = '/api/v1/orders';
        await this.idempotency.complete(user.id, idempotencyKey, { status: problem.status, body: problem, headers });
      } else {
        await this.idempotency.release(user.id, idempotencyKey).catch(() => undefined);
      }
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
    inTransaction?: (response: StoredResponse, manager: EntityManager) => Promise<void>,
  ): Promise<StoredResponse> {
    const actor = actorOf(user);
    const customerId = user.role === 'admin' && body.customerId ? body.customerId : user.id;
    const orderId = randomUUID();
    const events: OutboxEvent[] = [];

    const response = await this.dataSource.transaction(async (manager) => {
      if (customerId !== user.id) await this.assertActiveCustomer(manager, customerId);

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
      const result: StoredResponse = {
        status: 201,
        body: view as unknown as Record<string, unknown>,
        headers: { Location: `/api/v1/orders/${orderId}`, ETag: etagOf(view.version) },
      };
      if (inTransaction) await inTransaction(result, manager);
      return result;
    });

    // A brand-new order cannot be stale: write it through so the first read is a hit.
    await this.cache.put(response.body as never);
    this.outbox.publish(events);
    this.ordersCreated.inc();
    this.logger.debug(`order ${orderId} created for ${customerId}`);
    return response;
  }

  private async assertActiveCustomer(manager: EntityManager, customerId: string): Promise<void> {
    const rows = (await manager.query(`SELECT 1 FROM "users" WHERE "id" = $1 AND "active" AND "role" = 'customer'`, [customerId])) as unknown[];
    if (rows.length === 0) throw new UnknownCustomerError();
  }
}

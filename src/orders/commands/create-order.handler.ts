import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, actorOf } from '../../common/auth/auth-user';
import { CustomerDirectory } from '../../auth/users/customer-directory';
import { DomainError, ValidationError } from '../../common/errors/domain-error';
import { uuidv7 } from '../../common/uuid-v7';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isoTimestampSql, WriteStatement } from '../../database/write-statement';
import { Metrics } from '../../metrics/metrics.service';
import type { PaymentMethodSnapshot } from '../../payment-methods/domain/payment-method-details';
import { PaymentMethodDirectory } from '../../payment-methods/payment-method-directory';
import type { OutboxEvent } from '../../events/entities/outbox-event.entity';
import { EventOutbox } from '../../events/outbox.service';
import { ReservationBasis, ReservationOutput, StockReservations } from '../../inventory/stock/stock-reservations';
import { CurrencyMismatchError, UnknownCustomerError } from '../domain/order.errors';
import { assertEachProductOnce } from '../domain/order-rules';
import { OrderStatus, PaymentStatus } from '../domain/order-status';
import { lineTotalCents, priceOrder, PricingPolicy, pricingPolicyOf } from '../domain/pricing';
import { OrderView, toOrderView } from '../dto/order.view';
import { OrderItem } from '../entities/order-item.entity';
import { Order } from '../entities/order.entity';
import { IdempotencyStore, requestHash } from '../idempotency.store';
import { OrderCache } from '../order-cache';
import { CreatedOrder, CreateOrderCommand } from './create-order.command';

/** The order's statement's result row: the reservation's outcome, the order's generated values (null when refused), the event. */
type WrittenOrderRow = ReservationOutput & { number: string | null; createdAt: Date | null; updatedAt: Date | null };

interface OrderDraft {
  orderId: string;
  customerId: string;
  actor: Actor;
  command: CreateOrderCommand;
  /** The saved payment method named by `paymentMethodId`, as the order keeps it. */
  paymentMethod: { id: string; snapshot: PaymentMethodSnapshot } | null;
}

/**
 * Creates an order: prices the lines from the catalogue, reserves stock (locks in product-id order,
 * all-or-nothing), writes the order, its lines, the ledger rows and `order.created`, and — with an
 * Idempotency-Key — the outcome to replay. Returns the order (or the first request's order for a
 * retried key); shaping the HTTP answer is the controller's job.
 *
 * Round trips: all of that is ONE data-modifying statement (WriteStatement). Inventory contributes
 * the lock, the check of every line, the decrement and the ledger (StockReservations); Events the
 * outbox row; this handler the order, its lines and the idempotency outcome, each written only if
 * the stock was reserved — so a refusal writes nothing, and the event commits with the change.
 * - Priced from the products' quotes, an order is that one statement, a transaction on its own.
 *   The statement compares the quoted catalogue fields with the rows it locked; if a quote was
 *   stale it writes nothing and says so, and the order is priced again from the products locked in
 *   a transaction, followed by the same statement (BEGIN, lock, statement, COMMIT). A product
 *   never quoted on this instance costs one plain read first.
 * - With an Idempotency-Key its claim comes first, as its own committed row, so parallel retries
 *   see it; the outcome is written by the order's statement.
 * - After commit: the order goes into the cache (write-through: the first read is a hit) and the
 *   event to the EventBus (the history projector writes its row in batches).
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
    private readonly paymentMethods: PaymentMethodDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.ordersCreated = metrics.counter('orders_created_total', 'Orders created since start');
    this.pricing = pricingPolicyOf(config);
  }

  async execute(command: CreateOrderCommand): Promise<CreatedOrder> {
    const { user, idempotencyKey, idempotentRequest } = command;
    this.assertWellFormed(command);
    if (!idempotencyKey) return { order: await this.create(command), replayed: false };

    const claim = await this.idempotency.claim(user.id, idempotencyKey, requestHash(idempotentRequest));
    if (claim.kind === 'replay') return { order: claim.order, replayed: true };
    try {
      return { order: await this.create(command), replayed: false };
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
    if (body.paymentMethod !== undefined && body.paymentMethodId !== undefined) {
      throw new ValidationError([
        { field: 'paymentMethodId', message: 'paymentMethod and paymentMethodId cannot be sent together' },
      ]);
    }
    assertEachProductOnce(body.items);
  }

  private async create(command: CreateOrderCommand): Promise<OrderView> {
    const { user, body } = command;
    const customerId = user.role === 'admin' && body.customerId ? body.customerId : user.id;
    if (customerId !== user.id && !(await this.customers.isActiveCustomer(customerId))) throw new UnknownCustomerError();
    // One read by primary key, before (not inside) the order's statement; only for orders that name a method.
    const paymentMethod = body.paymentMethodId ? await this.paymentMethods.snapshotFor(customerId, body.paymentMethodId) : null;
    const draft: OrderDraft = { orderId: uuidv7(), customerId, actor: actorOf(user), command, paymentMethod };

    const written =
      (await this.write(this.dataSource.manager, draft, 'quoted')) ??
      (await this.dataSource.transaction((manager) => this.write(manager, draft, 'locked')));
    if (!written) throw new Error(`order ${draft.orderId} was refused under its own locks without a reason`);

    // A brand-new order cannot be stale: write it through so the first read is a hit.
    await this.cache.put(written.order);
    this.outbox.publish([written.event, ...written.lowStock]);
    this.ordersCreated.inc();
    this.logger.debug(`order ${draft.orderId} created for ${customerId}`);
    return written.order;
  }

  /**
   * Prices the order on `basis` and writes it in one statement. Throws the refusal (decided on
   * locked rows); returns undefined when the basis was a stale quote, to be tried again `locked`.
   */
  private async write(
    manager: EntityManager,
    draft: OrderDraft,
    basis: ReservationBasis,
  ): Promise<{ order: OrderView; event: OutboxEvent; lowStock: OutboxEvent[] } | undefined> {
    const { orderId, customerId, actor, paymentMethod } = draft;
    const { body, idempotencyKey, user } = draft.command;
    const reservation = await this.stock.prepare(manager, body.items, basis);
    if (!reservation) return undefined;
    const foreign = reservation.lines.filter((line) => line.currency !== this.config.currency).map((line) => line.productId);
    if (foreign.length > 0) {
      if (basis === 'locked') throw new CurrencyMismatchError(foreign, this.config.currency);
      return undefined; // only locked rows may refuse
    }

    const shippingMethod = body.shippingMethod ?? 'standard';
    // Plain rows (the JSON the statement inserts); the view is built from them and the generated values.
    const order = {
      id: orderId,
      customerId,
      status: OrderStatus.Pending,
      paymentStatus: PaymentStatus.Pending,
      currency: this.config.currency,
      ...priceOrder(reservation.lines, shippingMethod, this.pricing),
      shippingAddress: { ...body.shippingAddress },
      shippingMethod,
      paymentMethod: body.paymentMethod ?? null,
      paymentReference: null,
      paymentMethodId: paymentMethod?.id ?? null,
      paymentMethodDetails: paymentMethod?.snapshot ?? null,
      notes: body.notes ?? null,
      trackingNumber: null,
      cancelReason: null,
      version: 1,
    } satisfies Partial<Order>;
    const items = reservation.lines.map(
      (line, position) =>
        ({
          orderId,
          position,
          productId: line.productId,
          sku: line.sku,
          name: line.name,
          unitPriceCents: line.unitPriceCents,
          quantity: line.quantity,
          lineTotalCents: lineTotalCents(line),
        }) satisfies Partial<OrderItem>,
    );
    const viewOf = (generated: Pick<Order, 'number' | 'createdAt' | 'updatedAt'> | Record<string, never>) =>
      toOrderView(
        Object.assign(new Order(), order, generated, { items: items.map((item) => Object.assign(new OrderItem(), item)) }),
      );

    const statement = new WriteStatement();
    const reserved = reservation.addTo(statement, { orderId, actor });
    statement
      .step(
        'new_order',
        `${statement.insertRows('orders', [order])} WHERE ${reserved} RETURNING "number", "createdAt", "updatedAt"`,
      )
      .step('new_order_items', `${statement.insertRows('order_items', items)} WHERE EXISTS (SELECT 1 FROM "new_order")`)
      .output('number', `SELECT "number" FROM "new_order"`)
      .output('createdAt', `SELECT "createdAt" FROM "new_order"`)
      .output('updatedAt', `SELECT "updatedAt" FROM "new_order"`);
    const readEvent = this.outbox.appendWithin(
      statement,
      {
        type: 'order.created',
        aggregateType: 'order',
        aggregateId: orderId,
        actor,
        payload: {
          customerId,
          toStatus: OrderStatus.Pending,
          totalCents: order.totalCents,
          currency: order.currency,
          items: items.map((i) => ({
            productId: i.productId,
            sku: i.sku,
            quantity: i.quantity,
            unitPriceCents: i.unitPriceCents,
          })),
        },
      },
      { after: 'new_order', fromAfter: { number: 'number' } },
    );
    if (idempotencyKey) {
      // The view as the response will show it, completed with what the database generated.
      const generated = `jsonb_build_object('number', o."number", 'createdAt', ${isoTimestampSql('o."createdAt"')}, 'updatedAt', ${isoTimestampSql('o."updatedAt"')})`;
      this.idempotency.completeWithin(statement, user.id, idempotencyKey, {
        from: '"new_order" o',
        orderSql: `${statement.json(viewOf({}))} || ${generated}`,
      });
    }

    const row = await statement.run<WrittenOrderRow>(manager);
    if (!reservation.settle(row)) return undefined;
    const view = viewOf({ number: Number(row.number), createdAt: row.createdAt!, updatedAt: row.updatedAt! });
    // In-process handlers (the receipt mail) get the order with its event instead of reading it back.
    const event = Object.assign(readEvent(row), { aggregate: view });
    return { order: view, event, lowStock: reservation.lowStockEvents(row) };
  }
}

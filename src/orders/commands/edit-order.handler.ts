import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { Actor, actorOf } from '../../common/auth/auth-user';
import { assertOwnerOrAdmin } from '../../common/auth/ownership';
import { ValidationError } from '../../common/errors/domain-error';
import { assertIfMatch } from '../../common/http/if-match';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EventOutbox } from '../../events/outbox.service';
import type { OutboxEvent } from '../../events/entities/outbox-event.entity';
import { StockReservations } from '../../inventory/stock/stock-reservations';
import { changesLines, CurrentLine, LinePlan, planLineEdit } from '../domain/order-edit';
import { assertEachProductOnce, assertEditable } from '../domain/order-rules';
import { PaymentStatus } from '../domain/order-status';
import { CurrencyMismatchError, PaidOrderTotalError } from '../domain/order.errors';
import { lineTotalCents, OrderTotals, priceOrder, PricingPolicy, pricingPolicyOf, ShippingMethod } from '../domain/pricing';
import { OrderView, toOrderView } from '../dto/order.view';
import { OrderItem } from '../entities/order-item.entity';
import { Order, ShippingAddress } from '../entities/order.entity';
import { OrderEditChanges } from '../events/order.events';
import { OrderChanges } from '../order-change';
import { EditOrderCommand } from './edit-order.command';

const TOTALS: ReadonlyArray<keyof OrderTotals & keyof OrderEditChanges> = [
  'subtotalCents',
  'taxCents',
  'shippingCents',
  'totalCents',
];

/**
 * Edits a pending order (PATCH /orders/:id) in one transaction, with the discipline of creation:
 * the order row is locked with its lines (OrderChanges), then every product whose quantity moves
 * is locked in id order and checked — every short line reported, nothing written on refusal —
 * and stock moves by the difference only, ledgered. Lines the order already has keep their price
 * snapshot; new lines take today's. Totals are priced again with the same policy as creation.
 * Writes `order.updated` with what changed; the cache entry goes before the response.
 *
 * Lock order is order row → products, as for cancellation; creation locks products only, so no
 * two of them wait on each other in a cycle.
 */
@CommandHandler(EditOrderCommand)
export class EditOrderHandler implements ICommandHandler<EditOrderCommand, OrderView> {
  private readonly pricing: PricingPolicy;

  constructor(
    private readonly changes: OrderChanges,
    private readonly outbox: EventOutbox,
    private readonly stock: StockReservations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.pricing = pricingPolicyOf(config);
  }

  execute({ user, orderId, body, ifMatch }: EditOrderCommand): Promise<OrderView> {
    const given = (['items', 'shippingAddress', 'shippingMethod', 'notes'] as const).filter((field) => body[field] !== undefined);
    if (given.length === 0) {
      throw new ValidationError([
        { field: '', message: 'nothing to change: give items, shippingAddress, shippingMethod or notes' },
      ]);
    }
    if (body.items) assertEachProductOnce(body.items);

    return this.changes.run(orderId, async (manager, events) => {
      const order = await this.changes.lock(manager, orderId);
      assertOwnerOrAdmin(user, order.customerId, 'order');
      assertIfMatch(ifMatch, order.version);
      assertEditable(order.status);

      const actor = actorOf(user);
      const plan = body.items ? planLineEdit(order.items, body.items) : undefined;
      const linesChange = plan !== undefined && changesLines(plan);
      const method: ShippingMethod = body.shippingMethod ?? order.shippingMethod;
      if ((linesChange || method !== order.shippingMethod) && isSettled(order.paymentStatus))
        throw new PaidOrderTotalError(order.paymentStatus);

      const change: OrderEditChanges = {};
      let lines: CurrentLine[] = order.items;
      if (plan && linesChange) {
        lines = await this.applyLines(manager, order, plan, actor, events);
        change.items = {
          added: lines.filter((l) => plan.added.some((a) => a.productId === l.productId)).map(eventLine),
          removed: plan.removed.map(eventLine),
          changed: plan.changed,
        };
      }
      const totals = priceOrder(lines, method, this.pricing);
      for (const field of TOTALS) if (totals[field] !== order[field]) change[field] = { from: order[field], to: totals[field] };
      if (method !== order.shippingMethod) change.shippingMethod = { from: order.shippingMethod, to: method };
      const address: ShippingAddress | undefined = body.shippingAddress
        ? withoutUndefined({ ...body.shippingAddress })
        : undefined;
      if (address && canonical(address) !== canonical(order.shippingAddress))
        change.shippingAddress = { from: order.shippingAddress, to: address };
      const notes = body.notes === undefined ? order.notes : body.notes;
      if (notes !== order.notes) change.notes = { from: order.notes, to: notes };

      // Nothing differs: no version, no event, no history — the order as it is.
      if (Object.keys(change).length === 0) return toOrderView(order);

      const now = new Date();
      Object.assign(order, totals, { shippingMethod: method, notes, version: order.version + 1, updatedAt: now });
      if (address) order.shippingAddress = address;
      await manager.update(
        Order,
        { id: order.id },
        {
          ...totals,
          shippingAddress: order.shippingAddress,
          shippingMethod: method,
          notes,
          version: order.version,
          updatedAt: now,
        },
      );
      events.push(
        await this.outbox.append(manager, {
          type: 'order.updated',
          aggregateType: 'order',
          aggregateId: order.id,
          actor,
          payload: { customerId: order.customerId, changes: change, version: order.version },
        }),
      );
      return toOrderView(order);
    });
  }

  /**
   * Moves the stock by the differences (which locks and checks the products), prices the added
   * lines from the locked rows, and writes the lines: removed ones deleted, the others upserted
   * at their requested position. Returns the order's new lines, in position order.
   */
  private async applyLines(
    manager: EntityManager,
    order: Order,
    plan: LinePlan,
    actor: Actor,
    events: OutboxEvent[],
  ): Promise<OrderItem[]> {
    const { products, lowStock } = await this.stock.rebalance(manager, plan.stockDeltas, { orderId: order.id, actor });
    events.push(...lowStock);
    const foreign = plan.added
      .filter((line) => products.get(line.productId)!.currency !== this.config.currency)
      .map((l) => l.productId);
    if (foreign.length > 0) throw new CurrencyMismatchError(foreign, this.config.currency);

    const added = plan.added.map((line) => {
      const product = products.get(line.productId)!;
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        unitPriceCents: product.priceCents,
        quantity: line.quantity,
      };
    });
    const lines = [...plan.kept, ...added]
      .map((line) =>
        Object.assign(new OrderItem(), {
          orderId: order.id,
          position: plan.positions.get(line.productId.toLowerCase())!,
          productId: line.productId,
          sku: line.sku,
          name: line.name,
          unitPriceCents: line.unitPriceCents,
          quantity: line.quantity,
          lineTotalCents: lineTotalCents(line),
        }),
      )
      .sort((a, b) => a.position - b.position);

    await manager.query(`DELETE FROM "order_items" WHERE "orderId" = $1 AND NOT ("productId" = ANY($2::uuid[]))`, [
      order.id,
      lines.map((l) => l.productId),
    ]);
    await manager.query(
      `INSERT INTO "order_items" ("orderId", "position", "productId", "sku", "name", "unitPriceCents", "quantity", "lineTotalCents")
       SELECT "orderId", "position", "productId", "sku", "name", "unitPriceCents", "quantity", "lineTotalCents"
         FROM jsonb_populate_recordset(NULL::"order_items", $1::jsonb)
       ON CONFLICT ("orderId", "productId") DO UPDATE
          SET "position" = EXCLUDED."position", "quantity" = EXCLUDED."quantity", "lineTotalCents" = EXCLUDED."lineTotalCents"`,
      [JSON.stringify(lines)],
    );
    order.items = lines;
    return lines;
  }
}

const isSettled = (status: PaymentStatus): boolean => status === PaymentStatus.Paid || status === PaymentStatus.Refunded;

const eventLine = (line: CurrentLine) => ({
  productId: line.productId,
  sku: line.sku,
  quantity: line.quantity,
  unitPriceCents: line.unitPriceCents,
});

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** JSON with sorted keys: a jsonb column does not keep the order keys were written in. */
function canonical(value: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { EventOutbox } from '../../events/outbox.service';
import { InsufficientStockError } from '../domain/inventory.errors';
import { StockMovementView } from '../dto/product.dto';
import { toStockMovementView } from '../dto/views';
import { crossesLowStock, ORDER_STATUSES_HOLDING_STOCK } from '../domain/stock';
import { recordStockMovements, updateReturning } from '../stock/stock-ledger';
import { AdjustStockCommand } from './adjust-stock.command';

const MAX_INT = 2_147_483_647;

type AdjustedProduct = { stock: number; sku: string; name: string; lowStockThreshold: number };
const RETURNED = `"stock", "sku", "name", "lowStockThreshold"`;

/**
 * A manual, signed stock change. A conditional UPDATE does check and write atomically (the row lock
 * it takes serializes concurrent adjustments and reservations; the condition is re-evaluated on the
 * latest row version), so parallel adjustments never lose an update nor go below zero.
 *
 * Upwards, the bound is not the stock alone but the stock plus the units open orders hold: those
 * units come back on cancellation or deletion and must fit in the column then too (a release that
 * overflowed would leave the order impossible to cancel). The units held are counted by a statement
 * that starts after the product row is locked, so it sees every reservation, edit or release that
 * went before (they all lock that row). A change that takes the stock to or below the product's
 * threshold from above it writes `stock.low` as well.
 */
@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ productId, delta, reason, actor }: AdjustStockCommand): Promise<StockMovementView> {
    const { movement, events } = await this.dataSource.transaction(async (manager) => {
      const updated = delta > 0 ? await this.raise(manager, productId, delta) : await this.lower(manager, productId, delta);
      const [movement] = await recordStockMovements(
        manager,
        [{ productId, delta, reason: 'adjustment', stockAfter: updated.stock, note: reason }],
        actor,
      );
      const event = await this.outbox.append(manager, {
        type: 'stock.adjusted',
        aggregateType: 'product',
        aggregateId: productId,
        actor,
        payload: { movementId: movement.id, delta, reason, stockAfter: updated.stock },
      });
      const events = [event];
      if (crossesLowStock(updated.stock - delta, updated.stock, updated.lowStockThreshold)) {
        const { sku, name, lowStockThreshold } = updated;
        events.push(
          await this.outbox.append(manager, {
            type: 'stock.low',
            aggregateType: 'product',
            aggregateId: productId,
            actor,
            payload: { sku, name, stockAfter: updated.stock, lowStockThreshold, reason: 'adjustment', orderId: null },
          }),
        );
      }
      return { movement, events };
    });
    this.outbox.publish(events);
    return toStockMovementView(movement);
  }

  private async lower(manager: EntityManager, productId: string, delta: number): Promise<AdjustedProduct> {
    const [updated] = await updateReturning<AdjustedProduct>(
      manager,
      `UPDATE "products" SET "stock" = "stock" + $2 WHERE "id" = $1 AND "stock" + $2 >= 0 RETURNING ${RETURNED}`,
      [productId, delta],
    );
    if (updated) return updated;
    const [product] = await manager.query<Array<{ sku: string; name: string; stock: number }>>(
      `SELECT "sku", "name", "stock" FROM "products" WHERE "id" = $1`,
      [productId],
    );
    if (!product) throw new NotFoundError('product');
    throw new InsufficientStockError(
      [{ productId, sku: product.sku, name: product.name, requested: -delta, available: product.stock }],
      `The stock of ${product.sku} is ${product.stock}; removing ${-delta} would take it below 0.`,
    );
  }

  private async raise(manager: EntityManager, productId: string, delta: number): Promise<AdjustedProduct> {
    const [product] = await manager.query<Array<{ sku: string }>>(`SELECT "sku" FROM "products" WHERE "id" = $1 FOR UPDATE`, [
      productId,
    ]);
    if (!product) throw new NotFoundError('product');
    const [updated] = await updateReturning<AdjustedProduct>(
      manager,
      `UPDATE "products" SET "stock" = "stock" + $2
        WHERE "id" = $1
          AND "stock"::bigint + $2 + (SELECT COALESCE(SUM(i."quantity"), 0)
                                        FROM "order_items" i JOIN "orders" o ON o."id" = i."orderId"
                                       WHERE i."productId" = $1 AND o."status" = ANY($3)) <= ${MAX_INT}
        RETURNING ${RETURNED}`,
      [productId, delta, ORDER_STATUSES_HOLDING_STOCK],
    );
    if (!updated) {
      throw new InsufficientStockError(
        [],
        `Stock of ${product.sku} cannot exceed ${MAX_INT} together with the units open orders hold (they come back when those orders are cancelled).`,
      );
    }
    return updated;
  }
}

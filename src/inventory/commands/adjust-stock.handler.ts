import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { EventOutbox } from '../../events/outbox.service';
import { InsufficientStockError } from '../domain/inventory.errors';
import { crossesLowStock } from '../domain/stock';
import { StockMovementView } from '../dto/product.dto';
import { toStockMovementView } from '../dto/views';
import { recordStockMovements, updateReturning } from '../stock/stock-ledger';
import { AdjustStockCommand } from './adjust-stock.command';

const MAX_INT = 2_147_483_647;

/**
 * A manual, signed stock change. One conditional UPDATE does check and write atomically (the row
 * lock it takes serializes concurrent adjustments and reservations; the condition is re-evaluated
 * on the latest row version), so parallel adjustments never lose an update nor go below zero. A
 * single row needs no lock ordering, and no read-then-write round trip is needed. A change that
 * takes the stock to or below the product's threshold from above it writes `stock.low` as well.
 */
@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ productId, delta, reason, actor }: AdjustStockCommand): Promise<StockMovementView> {
    const { movement, events } = await this.dataSource.transaction(async (manager) => {
      const [updated] = await updateReturning<{ stock: number; sku: string; name: string; lowStockThreshold: number }>(
        manager,
        `UPDATE "products" SET "stock" = "stock" + $2
          WHERE "id" = $1 AND "stock"::bigint + $2 BETWEEN 0 AND ${MAX_INT}
          RETURNING "stock", "sku", "name", "lowStockThreshold"`,
        [productId, delta],
      );
      if (!updated) {
        const [product] = await manager.query<Array<{ sku: string; name: string; stock: number }>>(
          `SELECT "sku", "name", "stock" FROM "products" WHERE "id" = $1`,
          [productId],
        );
        if (!product) throw new NotFoundError('product');
        if (delta > 0) throw new InsufficientStockError([], `Stock of ${product.sku} cannot exceed ${MAX_INT}.`);
        throw new InsufficientStockError(
          [{ productId, sku: product.sku, name: product.name, requested: -delta, available: product.stock }],
          `The stock of ${product.sku} is ${product.stock}; removing ${-delta} would take it below 0.`,
        );
      }
      const [movement] = await recordStockMovements(manager, [{ productId, delta, reason: 'adjustment', stockAfter: updated.stock, note: reason }], actor);
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
}

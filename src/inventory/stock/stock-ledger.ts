import { EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/auth-user';
import { StockMovement } from '../entities/stock-movement.entity';
import { StockMovementReason } from '../domain/stock';

export interface MovementRow {
  productId: string;
  delta: number;
  reason: StockMovementReason;
  stockAfter: number;
  orderId?: string | null;
  note?: string | null;
}

/**
 * Appends ledger rows in the caller's transaction, in one statement. Whoever changes
 * `products.stock` calls this in the same transaction, so the ledger always sums to the stock.
 */
export async function recordStockMovements(manager: EntityManager, rows: readonly MovementRow[], actor: Actor): Promise<StockMovement[]> {
  if (rows.length === 0) return [];
  return manager
    .createQueryBuilder()
    .insert()
    .into(StockMovement)
    .values(
      rows.map((row) => ({
        productId: row.productId,
        delta: row.delta,
        reason: row.reason,
        stockAfter: row.stockAfter,
        orderId: row.orderId ?? null,
        note: row.note ?? null,
        actorId: actor.id,
        actorRole: actor.role,
      })),
    )
    .returning('*')
    .execute()
    .then((result) => result.raw as StockMovement[]);
}

/** TypeORM answers `UPDATE ... RETURNING` on PostgreSQL with `[rows, rowCount]`; this returns the rows. */
export async function updateReturning<T>(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  const [rows] = (await manager.query(sql, parameters)) as [T[], number];
  return rows;
}

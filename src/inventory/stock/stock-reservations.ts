import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/auth-user';
import { InsufficientStockError, ProductsUnavailableError } from '../domain/inventory.errors';
import { checkReservation, mergeStockLines, StockedProduct, StockLine } from '../domain/stock';
import { recordStockMovements, updateReturning } from './stock-ledger';

export type { StockLine } from '../domain/stock';

export interface ReservedLine {
  productId: string;
  sku: string;
  name: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
}

interface LockedProduct extends StockedProduct {
  priceCents: number;
  currency: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Stock operations for other modules (Orders), always inside the caller's transaction so the
 * stock change, its ledger rows and the caller's own writes commit or roll back together.
 *
 * Locking choice: `SELECT ... ORDER BY id FOR UPDATE`, then one UPDATE of the locked rows.
 * - A reservation is all-or-nothing and must report EVERY short line with what is available, and
 *   the order snapshots sku/name/price consistent with the decrement. Reading the rows under a row
 *   lock gives exactly that; a conditional `UPDATE ... WHERE stock >= $q` would stop at the first
 *   short line (or decrement and then need undoing) and could not report the others.
 * - Rows are locked in ascending id order (PostgreSQL locks rows as the sorted result is produced),
 *   so two transactions sharing products always queue on the same first row: no deadlock, whatever
 *   order their lines came in.
 * - The locks are held until the caller commits, so no other writer can change the stock between the
 *   check and the decrement: no lost update, never below zero. The `stock >= 0` CHECK constraint is
 *   the backstop.
 */
@Injectable()
export class StockReservations {
  /** Locks, checks all lines, decrements and writes 'order' ledger rows. Returns one line per input line, same order. */
  async reserve(manager: EntityManager, lines: StockLine[], ctx: { orderId: string; actor: Actor }): Promise<ReservedLine[]> {
    if (lines.length === 0) return [];
    const normalized = lines.map((line) => ({ productId: line.productId.toLowerCase(), quantity: line.quantity }));
    const merged = mergeStockLines(normalized);
    const products = await this.lockProducts(manager, merged.map((l) => l.productId));

    const { unavailableProductIds, stockIssues } = checkReservation(merged, products);
    if (unavailableProductIds.length > 0) throw new ProductsUnavailableError(unavailableProductIds);
    if (stockIssues.length > 0) throw new InsufficientStockError(stockIssues);

    const after = await this.applyDeltas(manager, merged.map((l) => ({ productId: l.productId, delta: -l.quantity })));
    await recordStockMovements(
      manager,
      merged.map((l) => ({ productId: l.productId, delta: -l.quantity, reason: 'order', stockAfter: after.get(l.productId)!, orderId: ctx.orderId })),
      ctx.actor,
    );

    return normalized.map((line) => {
      const product = products.get(line.productId)!;
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        unitPriceCents: product.priceCents,
        currency: product.currency,
        quantity: line.quantity,
      };
    });
  }

  /** Returns stock (cancelled or deleted order): locks in id order, increments, writes ledger rows with `reason`. */
  async release(manager: EntityManager, lines: StockLine[], ctx: { orderId: string; actor: Actor; reason: 'cancellation' | 'deletion' }): Promise<void> {
    if (lines.length === 0) return;
    const merged = mergeStockLines(lines.map((line) => ({ productId: line.productId.toLowerCase(), quantity: line.quantity })));
    const products = await this.lockProducts(manager, merged.map((l) => l.productId));
    const missing = merged.filter((l) => !products.has(l.productId)).map((l) => l.productId);
    // Products are never deleted (only deactivated), so a released line always has its product.
    if (missing.length > 0) throw new Error(`cannot release stock of unknown products: ${missing.join(', ')}`);

    const after = await this.applyDeltas(manager, merged.map((l) => ({ productId: l.productId, delta: l.quantity })));
    await recordStockMovements(
      manager,
      merged.map((l) => ({ productId: l.productId, delta: l.quantity, reason: ctx.reason, stockAfter: after.get(l.productId)!, orderId: ctx.orderId })),
      ctx.actor,
    );
  }

  private async lockProducts(manager: EntityManager, ids: string[]): Promise<Map<string, LockedProduct>> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await manager.query<LockedProduct[]>(
      `SELECT "id", "sku", "name", "priceCents", "currency", "stock", "active"
         FROM "products" WHERE "id" = ANY($1::uuid[]) ORDER BY "id" FOR UPDATE`,
      [valid],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** One UPDATE for all (already locked) rows; returns the stock after the change per product. */
  private async applyDeltas(manager: EntityManager, deltas: Array<{ productId: string; delta: number }>): Promise<Map<string, number>> {
    const rows = await updateReturning<{ id: string; stock: number }>(
      manager,
      `UPDATE "products" p SET "stock" = p."stock" + d."delta"
         FROM unnest($1::uuid[], $2::int[]) AS d("id", "delta")
        WHERE p."id" = d."id"
        RETURNING p."id", p."stock"`,
      [deltas.map((d) => d.productId), deltas.map((d) => d.delta)],
    );
    return new Map(rows.map((row) => [row.id, row.stock]));
  }
}

import type { StockLine } from '../../inventory/domain/stock';

/** A line of an order as it stands (the snapshot taken when it was added). */
export interface CurrentLine {
  productId: string;
  sku: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
}

/** How an edit's requested lines differ from the order's current ones. */
export interface LinePlan {
  /** Lines of products the order already has, in request order, with their new quantity (snapshot kept). */
  kept: CurrentLine[];
  /** Products the order does not have yet, in request order; priced from today's catalogue. */
  added: StockLine[];
  /** Lines whose product is not requested any more. */
  removed: CurrentLine[];
  /** Kept lines whose quantity changes. */
  changed: Array<{ productId: string; sku: string; fromQuantity: number; toQuantity: number }>;
  /**
   * What the edit takes from (positive) or returns to (negative) stock, per product, only where the
   * quantity moves: the difference between the requested and the current quantity.
   */
  stockDeltas: Array<{ productId: string; delta: number }>;
  /** Final position of each requested product (its index in the request). */
  positions: Map<string, number>;
}

/**
 * Compares the requested lines (the complete new list; each product once) with the order's lines.
 * Pure: stock, prices and storage are the caller's. Product ids are compared lower-case.
 */
export function planLineEdit(current: readonly CurrentLine[], requested: readonly StockLine[]): LinePlan {
  const byId = new Map(current.map((line) => [line.productId.toLowerCase(), line]));
  const wanted = requested.map((line) => ({ productId: line.productId.toLowerCase(), quantity: line.quantity }));
  const wantedIds = new Set(wanted.map((line) => line.productId));
  const plan: LinePlan = { kept: [], added: [], removed: [], changed: [], stockDeltas: [], positions: new Map() };
  wanted.forEach((line, position) => {
    plan.positions.set(line.productId, position);
    const existing = byId.get(line.productId);
    if (!existing) {
      plan.added.push(line);
      plan.stockDeltas.push({ productId: line.productId, delta: line.quantity });
      return;
    }
    plan.kept.push({ ...existing, productId: line.productId, quantity: line.quantity });
    if (existing.quantity !== line.quantity) {
      plan.changed.push({
        productId: line.productId,
        sku: existing.sku,
        fromQuantity: existing.quantity,
        toQuantity: line.quantity,
      });
      plan.stockDeltas.push({ productId: line.productId, delta: line.quantity - existing.quantity });
    }
  });
  for (const [productId, line] of byId) {
    if (wantedIds.has(productId)) continue;
    plan.removed.push({ ...line, productId });
    plan.stockDeltas.push({ productId, delta: -line.quantity });
  }
  return plan;
}

export const changesLines = (plan: LinePlan): boolean => plan.added.length + plan.removed.length + plan.changed.length > 0;

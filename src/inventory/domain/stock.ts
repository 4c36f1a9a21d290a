/** Why the stock of a product changed; every change is one ledger row with one of these. */
export const STOCK_MOVEMENT_REASONS = ['initial', 'adjustment', 'order', 'cancellation', 'deletion'] as const;
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number];

/**
 * Order statuses whose units are out of stock and come back on cancellation or deletion (the orders
 * module's `holdsStock`, checked equal by its spec): a stock adjustment leaves room for them.
 */
export const ORDER_STATUSES_HOLDING_STOCK: readonly string[] = ['pending', 'confirmed', 'processing'];

export interface StockLine {
  productId: string;
  quantity: number;
}

export interface StockIssue {
  productId: string;
  sku: string;
  name: string;
  requested: number;
  available: number;
}

/** What the reservation check needs to know of a locked product row. */
export interface StockedProduct {
  id: string;
  sku: string;
  name: string;
  stock: number;
  active: boolean;
}

/**
 * One line per product, quantities of repeated products added up, in ascending id order: the order
 * in which rows are locked and updated, so two transactions sharing products never wait on each
 * other in a cycle (no deadlock).
 */
export function mergeStockLines(lines: readonly StockLine[]): StockLine[] {
  const totals = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw new RangeError(`stock line quantity must be a positive integer, got ${line.quantity} for ${line.productId}`);
    }
    totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([productId, quantity]) => ({ productId, quantity }));
}

export interface ReservationCheck {
  /** Requested products that do not exist or are inactive. */
  unavailableProductIds: string[];
  /** Every line whose product has less stock than requested. */
  stockIssues: StockIssue[];
}

/** All-or-nothing check of merged lines against the (locked) products: reports every problem at once. */
export function checkReservation(lines: readonly StockLine[], products: ReadonlyMap<string, StockedProduct>): ReservationCheck {
  const unavailableProductIds: string[] = [];
  const stockIssues: StockIssue[] = [];
  for (const line of lines) {
    const product = products.get(line.productId);
    if (!product || !product.active) {
      unavailableProductIds.push(line.productId);
      continue;
    }
    if (product.stock < line.quantity) {
      stockIssues.push({ productId: product.id, sku: product.sku, name: product.name, requested: line.quantity, available: product.stock });
    }
  }
  return { unavailableProductIds, stockIssues };
}

/**
 * A low-stock crossing: the stock was above the product's threshold before the change and is at or
 * below it after. Only the crossing alerts (`stock.low`), not every later sale below the threshold;
 * a restock above it arms the alert again.
 */
export function crossesLowStock(stockBefore: number, stockAfter: number, lowStockThreshold: number): boolean {
  return stockBefore > lowStockThreshold && stockAfter <= lowStockThreshold;
}

/**
 * `crossesLowStock` for a row of a stock-changing statement step that returns the product's new
 * `stock`, its `lowStockThreshold` and the units it took as `quantity` (negative when returned).
 */
export const crossesLowStockSql = (row: string): string =>
  `${row}."stock" + ${row}."quantity" > ${row}."lowStockThreshold" AND ${row}."stock" <= ${row}."lowStockThreshold"`;

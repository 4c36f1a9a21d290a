import { DomainEvent } from '../../events/domain-event';

export interface ProductCreatedPayload {
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  stock: number;
  categoryId: string | null;
  active: boolean;
  version: number;
}

export interface ProductUpdatedPayload {
  changes: Record<string, { from: unknown; to: unknown }>;
  version: number;
}

export interface StockAdjustedPayload {
  movementId: string;
  delta: number;
  reason: string;
  stockAfter: number;
}

/**
 * A product's stock fell to or below its `lowStockThreshold` (it was above before this change): one
 * event per crossing, not per sale below the threshold. `reason` is the ledger reason of the change
 * (`order` for an order or an order edit, `adjustment`), `orderId` the order when there is one.
 */
export interface StockLowPayload {
  sku: string;
  name: string;
  stockAfter: number;
  lowStockThreshold: number;
  reason: 'order' | 'adjustment';
  orderId: string | null;
}

export class ProductCreatedEvent extends DomainEvent<ProductCreatedPayload> {}
export class ProductUpdatedEvent extends DomainEvent<ProductUpdatedPayload> {}
export class StockAdjustedEvent extends DomainEvent<StockAdjustedPayload> {}
export class StockLowEvent extends DomainEvent<StockLowPayload> {}

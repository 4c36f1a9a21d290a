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

export class ProductCreatedEvent extends DomainEvent<ProductCreatedPayload> {}
export class ProductUpdatedEvent extends DomainEvent<ProductUpdatedPayload> {}
export class StockAdjustedEvent extends DomainEvent<StockAdjustedPayload> {}

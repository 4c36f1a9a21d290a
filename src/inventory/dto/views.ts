import { Category } from '../entities/category.entity';
import { Product } from '../entities/product.entity';
import { StockMovement } from '../entities/stock-movement.entity';
import { CategoryView } from './category.dto';
import { ProductView, StockMovementView } from './product.dto';

export const toProductView = (p: Product): ProductView => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  description: p.description,
  priceCents: p.priceCents,
  currency: p.currency,
  stock: p.stock,
  lowStockThreshold: p.lowStockThreshold,
  categoryId: p.categoryId,
  metadata: p.metadata,
  active: p.active,
  version: p.version,
  createdAt: new Date(p.createdAt).toISOString(),
  updatedAt: new Date(p.updatedAt).toISOString(),
});

/** Inventory fields only staff see (stock planning, not the catalogue). */
const STAFF_ONLY_PRODUCT_FIELDS = ['lowStockThreshold'] as const satisfies ReadonlyArray<keyof ProductView>;

/** A product as a customer sees it: the catalogue without staff-only inventory fields. */
export const toCustomerProductView = (p: Product): ProductView => {
  const view = toProductView(p);
  for (const field of STAFF_ONLY_PRODUCT_FIELDS) delete view[field];
  return view;
};

/** The view of a product for its reader: staff see every field, customers the catalogue. */
export const productViewFor = (staff: boolean): ((p: Product) => ProductView) => (staff ? toProductView : toCustomerProductView);

export const toStockMovementView = (m: StockMovement): StockMovementView => ({
  id: m.id,
  productId: m.productId,
  delta: m.delta,
  reason: m.reason,
  stockAfter: m.stockAfter,
  orderId: m.orderId,
  note: m.note,
  actor: { id: m.actorId, role: m.actorRole },
  createdAt: new Date(m.createdAt).toISOString(),
});

export const toCategoryView = (c: Category): CategoryView => ({
  id: c.id,
  name: c.name,
  parentId: c.parentId,
  version: c.version,
  createdAt: new Date(c.createdAt).toISOString(),
  updatedAt: new Date(c.updatedAt).toISOString(),
});

import { DomainError } from '../../common/errors/domain-error';
import { StockIssue } from './stock';

// Subclasses of DomainError (not ConflictError) because the base classes pin `type` to their own slug.
abstract class InventoryConflict extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}

abstract class InventoryUnprocessable extends DomainError {
  readonly status = 422;
  readonly title = 'Unprocessable Content';
}

export class DuplicateSkuError extends InventoryConflict {
  readonly type = 'duplicate-sku';
  constructor(sku: string) {
    super(`A product with sku "${sku}" already exists.`);
    this.extensions.sku = sku;
  }
}

/** Some lines ask for more than is in stock; `stockIssues` lists every short line. */
export class InsufficientStockError extends InventoryConflict {
  readonly type = 'insufficient-stock';
  constructor(readonly stockIssues: StockIssue[], detail = 'Not enough stock for some of the requested products.') {
    super(detail);
    this.extensions.stockIssues = stockIssues;
  }
}

/** Some requested products do not exist or are no longer sold. */
export class ProductsUnavailableError extends InventoryUnprocessable {
  readonly type = 'products-unavailable';
  constructor(readonly unavailableProductIds: string[]) {
    super('Some requested products do not exist or are not active.');
    this.extensions.unavailableProductIds = unavailableProductIds;
  }
}

export class UnknownCategoryError extends InventoryUnprocessable {
  readonly type = 'unknown-category';
  constructor(categoryId: string) {
    super(`The category ${categoryId} does not exist.`);
    this.extensions.categoryId = categoryId;
  }
}

export class CategoryNotEmptyError extends InventoryConflict {
  readonly type = 'category-not-empty';
  constructor(children: number, products: number) {
    super(`The category still has ${children} subcategories and ${products} products; move or delete them first.`);
    this.extensions.children = children;
    this.extensions.products = products;
  }
}

export class CategoryCycleError extends InventoryConflict {
  readonly type = 'category-cycle';
  constructor() {
    super('A category cannot be moved under itself or one of its own subcategories.');
  }
}

export class DuplicateCategoryNameError extends InventoryConflict {
  readonly type = 'duplicate-category-name';
  constructor(name: string) {
    super(`A category named "${name}" already exists at this place in the tree.`);
  }
}

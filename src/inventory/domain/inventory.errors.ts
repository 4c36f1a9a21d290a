import { ConflictError, UnprocessableError } from '../../common/errors/domain-error';
import { StockIssue } from './stock';

export class DuplicateSkuError extends ConflictError {
  override readonly type = 'duplicate-sku';
  constructor(sku: string) {
    super(`A product with sku "${sku}" already exists.`);
    this.extensions.sku = sku;
  }
}

/** Some lines ask for more than is in stock; `stockIssues` lists every short line. */
export class InsufficientStockError extends ConflictError {
  override readonly type = 'insufficient-stock';
  constructor(readonly stockIssues: StockIssue[], detail = 'Not enough stock for some of the requested products.') {
    super(detail);
    this.extensions.stockIssues = stockIssues;
  }
}

/**
 * Some requested products do not exist or are no longer sold. Lines that are also short are listed
 * in `stockIssues` (when there are any), so one answer names every line that stands in the way.
 */
export class ProductsUnavailableError extends UnprocessableError {
  override readonly type = 'products-unavailable';
  constructor(readonly unavailableProductIds: string[], readonly stockIssues: StockIssue[] = []) {
    super('Some requested products do not exist or are not active.');
    this.extensions.unavailableProductIds = unavailableProductIds;
    if (stockIssues.length > 0) this.extensions.stockIssues = stockIssues;
  }
}

export class UnknownCategoryError extends UnprocessableError {
  override readonly type = 'unknown-category';
  constructor(categoryId: string) {
    super(`The category ${categoryId} does not exist.`);
    this.extensions.categoryId = categoryId;
  }
}

export class CategoryNotEmptyError extends ConflictError {
  override readonly type = 'category-not-empty';
  constructor(children: number, products: number) {
    super(`The category still has ${children} subcategories and ${products} products; move or delete them first.`);
    this.extensions.children = children;
    this.extensions.products = products;
  }
}

export class CategoryCycleError extends ConflictError {
  override readonly type = 'category-cycle';
  constructor() {
    super('A category cannot be moved under itself or one of its own subcategories.');
  }
}

export class DuplicateCategoryNameError extends ConflictError {
  override readonly type = 'duplicate-category-name';
  constructor(name: string) {
    super(`A category named "${name}" already exists at this place in the tree.`);
  }
}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesController } from './categories.controller';
import { AdjustStockHandler } from './commands/adjust-stock.handler';
import { CreateCategoryHandler } from './commands/create-category.handler';
import { CreateProductHandler } from './commands/create-product.handler';
import { DeactivateProductHandler } from './commands/deactivate-product.handler';
import { DeleteCategoryHandler } from './commands/delete-category.handler';
import { UpdateCategoryHandler } from './commands/update-category.handler';
import { UpdateProductHandler } from './commands/update-product.handler';
import { Category } from './entities/category.entity';
import { Product } from './entities/product.entity';
import { StockMovement } from './entities/stock-movement.entity';
import { InventoryController } from './inventory.controller';
import { ProductsController } from './products.controller';
import { CheckStockHandler } from './queries/check-stock.handler';
import { FindUnavailableProductsHandler } from './queries/find-unavailable-products.handler';
import { GetProductLabelsHandler } from './queries/get-product-labels.handler';
import { GetCategoryHandler } from './queries/get-category.handler';
import { GetProductHandler } from './queries/get-product.handler';
import { GetStockMovementHandler } from './queries/get-stock-movement.handler';
import { ListCategoriesHandler } from './queries/list-categories.handler';
import { ListLowStockHandler } from './queries/list-low-stock.handler';
import { ListProductsHandler } from './queries/list-products.handler';
import { ListStockMovementsHandler } from './queries/list-stock-movements.handler';
import { DemoCatalogueSeeder } from './seed/demo-catalogue.seeder';
import { ProductQuotes } from './stock/product-quotes';
import { StockReservations } from './stock/stock-reservations';

/**
 * Products, categories and the stock ledger. Products are deliberately not cached: stock must be
 * read-your-writes for Orders without cross-module cache invalidation. Exports StockReservations,
 * the only way other modules change stock.
 */
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([Product, Category, StockMovement])],
  controllers: [ProductsController, CategoriesController, InventoryController],
  providers: [
    CreateProductHandler,
    UpdateProductHandler,
    DeactivateProductHandler,
    AdjustStockHandler,
    CreateCategoryHandler,
    UpdateCategoryHandler,
    DeleteCategoryHandler,
    GetProductHandler,
    ListProductsHandler,
    GetStockMovementHandler,
    ListStockMovementsHandler,
    GetCategoryHandler,
    ListCategoriesHandler,
    ListLowStockHandler,
    CheckStockHandler,
    FindUnavailableProductsHandler,
    GetProductLabelsHandler,
    ProductQuotes,
    StockReservations,
    DemoCatalogueSeeder,
  ],
  exports: [StockReservations],
})
export class InventoryModule {}

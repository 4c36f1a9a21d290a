import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inventory: a category tree, products, and the stock ledger. The ledger is append-only and its
 * sum per product always equals `products.stock` (checked by GET /inventory/stock-check).
 */
export class CreateInventory1764500000000 implements MigrationInterface {
  name = 'CreateInventory1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await queryRunner.query(`
      CREATE TABLE "categories" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(100) NOT NULL,
        "parentId" uuid NULL REFERENCES "categories"("id") ON DELETE RESTRICT,
        "version" integer NOT NULL DEFAULT 1,
        "createdAt" timestamptz(3) NOT NULL DEFAULT now(),
        "updatedAt" timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_categories_not_own_parent" CHECK ("parentId" IS NULL OR "parentId" <> "id")
      )`);
    // Sibling names are unique (case-insensitive); roots are siblings of each other.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_categories_sibling_name" ON "categories" (COALESCE("parentId", '00000000-0000-0000-0000-000000000000'::uuid), lower("name"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_categories_parent" ON "categories" ("parentId")`);

    // createdAt has millisecond precision so a JavaScript Date carries it exactly in keyset cursors.
    await queryRunner.query(`
      CREATE TABLE "products" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "sku" varchar(64) NOT NULL,
        "name" varchar(200) NOT NULL,
        "description" text NULL,
        "priceCents" integer NOT NULL,
        "currency" char(3) NOT NULL,
        "stock" integer NOT NULL DEFAULT 0,
        "lowStockThreshold" integer NOT NULL DEFAULT 5,
        "categoryId" uuid NULL REFERENCES "categories"("id") ON DELETE RESTRICT,
        "metadata" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "active" boolean NOT NULL DEFAULT true,
        "version" integer NOT NULL DEFAULT 1,
        "createdAt" timestamptz(3) NOT NULL DEFAULT now(),
        "updatedAt" timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_products_stock_non_negative" CHECK ("stock" >= 0),
        CONSTRAINT "CHK_products_price_range" CHECK ("priceCents" BETWEEN 0 AND 99999999),
        CONSTRAINT "CHK_products_low_stock_threshold" CHECK ("lowStockThreshold" >= 0),
        CONSTRAINT "CHK_products_metadata_object" CHECK (jsonb_typeof("metadata") = 'object')
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_products_sku" ON "products" (lower("sku"))`);
    await queryRunner.query(`CREATE INDEX "IDX_products_created" ON "products" ("createdAt", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_products_category" ON "products" ("categoryId")`);
    // `q` is a case-insensitive substring search on name and sku (ILIKE '%q%'), served by trigrams.
    await queryRunner.query(`CREATE INDEX "IDX_products_name_trgm" ON "products" USING gin ("name" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_products_sku_trgm" ON "products" USING gin ("sku" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_products_low_stock" ON "products" ("stock", "id") WHERE "active"`);

    await queryRunner.query(`
      CREATE TABLE "stock_movements" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "productId" uuid NOT NULL REFERENCES "products"("id") ON DELETE RESTRICT,
        "delta" integer NOT NULL,
        "reason" varchar(20) NOT NULL,
        "stockAfter" integer NOT NULL,
        "orderId" uuid NULL,
        "note" varchar(500) NULL,
        "actorId" uuid NULL,
        "actorRole" varchar(20) NOT NULL,
        "createdAt" timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_stock_movements_reason" CHECK ("reason" IN ('initial', 'adjustment', 'order', 'cancellation', 'deletion')),
        CONSTRAINT "CHK_stock_movements_delta" CHECK ("delta" <> 0 OR "reason" = 'initial')
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_stock_movements_product" ON "stock_movements" ("productId", "createdAt", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_stock_movements_order" ON "stock_movements" ("orderId") WHERE "orderId" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stock_movements"`);
    await queryRunner.query(`DROP TABLE "products"`);
    await queryRunner.query(`DROP TABLE "categories"`);
  }
}

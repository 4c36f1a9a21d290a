import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the sales report on a big table (bench/sales-report.js): a month's orders and their lines
 * must be read without visiting every line or the orders' rows.
 *
 * - Order ids become time-ordered (UUID v7: the app makes them, `uuidv7()` is the column default on
 *   PostgreSQL 18+, the default stays random on older servers). A month's orders then have ids in
 *   one narrow range, and so do their lines in the ("orderId", …) index. Existing ids stay as they are.
 * - Two existing indexes become covering, so the report's range scans are index-only; no index is
 *   added, so an order's insert still writes the same number of index entries:
 *   `IDX_orders_created` ("createdAt" DESC, "id" DESC) also carries "status" and "totalCents",
 *   `UQ_order_items_product` ("orderId", "productId") also carries "quantity" and "lineTotalCents".
 *   Those columns are already in other indexes of orders (status, total), so updating them was
 *   never a HOT update there; an order edit that changes a line's quantity now is not one either.
 *
 * Plain (not CONCURRENTLY) builds, inside the migration's transaction: on a large live table each
 * rebuild blocks writes to that table for its duration (seconds per million rows).
 */
export class TimeOrderedOrderIds1764750000010 implements MigrationInterface {
  name = 'TimeOrderedOrderIds1764750000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        IF to_regprocedure('uuidv7()') IS NOT NULL THEN
          ALTER TABLE "orders" ALTER COLUMN "id" SET DEFAULT uuidv7();
        END IF;
      END $$`);
    await queryRunner.query(`DROP INDEX "IDX_orders_created"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_orders_created" ON "orders" ("createdAt" DESC, "id" DESC) INCLUDE ("status", "totalCents")`,
    );
    await queryRunner.query(`
      ALTER TABLE "order_items"
        DROP CONSTRAINT "UQ_order_items_product",
        ADD CONSTRAINT "UQ_order_items_product" UNIQUE ("orderId", "productId") INCLUDE ("quantity", "lineTotalCents")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "order_items"
        DROP CONSTRAINT "UQ_order_items_product",
        ADD CONSTRAINT "UQ_order_items_product" UNIQUE ("orderId", "productId")`);
    await queryRunner.query(`DROP INDEX "IDX_orders_created"`);
    await queryRunner.query(`CREATE INDEX "IDX_orders_created" ON "orders" ("createdAt" DESC, "id" DESC)`);
    await queryRunner.query(`ALTER TABLE "orders" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`);
  }
}

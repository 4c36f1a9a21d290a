import { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders, their lines, the audit history (outlives orders) and Idempotency-Key records. */
export class CreateOrders1764600000000 implements MigrationInterface {
  name = 'CreateOrders1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "order_number_seq" START WITH 100001`);
    await queryRunner.query(`
      CREATE TABLE "orders" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "number" bigint NOT NULL UNIQUE DEFAULT nextval('order_number_seq'),
        "customerId" uuid NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT,
        "status" varchar(16) NOT NULL,
        "paymentStatus" varchar(16) NOT NULL,
        "currency" char(3) NOT NULL,
        "subtotalCents" bigint NOT NULL,
        "taxCents" bigint NOT NULL,
        "shippingCents" bigint NOT NULL,
        "discountCents" bigint NOT NULL DEFAULT 0,
        "totalCents" bigint NOT NULL,
        "shippingAddress" jsonb NOT NULL,
        "shippingMethod" varchar(16) NOT NULL,
        "paymentMethod" varchar(64),
        "paymentReference" varchar(128),
        "notes" text,
        "trackingNumber" varchar(128),
        "cancelReason" varchar(500),
        "confirmedAt" timestamptz,
        "processingAt" timestamptz,
        "shippedAt" timestamptz,
        "deliveredAt" timestamptz,
        "cancelledAt" timestamptz,
        "refundedAt" timestamptz,
        "paidAt" timestamptz,
        "version" integer NOT NULL DEFAULT 1,
        "createdAt" timestamptz(3) NOT NULL DEFAULT now(),
        "updatedAt" timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_orders_status" CHECK ("status" IN ('pending','confirmed','processing','shipped','delivered','cancelled','refunded')),
        CONSTRAINT "CHK_orders_payment_status" CHECK ("paymentStatus" IN ('pending','paid','failed','refunded')),
        CONSTRAINT "CHK_orders_money" CHECK ("subtotalCents" >= 0 AND "taxCents" >= 0 AND "shippingCents" >= 0 AND "discountCents" >= 0 AND "totalCents" = "subtotalCents" + "taxCents" + "shippingCents" - "discountCents")
      )`);
    // Keyset pagination, newest first, for every list shape: all, one customer, one status.
    await queryRunner.query(`CREATE INDEX "IDX_orders_created" ON "orders" ("createdAt" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "IDX_orders_customer_created" ON "orders" ("customerId", "createdAt" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "IDX_orders_status_created" ON "orders" ("status", "createdAt" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "IDX_orders_total" ON "orders" ("totalCents")`);

    await queryRunner.query(`
      CREATE TABLE "order_items" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "orderId" uuid NOT NULL REFERENCES "orders"("id") ON DELETE CASCADE,
        "position" smallint NOT NULL,
        "productId" uuid NOT NULL,
        "sku" varchar(64) NOT NULL,
        "name" varchar(200) NOT NULL,
        "unitPriceCents" integer NOT NULL CHECK ("unitPriceCents" >= 0),
        "quantity" integer NOT NULL CHECK ("quantity" BETWEEN 1 AND 1000),
        "lineTotalCents" bigint NOT NULL,
        CONSTRAINT "UQ_order_items_product" UNIQUE ("orderId", "productId"),
        CONSTRAINT "CHK_order_items_total" CHECK ("lineTotalCents" = "unitPriceCents"::bigint * "quantity")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_order_items_product" ON "order_items" ("productId")`);

    await queryRunner.query(`
      CREATE TABLE "order_history" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "eventId" uuid NOT NULL UNIQUE,
        "orderId" uuid NOT NULL,
        "customerId" uuid,
        "action" varchar(32) NOT NULL,
        "fromStatus" varchar(16),
        "toStatus" varchar(16),
        "changes" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "actor" jsonb NOT NULL,
        "at" timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_order_history_order" ON "order_history" ("orderId", "at", "id")`);

    await queryRunner.query(`
      CREATE TABLE "idempotency_keys" (
        "userId" uuid NOT NULL,
        "key" varchar(255) NOT NULL,
        "requestHash" char(64) NOT NULL,
        "state" varchar(16) NOT NULL,
        "responseStatus" smallint,
        "responseBody" jsonb,
        "responseHeaders" jsonb,
        "createdAt" timestamptz NOT NULL DEFAULT now(),
        "expiresAt" timestamptz NOT NULL,
        PRIMARY KEY ("userId", "key")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_idempotency_keys_expires" ON "idempotency_keys" ("expiresAt")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP TABLE "order_history"`);
    await queryRunner.query(`DROP TABLE "order_items"`);
    await queryRunner.query(`DROP TABLE "orders"`);
    await queryRunner.query(`DROP SEQUENCE "order_number_seq"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** A customer's saved orders (products and quantities, address, shipping method), placed again at today's prices. */
export class CreateOrderTemplates1764750000000 implements MigrationInterface {
  name = 'CreateOrderTemplates1764750000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "order_templates" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "customerId" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
        "name" varchar(100) NOT NULL,
        "items" jsonb NOT NULL,
        "shippingAddress" jsonb NOT NULL,
        "shippingMethod" varchar(16) NOT NULL,
        "createdAt" timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_order_templates_items" CHECK (jsonb_typeof("items") = 'array' AND jsonb_array_length("items") BETWEEN 1 AND 50)
      )`);
    // The owner's list, newest first, keyset-paged.
    await queryRunner.query(
      `CREATE INDEX "IDX_order_templates_customer_created" ON "order_templates" ("customerId", "createdAt" DESC, "id" DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "order_templates"`);
  }
}

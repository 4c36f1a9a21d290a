import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved payment methods: tokenised references to the payment provider (never card data), soft
 * deleted so orders keep their snapshot. The indexes carry the rules among a customer's live
 * (not deleted) methods: one method per type + provider token (its SHA-256 fingerprint), at most
 * one default, and the list (default first, newest first) keyset-paged.
 */
export class CreatePaymentMethods1764730000010 implements MigrationInterface {
  name = 'CreatePaymentMethods1764730000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "payment_methods" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "customerId" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
        "type" varchar(16) NOT NULL,
        "label" varchar(100) NOT NULL,
        "details" jsonb NOT NULL,
        "providerToken" varchar(255),
        "fingerprint" char(64) NOT NULL,
        "isDefault" boolean NOT NULL DEFAULT false,
        "createdAt" timestamptz(3) NOT NULL DEFAULT now(),
        "deletedAt" timestamptz(3),
        CONSTRAINT "CHK_payment_methods_type" CHECK ("type" IN ('card', 'paypal', 'bank_account')),
        CONSTRAINT "CHK_payment_methods_details" CHECK (jsonb_typeof("details") = 'object'),
        CONSTRAINT "CHK_payment_methods_live" CHECK (
          ("deletedAt" IS NULL AND "providerToken" IS NOT NULL) OR ("deletedAt" IS NOT NULL AND "providerToken" IS NULL AND NOT "isDefault")
        )
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_payment_methods_customer_fingerprint" ON "payment_methods" ("customerId", "fingerprint") WHERE "deletedAt" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_payment_methods_customer_default" ON "payment_methods" ("customerId") WHERE "isDefault" AND "deletedAt" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_payment_methods_customer_list" ON "payment_methods" ("customerId", "isDefault" DESC, "createdAt" DESC, "id" DESC) WHERE "deletedAt" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "payment_methods"`);
  }
}

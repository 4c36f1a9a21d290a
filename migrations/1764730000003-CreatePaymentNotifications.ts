import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment notifications from the provider (POST /payments/webhook), keyed by the provider's event
 * id: the primary key makes a notification apply once, however often (or in parallel) it is sent.
 * A row exists only for a notification that was applied (a refused one rolls back with its change).
 */
export class CreatePaymentNotifications1764730000003 implements MigrationInterface {
  name = 'CreatePaymentNotifications1764730000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "payment_notifications" (
        "id" varchar(255) PRIMARY KEY,
        "type" varchar(32) NOT NULL,
        "orderId" uuid NOT NULL,
        "reference" varchar(255) NOT NULL,
        "amountCents" bigint NOT NULL,
        "currency" char(3) NOT NULL,
        "occurredAt" timestamptz NOT NULL,
        "paymentStatus" varchar(16),
        "receivedAt" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_payment_notifications_order" ON "payment_notifications" ("orderId", "receivedAt")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "payment_notifications"`);
  }
}

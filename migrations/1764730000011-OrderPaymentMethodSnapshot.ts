import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order placed with a saved payment method keeps its id and a snapshot of it (type, label,
 * brand/last4/email/bankName) that later changes to the method, its deletion included, do not
 * touch. No foreign key: the snapshot is the record, and methods are only ever soft deleted.
 * Nullable columns without a default: adding them rewrites no row of a large orders table.
 */
export class OrderPaymentMethodSnapshot1764730000011 implements MigrationInterface {
  name = 'OrderPaymentMethodSnapshot1764730000011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orders" ADD COLUMN "paymentMethodId" uuid, ADD COLUMN "paymentMethodDetails" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "paymentMethodDetails", DROP COLUMN "paymentMethodId"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who cancelled an order (the actor's role): a cancellation's reason is shown to the customer only
 * when they wrote it themselves; a reason staff wrote is staff-only. Existing cancellations take the
 * role from their history entry; one without any stays NULL, which counts as staff (hidden).
 */
export class OrderCancelledBy1764740000010 implements MigrationInterface {
  name = 'OrderCancelledBy1764740000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "cancelledBy" varchar(16)`);
    await queryRunner.query(`
      UPDATE "orders" o SET "cancelledBy" = h."actor"->>'role'
        FROM (SELECT DISTINCT ON ("orderId") "orderId", "actor" FROM "order_history"
               WHERE "action" = 'cancelled' ORDER BY "orderId", "at" DESC, "id" DESC) h
       WHERE h."orderId" = o."id" AND o."status" = 'cancelled'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN IF EXISTS "cancelledBy"`);
  }
}

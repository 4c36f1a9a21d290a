import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook endpoints and their deliveries: one delivery row per event × subscribed endpoint, claimed
 * by the dispatcher of any instance with FOR UPDATE SKIP LOCKED and leased through `nextAttemptAt`.
 */
export class CreateWebhooks17647600000000 implements MigrationInterface {
  name = 'CreateWebhooks17647600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "webhook_endpoints" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "url" varchar(2048) NOT NULL,
        "events" varchar(64)[] NOT NULL,
        "description" varchar(500),
        "active" boolean NOT NULL DEFAULT true,
        "secret" varchar(128) NOT NULL,
        "createdAt" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        "updatedAt" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "webhook_endpoints_created_idx" ON "webhook_endpoints" ("createdAt", "id")`);
    await queryRunner.query(`
      CREATE TABLE "webhook_deliveries" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "endpointId" uuid NOT NULL REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE,
        "eventId" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
        "eventType" varchar(64) NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'pending',
        "attempts" int NOT NULL DEFAULT 0,
        "scheduleStart" int NOT NULL DEFAULT 0,
        "lastStatusCode" int,
        "lastError" varchar(500),
        "lastAttemptAt" timestamptz,
        "nextAttemptAt" timestamptz DEFAULT now(),
        "deliveredAt" timestamptz,
        "createdAt" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT "webhook_deliveries_once" UNIQUE ("endpointId", "eventId"),
        CONSTRAINT "webhook_deliveries_status" CHECK ("status" IN ('pending', 'succeeded', 'failed'))
      )`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("endpointId", "nextAttemptAt") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_list_idx" ON "webhook_deliveries" ("endpointId", "createdAt", "id")`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_failed_idx" ON "webhook_deliveries" ("endpointId") WHERE "status" = 'failed'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
  }
}

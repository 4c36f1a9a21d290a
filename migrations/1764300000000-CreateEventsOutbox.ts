import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEventsOutbox1764300000000 implements MigrationInterface {
  name = 'CreateEventsOutbox1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "events" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "seq" bigint UNIQUE,
        "type" varchar(64) NOT NULL,
        "aggregateType" varchar(32) NOT NULL,
        "aggregateId" uuid NOT NULL,
        "actor" jsonb NOT NULL,
        "payload" jsonb NOT NULL,
        "occurredAt" timestamptz NOT NULL DEFAULT now(),
        "handledAt" timestamptz,
        "streamedAt" timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "events_aggregate_idx" ON "events" ("aggregateId", "occurredAt")`);
    await queryRunner.query(`CREATE INDEX "events_unsequenced_idx" ON "events" ("occurredAt", "id") WHERE "seq" IS NULL`);
    await queryRunner.query(`CREATE INDEX "events_unhandled_idx" ON "events" ("occurredAt") WHERE "handledAt" IS NULL`);
    await queryRunner.query(`CREATE INDEX "events_unstreamed_idx" ON "events" ("seq") WHERE "streamedAt" IS NULL AND "seq" IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE "event_deliveries" (
        "eventId" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
        "handler" varchar(64) NOT NULL,
        "deliveredAt" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("eventId", "handler")
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_deliveries"`);
    await queryRunner.query(`DROP TABLE "events"`);
  }
}

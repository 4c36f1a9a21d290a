import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency records keep the first outcome as domain data (the created order, or the refusal's
 * domain error) instead of an HTTP response: controllers and the problem-details filter shape HTTP.
 */
export class IdempotencyOutcome1764700000000 implements MigrationInterface {
  name = 'IdempotencyOutcome1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD COLUMN "outcome" jsonb`);
    await queryRunner.query(`
      UPDATE "idempotency_keys" SET "outcome" = CASE
        WHEN "responseStatus" < 400 THEN jsonb_build_object('kind', 'created', 'order', "responseBody")
        ELSE jsonb_build_object('kind', 'refused', 'refusal', jsonb_build_object(
          'status', "responseStatus",
          'type', regexp_replace("responseBody"->>'type', '^.*/', ''),
          'title', "responseBody"->>'title',
          'detail', "responseBody"->>'detail',
          'extensions', "responseBody" - 'type' - 'title' - 'status' - 'detail' - 'instance',
          'headers', coalesce("responseHeaders", '{}'::jsonb)))
      END
      WHERE "state" = 'completed' AND "responseStatus" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "responseStatus", DROP COLUMN "responseBody", DROP COLUMN "responseHeaders"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" ADD COLUMN "responseStatus" smallint, ADD COLUMN "responseBody" jsonb, ADD COLUMN "responseHeaders" jsonb`,
    );
    await queryRunner.query(`
      UPDATE "idempotency_keys" SET
        "responseStatus" = CASE WHEN "outcome"->>'kind' = 'created' THEN 201 ELSE ("outcome"->'refusal'->>'status')::smallint END,
        "responseBody" = CASE WHEN "outcome"->>'kind' = 'created' THEN "outcome"->'order'
          ELSE jsonb_build_object('type', 'https://order-api.dev/problems/' || ("outcome"->'refusal'->>'type'),
                                  'title', "outcome"->'refusal'->'title', 'status', "outcome"->'refusal'->'status',
                                  'detail', "outcome"->'refusal'->'detail') || ("outcome"->'refusal'->'extensions') END,
        "responseHeaders" = CASE WHEN "outcome"->>'kind' = 'created' THEN '{}'::jsonb ELSE "outcome"->'refusal'->'headers' END
      WHERE "outcome" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "outcome"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One delivery cursor per event sink (the Redis stream, Kafka): the highest `seq` the sink is known
 * to hold, every lower one included. The relay moves it forward in one row per sink instead of
 * marking each event, so streaming never updates `events` rows (no lock order to get wrong against
 * the handled-marking) and a sink added later starts from the beginning of the feed.
 *
 * `events.streamedAt` is no longer written; the Redis cursor starts at the last event it marked
 * without a gap. The column stays for one release, so instances still running the previous version
 * during a rolling deploy can insert their events; a later migration drops it.
 */
export class EventSinkCursors1764710000000 implements MigrationInterface {
  name = 'EventSinkCursors1764710000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "event_sink_cursors" (
        "sink" varchar(32) PRIMARY KEY,
        "seq" bigint NOT NULL DEFAULT 0 CHECK ("seq" >= 0),
        "updatedAt" timestamptz NOT NULL DEFAULT now()
      )`);
    // Everything below the first sequenced event the Redis stream did not get is on the stream.
    await queryRunner.query(`
      INSERT INTO "event_sink_cursors" ("sink", "seq")
      SELECT 'redis', coalesce(
               (SELECT min("seq") - 1 FROM "events" WHERE "seq" IS NOT NULL AND "streamedAt" IS NULL),
               (SELECT max("seq") FROM "events"))
       WHERE EXISTS (SELECT 1 FROM "events" WHERE "streamedAt" IS NOT NULL)`);
    await queryRunner.query(`DROP INDEX IF EXISTS "events_unstreamed_idx"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "events" e SET "streamedAt" = now() FROM "event_sink_cursors" c WHERE c."sink" = 'redis' AND e."seq" <= c."seq"`,
    );
    await queryRunner.query(
      `CREATE INDEX "events_unstreamed_idx" ON "events" ("seq") WHERE "streamedAt" IS NULL AND "seq" IS NOT NULL`,
    );
    await queryRunner.query(`DROP TABLE "event_sink_cursors"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `event_deliveries` is the handlers' bookkeeping (which handler recorded which event), written
 * only by handlers of events that are committed and never deleted. Its foreign key to `events`
 * guarded nothing, yet every record paid a referential check that takes a KEY SHARE lock on the
 * event row — three handlers per new order, three lockers of one row (a MultiXact each time) —
 * and those locks collided with the relay giving the events their `seq` (an UPDATE of a unique
 * column takes FOR UPDATE), which showed up as deadlocks under load. The table's own primary key
 * stays; the relay's queries join it by `eventId` as before.
 */
export class EventDeliveriesWithoutForeignKey1764720000010 implements MigrationInterface {
  name = 'EventDeliveriesWithoutForeignKey1764720000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_deliveries" DROP CONSTRAINT IF EXISTS "event_deliveries_eventId_fkey"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "event_deliveries" d WHERE NOT EXISTS (SELECT 1 FROM "events" e WHERE e."id" = d."eventId")`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_deliveries" ADD CONSTRAINT "event_deliveries_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "events"("id") ON DELETE CASCADE`,
    );
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing mail: written in the transaction of the change that causes it (or after commit by an
 * event handler), sent afterwards by the mail dispatcher of any instance, which claims due rows with
 * FOR UPDATE SKIP LOCKED and leases them through `nextAttemptAt`. Without MAIL_URL this table is
 * also the development mailbox (`transport = 'mailbox'`). `dedupeKey` makes "at most one mail per
 * cause" (an event id, a token) a unique constraint.
 */
export class CreateMailOutbox1764730000001 implements MigrationInterface {
  name = 'CreateMailOutbox1764730000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "mail_messages" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "dedupeKey" varchar(200),
        "template" varchar(64) NOT NULL,
        "to" varchar(254) NOT NULL,
        "subject" varchar(300) NOT NULL,
        "text" text,
        "html" text,
        "status" varchar(16) NOT NULL DEFAULT 'pending',
        "transport" varchar(16),
        "attempts" int NOT NULL DEFAULT 0,
        "lastError" varchar(500),
        "nextAttemptAt" timestamptz DEFAULT now(),
        "sentAt" timestamptz,
        "createdAt" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "mail_messages_once" UNIQUE ("dedupeKey"),
        CONSTRAINT "mail_messages_status" CHECK ("status" IN ('pending', 'sent', 'failed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "mail_messages_due_idx" ON "mail_messages" ("nextAttemptAt") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "mail_messages_to_idx" ON "mail_messages" ("to", "createdAt")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mail_messages"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts: when the address was verified, an address change waiting for verification, the last
 * login; and the single-use tokens mailed for email verification and password reset (stored as
 * SHA-256 hashes, never in clear). Accounts that exist before this migration keep working and count
 * as unverified.
 */
export class AccountVerificationAndTokens1764730000002 implements MigrationInterface {
  name = 'AccountVerificationAndTokens1764730000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "users"
        ADD COLUMN "emailVerifiedAt" timestamptz,
        ADD COLUMN "pendingEmail" varchar(254) CONSTRAINT "CHK_users_pending_email_lower" CHECK ("pendingEmail" = lower("pendingEmail")),
        ADD COLUMN "lastLoginAt" timestamptz`);
    await queryRunner.query(`
      CREATE TABLE "account_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "userId" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "purpose" varchar(16) NOT NULL CONSTRAINT "CHK_account_tokens_purpose" CHECK ("purpose" IN ('verify-email', 'reset-password')),
        "tokenHash" char(64) NOT NULL CONSTRAINT "UQ_account_tokens_hash" UNIQUE,
        "email" varchar(254) NOT NULL,
        "expiresAt" timestamptz NOT NULL,
        "usedAt" timestamptz,
        "createdAt" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_account_tokens_user" ON "account_tokens" ("userId", "purpose") WHERE "usedAt" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "account_tokens"`);
    await queryRunner.query(
      `ALTER TABLE "users" DROP COLUMN "lastLoginAt", DROP COLUMN "pendingEmail", DROP COLUMN "emailVerifiedAt"`,
    );
  }
}

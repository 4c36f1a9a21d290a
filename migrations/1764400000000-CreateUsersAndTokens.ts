import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, refresh-token families (rotation + reuse detection) and the database denylist of access tokens. */
export class CreateUsersAndTokens1764400000000 implements MigrationInterface {
  name = 'CreateUsersAndTokens1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "users" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "email" varchar(254) NOT NULL,
        "name" varchar(200) NOT NULL,
        "passwordHash" text NOT NULL,
        "role" varchar(16) NOT NULL DEFAULT 'customer' CONSTRAINT "CHK_users_role" CHECK ("role" IN ('customer', 'admin')),
        "active" boolean NOT NULL DEFAULT true,
        "version" integer NOT NULL DEFAULT 1,
        "createdAt" timestamptz NOT NULL DEFAULT now(),
        "updatedAt" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_users_email_lower" CHECK ("email" = lower("email"))
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users" (lower("email"))`);

    await q.query(`
      CREATE TABLE "refresh_token_families" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "userId" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "revokedAt" timestamptz,
        "revokedReason" varchar(32),
        "createdAt" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_refresh_token_families_user" ON "refresh_token_families" ("userId") WHERE "revokedAt" IS NULL`);

    await q.query(`
      CREATE TABLE "refresh_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "familyId" uuid NOT NULL REFERENCES "refresh_token_families" ("id") ON DELETE CASCADE,
        "tokenHash" char(64) NOT NULL CONSTRAINT "UQ_refresh_tokens_hash" UNIQUE,
        "expiresAt" timestamptz NOT NULL,
        "rotatedAt" timestamptz,
        "createdAt" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_refresh_tokens_family" ON "refresh_tokens" ("familyId")`);

    await q.query(`
      CREATE TABLE "revoked_access_tokens" (
        "jti" uuid PRIMARY KEY,
        "expiresAt" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "IDX_revoked_access_tokens_expires" ON "revoked_access_tokens" ("expiresAt")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "revoked_access_tokens"`);
    await q.query(`DROP TABLE "refresh_tokens"`);
    await q.query(`DROP TABLE "refresh_token_families"`);
    await q.query(`DROP TABLE "users"`);
  }
}

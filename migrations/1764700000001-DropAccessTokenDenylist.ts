import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access tokens now carry their session (the refresh-token family) and die with it, so logout no
 * longer needs a per-token denylist.
 */
export class DropAccessTokenDenylist1764700000001 implements MigrationInterface {
  name = 'DropAccessTokenDenylist1764700000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "revoked_access_tokens"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "revoked_access_tokens" ("jti" uuid PRIMARY KEY, "expiresAt" timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_revoked_access_tokens_expires" ON "revoked_access_tokens" ("expiresAt")`);
  }
}

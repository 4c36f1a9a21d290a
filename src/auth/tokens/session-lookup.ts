import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../../common/auth/auth-user';
import { AccessTokenDenylist } from './access-token-denylist';

export interface LiveSession {
  id: string;
  role: Role;
}

/**
 * Runs on every authenticated request: one primary-key lookup that answers whether the user still
 * exists and is active, their current role, and whether the token's `jti` was denied in the
 * database; plus the Redis denylist when configured. Deactivation and logout therefore take effect
 * on the very next request, on every instance.
 */
@Injectable()
export class SessionLookup {
  constructor(
    private readonly dataSource: DataSource,
    private readonly denylist: AccessTokenDenylist,
  ) {}

  async find(userId: string, jti: string): Promise<LiveSession | null> {
    const [rows, deniedInRedis] = await Promise.all([
      this.dataSource.query<Array<{ role: Role; active: boolean; revoked: boolean }>>(
        `SELECT u."role", u."active", EXISTS (SELECT 1 FROM "revoked_access_tokens" r WHERE r."jti" = $2) AS "revoked"
           FROM "users" u WHERE u."id" = $1`,
        [userId, jti],
      ),
      this.denylist.isDeniedInRedis(jti),
    ]);
    const row = rows[0];
    if (!row || !row.active || row.revoked || deniedInRedis) return null;
    return { id: userId, role: row.role };
  }
}

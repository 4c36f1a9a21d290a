import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTimeout } from '../../common/with-timeout';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { REDIS_CLIENT, RedisClient } from '../../redis/redis.module';
import { RevokedAccessToken } from '../entities/revoked-access-token.entity';

const REDIS_TIMEOUT_MS = 500;

/**
 * Access tokens logged out before they expire, by `jti`, kept until their `exp`. In Redis when
 * configured (shared by every instance, expiring by itself); in the database otherwise — and also
 * when Redis refuses the write, because the per-request user lookup always consults that table too
 * (see `SessionLookup`), so no denial is ever lost.
 */
@Injectable()
export class AccessTokenDenylist {
  private readonly logger = new Logger('AccessTokenDenylist');
  private lastDbSweep = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deny(jti: string, exp: number): Promise<void> {
    if (exp * 1000 <= Date.now()) return;
    if (this.redis) {
      try {
        await withTimeout(this.redis.set(this.key(jti), '1', { expiration: { type: 'EXAT', value: exp } }), REDIS_TIMEOUT_MS, 'denylist write');
        return;
      } catch (error) {
        this.logger.warn(`Redis unavailable, denying the token in the database instead: ${(error as Error).message}`);
      }
    }
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(RevokedAccessToken)
      .values({ jti, expiresAt: new Date(exp * 1000) })
      .orIgnore()
      .execute();
    await this.sweepExpired();
  }

  /** The Redis half of the check; the database half is part of the per-request user lookup. */
  async isDeniedInRedis(jti: string): Promise<boolean> {
    if (!this.redis) return false;
    try {
      return (await withTimeout(this.redis.exists(this.key(jti)), REDIS_TIMEOUT_MS, 'denylist read')) > 0;
    } catch (error) {
      this.logger.warn(`Redis unavailable, denylist checked in the database only: ${(error as Error).message}`);
      return false;
    }
  }

  private key(jti: string): string {
    return `${this.config.redisKeyPrefix}denied-jti:${jti}`;
  }

  private async sweepExpired(): Promise<void> {
    if (Date.now() - this.lastDbSweep < 60_000) return;
    this.lastDbSweep = Date.now();
    await this.dataSource.query(`DELETE FROM "revoked_access_tokens" WHERE "expiresAt" < now()`).catch(() => undefined);
  }
}

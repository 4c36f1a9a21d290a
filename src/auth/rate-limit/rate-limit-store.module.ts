import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { REDIS_CLIENT, RedisClient } from '../../redis/redis.module';
import { MemoryRateLimitStore } from './memory-rate-limit-store';
import { RATE_LIMIT_STORE } from './rate-limit-store';
import { RedisRateLimitStore } from './redis-rate-limit-store';

/** Redis counters when REDIS_URL is set (limits hold across instances), in-memory otherwise. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: AppConfig, redis: RedisClient | null) =>
        redis ? new RedisRateLimitStore(redis, config.redisKeyPrefix) : new MemoryRateLimitStore(),
    },
  ],
  exports: [RATE_LIMIT_STORE],
})
export class RateLimitStoreModule {}

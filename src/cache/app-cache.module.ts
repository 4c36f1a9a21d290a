import { CacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import KeyvRedis, { Keyv } from '@keyv/redis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS_CLIENT, RedisClient } from '../redis/redis.module';
import { AppCache } from './app-cache.service';

/**
 * `@nestjs/cache-manager` over cache-manager 7 / Keyv: Redis (`@keyv/redis`, sharing the app's
 * connection) when `REDIS_URL` is set, Keyv's in-memory map otherwise.
 */
@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: AppConfig, redis: RedisClient | null) => ({
        ttl: config.cacheTtlSeconds * 1000,
        // keyv ships CJS and ESM typings that TypeScript treats as distinct classes; same runtime class.
        stores: (redis
          ? [new Keyv({ store: new KeyvRedis(redis, { throwOnConnectError: false, throwOnErrors: true }), useKeyPrefix: false })]
          : [new Keyv({ ttl: config.cacheTtlSeconds * 1000 })]) as never,
      }),
    }),
  ],
  providers: [AppCache],
  exports: [AppCache],
})
export class AppCacheModule {}

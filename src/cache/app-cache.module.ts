import { Global, Module } from '@nestjs/common';
import { AppCache } from './app-cache.service';

/**
 * The app's cache: Redis (the shared connection of RedisModule, used directly so that every
 * failed write or delete is seen) when `REDIS_URL` is set, an in-process map otherwise.
 */
@Global()
@Module({
  providers: [AppCache],
  exports: [AppCache],
})
export class AppCacheModule {}

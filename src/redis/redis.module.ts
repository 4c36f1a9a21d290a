import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type { RedisClientType } from '@redis/client';
import { APP_CONFIG, AppConfig } from '../config/app-config';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type RedisClient = RedisClientType<{}, {}, {}, 2, {}>;

/** The shared Redis connection, or `null` when `REDIS_URL` is unset (single-instance mode). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

@Injectable()
class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: RedisClient | null) {}
  async onApplicationShutdown(): Promise<void> {
    const client = this.client;
    if (!client) return;
    // A client that is (re)connecting to an unreachable server has a retry timer pending: close()
    // would wait for a connection that never comes, so such a client is destroyed at once.
    if (client.isReady) await client.close().catch(() => client.destroy());
    else if (client.isOpen) client.destroy();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      // The client library is loaded only when REDIS_URL is set (it is a good part of a start's CPU).
      useFactory: (config: AppConfig): RedisClient | null => {
        if (!config.redisUrl) return null;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { createClient } = require('@redis/client') as typeof import('@redis/client');
        const logger = new Logger('Redis');
        let lastError = '';
        const client = createClient({
          url: config.redisUrl,
          // Commands fail at once while disconnected instead of queueing: Redis is a cache and a
          // fan-out, never something a request should wait for.
          disableOfflineQueue: true,
          socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(250 * 2 ** retries, 5000) },
        });
        client.on('error', (error: Error) => {
          if (error.message !== lastError) logger.warn(`Redis unavailable: ${error.message}`);
          lastError = error.message;
        });
        client.on('ready', () => {
          if (lastError) logger.log('Redis connection restored');
          lastError = '';
        });
        client.connect().catch(() => undefined);
        return client;
      },
    },
    RedisShutdown,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}

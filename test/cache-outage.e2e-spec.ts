import { createClient } from '@redis/client';
import { AppCache } from '../src/cache/app-cache.service';
import { AppConfig, loadAppConfig } from '../src/config/app-config';
import { Metrics } from '../src/metrics/metrics.service';
import type { RedisClient } from '../src/redis/redis.module';
import { startRedis, type RedisServer } from './support/redis-server';
import { waitFor } from './support/wait';

/**
 * The cache against a real redis-server with persistence that goes away and comes back with its
 * data: a delete Redis did not take is reported, the cache is bypassed meanwhile, and no entry
 * from before the outage is served after it — on this instance or any other sharing the Redis.
 */
describe('AppCache when Redis goes away and comes back with its data', () => {
  let redis: RedisServer;
  const clients: RedisClient[] = [];
  const caches: AppCache[] = [];

  beforeAll(async () => {
    redis = await startRedis({ persistence: true });
  });
  afterAll(async () => {
    for (const cache of caches) cache.onApplicationShutdown();
    for (const client of clients) client.destroy();
    await redis.destroy();
  });

  async function instance(): Promise<AppCache> {
    const config: AppConfig = { ...loadAppConfig({ NODE_ENV: 'test', REDIS_URL: redis.url }), cacheTimeoutMs: 500 };
    const client = createClient({
      url: redis.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 1000, reconnectStrategy: () => 100 },
    }) as RedisClient;
    client.on('error', () => undefined);
    clients.push(client);
    await client.connect();
    const cache = new AppCache(config, client, new Metrics());
    caches.push(cache);
    cache.onApplicationBootstrap();
    await waitFor(async () => expect(cache.isTrusted).toBe(true));
    return cache;
  }

  it('reports the failed delete, bypasses the cache meanwhile, and serves nothing from before the outage', async () => {
    const [a, b] = [await instance(), await instance()];
    const read = async (cache: AppCache) => (await cache.getMany<{ v: number }>(['k']))?.values[0];
    const { stamp } = await a.getMany(['k']);
    expect(await a.put('k', { v: 1 }, stamp)).toBe(true);
    expect(await read(b)).toEqual({ v: 1 });

    await redis.stop();
    // The delete fails and says so; neither instance serves or writes entries now.
    expect(await a.del('k')).toBe(false);
    await waitFor(async () => expect([a.isTrusted, b.isTrusted]).toEqual([false, false]));
    expect(await read(b)).toBeUndefined();

    await redis.start();
    // Redis is back with { v: 1 } on disk; it must never be served again.
    await waitFor(async () => expect([a.isTrusted, b.isTrusted]).toEqual([true, true]), 15_000);
    expect(await read(a)).toBeUndefined();
    expect(await read(b)).toBeUndefined();
    // And the cache works again: a fresh entry under the new epoch is served by both.
    const fresh = await b.getMany(['k']);
    expect(await b.put('k', { v: 2 }, fresh.stamp)).toBe(true);
    expect([await read(a), await read(b)]).toEqual([{ v: 2 }, { v: 2 }]);
  });

  it('drops an entry put under an epoch that has ended since its lookup', async () => {
    const [a, b] = [await instance(), await instance()];
    const before = await a.getMany(['late']);
    // Another instance starts a new epoch (as after an outage) while this one reads the database.
    await redis.stop();
    await redis.start();
    await waitFor(async () => expect([a.isTrusted, b.isTrusted]).toEqual([true, true]), 15_000);
    await a.put('late', { v: 1 }, before.stamp);
    expect((await b.getMany(['late'])).values[0]).toBeUndefined();
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { startRedis } from './support/redis-server';

/**
 * Once per `npm test`: a real PostgreSQL (the embedded binaries, or DATABASE_URL) and a real Redis
 * (REDIS_URL, or a redis-server binary started on a free port). Each spec file then gets a database
 * of its own on this server (see support/test-app.ts). With CI=true a missing Redis is an error.
 */
export default async function globalSetup(): Promise<void> {
  const state: { stop: Array<() => Promise<void> | void> } = { stop: [] };
  (globalThis as { __E2E__?: typeof state }).__E2E__ = state;

  if (!process.env.DATABASE_URL) {
    const dataDir = mkdtempSync(join(tmpdir(), 'oms-test-'));
    const db = await startEmbeddedPostgres(dataDir);
    process.env.DATABASE_URL = db.url;
    state.stop.push(() => db.stop());
  }
  process.env.E2E_BASE_DATABASE_URL = process.env.DATABASE_URL;

  if (!process.env.REDIS_URL) {
    const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
    if (!hasRedis) {
      if (process.env.CI === 'true') throw new Error('CI=true but neither REDIS_URL nor a redis-server binary is available');
      process.stderr.write('\n[e2e] no redis-server found: Redis-specific tests are skipped (never in CI)\n');
    } else {
      const redis = await startRedis({ persistence: false });
      state.stop.push(() => redis.destroy());
      process.env.REDIS_URL = redis.url;
    }
  }
  process.env.E2E_REDIS_URL = process.env.REDIS_URL ?? '';
}


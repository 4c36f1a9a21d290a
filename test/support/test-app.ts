import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup';

export interface TestApp {
  app: NestExpressApplication;
  /** Base URL of the listening server, e.g. http://127.0.0.1:43127 */
  url: string;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  databaseUrl: string;
  close: () => Promise<void>;
}

/** Redis is available to this run (always in CI). */
export const redisAvailable = (): boolean => Boolean(process.env.E2E_REDIS_URL);

/** A fresh, empty database on the test server (migrations run when an app boots on it). */
export async function createTestDatabase(): Promise<string> {
  const base = process.env.E2E_BASE_DATABASE_URL;
  if (!base) throw new Error('E2E_BASE_DATABASE_URL is not set: run the tests through jest (global-setup.ts)');
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Boots the real AppModule on its own database (and its own Redis key prefix), listening on a
 * loopback port. `env` overrides environment variables for this app only.
 */
export async function startTestApp(env: Record<string, string | undefined> = {}, databaseUrl?: string): Promise<TestApp> {
  const dbUrl = databaseUrl ?? (await createTestDatabase());
  const saved = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.E2E_REDIS_URL || undefined,
    REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: 'false',
  });
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (!process.env.REDIS_URL) delete process.env.REDIS_URL;
  let app: NestExpressApplication;
  try {
    app = await createApp();
    await app.listen(0, '127.0.0.1');
  } finally {
    process.env = saved;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    http: () => request(url),
    dataSource: app.get(DataSource),
    databaseUrl: dbUrl,
    close: () => app.close(),
  };
}

import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres';
import { appFolder, ensureBuilt, killAllApps, postgresProcessesOn, startApp } from './support/processes';
import { createTestDatabase } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * The built server as a user runs it (`node dist/src/main.js`, from a folder of its own so no
 * `.env` of the repository is read): start-up errors, the embedded database, a graceful SIGTERM.
 * Builds `dist/` first when it is not current.
 */
const quiet = { LOG_LEVEL: 'warn' };
// Each test starts real Node processes (a few seconds each here, a minute on a saturated CI machine).
jest.setTimeout(180_000);

describe('The server process', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  afterAll(() => killAllApps());

  it('refuses an invalid PORT with one clear line and a non-zero exit', async () => {
    const r = await startApp({ env: { ...quiet, PORT: 'abc', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' } });
    expect((await r.exited).code).toBe(1);
    const lines = r.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: Invalid environment variable PORT="abc"/);
  });

  it('refuses an unreachable DATABASE_URL with one clear line and no secret in it', async () => {
    const r = await startApp({ env: { ...quiet, DATABASE_URL: 'postgres://user:s3cret@127.0.0.1:1/orders', DATABASE_CONNECT_RETRY_MS: '0' } });
    expect((await r.exited).code).toBe(1);
    const lines = r.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot connect to the database \(DATABASE_URL\)/);
    expect(lines[0]).not.toContain('s3cret');
  });

  it('refuses to start in production without DATABASE_URL, with one clear line', async () => {
    const r = await startApp({ env: { ...quiet, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'a-real-password' } });
    expect((await r.exited).code).toBe(1);
    expect(r.output().trim().split('\n')).toEqual([
      'Configuration error: Missing environment variable DATABASE_URL: required when NODE_ENV=production (the embedded PostgreSQL is for development only)',
    ]);
  });

  it('reads a .env file from its working folder', async () => {
    const cwd = appFolder();
    writeFileSync(join(cwd, '.env'), 'SHUTDOWN_GRACE_MS=soon\n');
    const r = await startApp({ cwd, env: quiet });
    expect((await r.exited).code).toBe(1);
    expect(r.output()).toMatch(/^Configuration error: Invalid environment variable SHUTDOWN_GRACE_MS="soon"/);
  });

  it('retries its first connection while the database is unreachable, then starts: one JSON line per phase', async () => {
    // The database "appears" once the app has found it unreachable: a TCP proxy to the test server opens then.
    const target = new URL(await createTestDatabase());
    const port = await freePort();
    const url = new URL(target);
    url.port = String(port);
    const r = await startApp({ env: { DATABASE_URL: url.toString(), DATABASE_CONNECT_RETRY_MS: '30000' } });
    await waitFor(async () => expect(r.logLines().some((l) => l.phase === 'database' && l.level === 40)).toBe(true), 120_000);
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
      sockets.push(client, upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((res) => proxy.listen(port, '127.0.0.1', res));
    try {
      await r.waitReady();
      r.signal('SIGTERM');
      expect((await r.exited).code).toBe(0);
    } finally {
      sockets.forEach((s) => s.destroy());
      proxy.close();
    }
    const stdout = r.output().trim().split('\n');
    expect(stdout.every((l) => l.startsWith('{'))).toBe(true); // one JSON stream, nothing hand-built
    const phases = r.logLines().filter((l) => l.phase);
    const retries = phases.filter((l) => l.phase === 'database' && l.level === 40);
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatchObject({ attempt: 1, retryInMs: 250, error: 'ECONNREFUSED' });
    const done = (phase: string) => phases.find((l) => l.phase === phase && l.level === 30 && typeof l.durationMs === 'number');
    expect(done('database')).toMatchObject({ attempts: retries.length + 1 });
    expect(done('migrations')?.applied).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(done('listening')).toMatchObject({ database: 'external' });
    expect(phases.map((l) => l.phase)).toEqual(expect.arrayContaining(['drain', 'stopped']));
  });

  it('turns unready on SIGTERM, finishes, and exits 0 (external database)', async () => {
    const r = await startApp({ env: { ...quiet, DATABASE_URL: await createTestDatabase(), SHUTDOWN_DELAY_MS: '1500' } });
    await r.waitReady();
    r.signal('SIGTERM');
    await new Promise((res) => setTimeout(res, 300));
    const during = await fetch(`${r.url}/health/ready`);
    expect(during.status).toBe(503);
    expect(during.headers.get('content-type')).toMatch(/problem\+json/);
    const live = await fetch(`${r.url}/health/live`);
    expect(live.status).toBe(200);
    expect((await r.exited).code).toBe(0);
  });

  it('starts its embedded PostgreSQL when DATABASE_URL is unset and leaves none behind after SIGTERM', async () => {
    const cwd = appFolder();
    const dataDir = join(cwd, '.data');
    const port = await freePort();
    const first = await startApp({ cwd, port, env: { LOG_LEVEL: 'info' } });
    await first.waitReady();
    expect(first.logLines().find((l) => l.phase === 'embedded-database')).toMatchObject({
      durationMs: expect.any(Number),
      initialised: true,
      leftover: { kind: 'none' },
    });
    const health = (await (await fetch(`${first.url}/api/v1/health`)).json()) as { components: { database: { status: string } } };
    expect(health.components.database.status).toBe('up');
    expect(postgresProcessesOn(dataDir).length).toBeGreaterThan(0);
    first.signal('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(postgresProcessesOn(dataDir)).toEqual([]);

    // A second start reuses the cluster (no initdb).
    const second = await startApp({ cwd, port, env: quiet });
    await second.waitReady();
    second.signal('SIGINT');
    expect((await second.exited).code).toBe(0);
    expect(postgresProcessesOn(dataDir)).toEqual([]);

    // A postmaster.pid naming a live process that is not this folder's PostgreSQL (here: the test
    // runner itself, as after a reboot that reused the pid) does not block the start.
    const pidFile = join(dataDir, 'pg/postmaster.pid');
    writeFileSync(pidFile, `${process.pid}\n${join(dataDir, 'pg')}\n`);
    const third = await startApp({ cwd, port, env: quiet });
    await third.waitReady();
    third.signal('SIGTERM');
    expect((await third.exited).code).toBe(0);
    expect(() => process.kill(process.pid, 0)).not.toThrow();

    // When PostgreSQL itself refuses to start, its own words are the one line.
    const versionFile = join(dataDir, 'pg/PG_VERSION');
    const version = readFileSync(versionFile, 'utf8');
    writeFileSync(versionFile, '9\n');
    const refused = await startApp({ cwd, port, env: quiet });
    expect((await refused.exited).code).toBe(1);
    writeFileSync(versionFile, version);
    const lines = refused.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/did not start: FATAL: database files are incompatible with server/);
    expect(postgresProcessesOn(dataDir)).toEqual([]);
  }, 400_000);
});

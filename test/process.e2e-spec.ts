import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres';
import { createTestDatabase } from './support/test-app';

/**
 * The built server as a user runs it (`node dist/src/main.js`): start-up errors, the embedded
 * database, and a graceful SIGTERM. Builds `dist/` first when it is missing or older than `src/`.
 */
const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist/src/main.js');

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function run(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function waitUntilReady(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready on port ${port}`);
}

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }, 0);
}

const postgresProcessesUsing = (dataDir: string): number =>
  spawnSync('pgrep', ['-f', `postgres.*${dataDir}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length;

describe('The server process', () => {
  beforeAll(() => {
    if (!existsSync(MAIN) || newestSource(join(ROOT, 'src')) > statSync(MAIN).mtimeMs) {
      const build = spawnSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('nest build failed');
    }
  }, 120_000);

  it('refuses an invalid PORT with one clear line and a non-zero exit', async () => {
    const r = run({ PORT: 'abc', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' });
    expect(await r.exit).toBe(1);
    const lines = r.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: Invalid environment variable PORT="abc"/);
  });

  it('refuses an unreachable DATABASE_URL with one clear line and no secret in it', async () => {
    const r = run({ PORT: String(await freePort()), DATABASE_URL: 'postgres://user:s3cret@127.0.0.1:1/orders' });
    expect(await r.exit).toBe(1);
    const lines = r.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot connect to the database \(DATABASE_URL\)/);
    expect(lines[0]).not.toContain('s3cret');
  });

  it('turns unready on SIGTERM, finishes, and exits 0 (external database)', async () => {
    const port = await freePort();
    const r = run({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: await createTestDatabase(), SHUTDOWN_DELAY_MS: '1500' });
    await waitUntilReady(port);
    r.child.kill('SIGTERM');
    await new Promise((res) => setTimeout(res, 300));
    const during = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(during.status).toBe(503);
    expect(during.headers.get('content-type')).toMatch(/problem\+json/);
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    expect(await r.exit).toBe(0);
  });

  it('starts its embedded PostgreSQL when DATABASE_URL is unset and leaves none behind after SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oms-process-'));
    const port = await freePort();
    const first = run({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
    await waitUntilReady(port);
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).json()) as { components: { database: { status: string } } };
    expect(health.components.database.status).toBe('up');
    expect(postgresProcessesUsing(dataDir)).toBeGreaterThan(0);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(postgresProcessesUsing(dataDir)).toBe(0);

    // A second start reuses the cluster (no initdb) and is quick.
    const started = Date.now();
    const second = run({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
    await waitUntilReady(port);
    expect(Date.now() - started).toBeLessThan(15_000);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
    expect(postgresProcessesUsing(dataDir)).toBe(0);
  });
});

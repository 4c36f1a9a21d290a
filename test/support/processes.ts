import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { stopLeftoverPostgres } from '../../src/database/leftover-postgres';

/** The repository root, and the production build every process test runs. */
export const ROOT = join(__dirname, '../..');
export const MAIN = join(ROOT, 'dist/src/main.js');

/** Builds dist/ unless it is current (scripts/build-if-stale.js: a content hash, SWC when stale). */
export function ensureBuilt(): void {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build-if-stale.js')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building dist/ failed');
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process ended. */
  at: number;
}

/** One JSON line of the app's pino stream. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface AppProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** The folder the process runs in (a fresh temporary one unless given: no `.env` of the repo is read). */
  readonly cwd: string;
  /** Its DATA_DIR, absolute (the embedded PostgreSQL's cluster is `<dataDir>/pg`). */
  readonly dataDir: string;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Its stdout lines that are JSON (the pino stream). */
  logLines(): LogLine[];
  /** Resolves when GET /health/ready answers 200, with the time it took from the spawn in ms. */
  waitReady(timeoutMs?: number): Promise<number>;
  signal(signal: NodeJS.Signals): void;
  readonly exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
}

export interface StartAppOptions {
  /** Added to (and overriding) the base environment: NODE_ENV=test, LOG_LEVEL=info, no demo data. */
  env?: Record<string, string | undefined>;
  /** Working folder; default a fresh temporary one. The default DATA_DIR (./.data) lives in it. */
  cwd?: string;
  port?: number;
}

const started = new Set<AppProcess>();

/**
 * A fresh temporary working folder for an app process. Readable by others: as root the embedded
 * PostgreSQL runs as the `postgres` user, which must reach ./.data inside it.
 */
export function appFolder(prefix = 'oms-app-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Starts the production build (`node dist/src/main.js`) as a real process on 127.0.0.1 with only
 * the environment given here (not the test runner's), from a folder of its own.
 */
export async function startApp(options: StartAppOptions = {}): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const cwd = options.cwd ?? appFolder();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    SEED_DEMO_DATA: 'false',
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [MAIN], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d;
    stdout += d;
  });
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const app: AppProcess = {
    child,
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    cwd,
    dataDir: resolve(cwd, env.DATA_DIR ?? '.data'),
    output: () => output,
    logLines: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as LogLine];
          } catch {
            return [];
          }
        }),
    waitReady: async (timeoutMs = 150_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (hasExited) throw new Error(`the app exited before it was ready:\n${output}`);
        const ok = await fetch(`${app.url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) return Date.now() - spawnedAt;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`not ready on ${app.url} within ${timeoutMs} ms:\n${output}`);
    },
    signal: (signal) => {
      if (!hasExited) child.kill(signal);
    },
    exited,
    stop: async (graceMs = 20_000) => {
      if (!hasExited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  started.add(app);
  void exited.then(() => started.delete(app));
  return app;
}

/**
 * Safety net for afterAll: SIGKILL whatever a test started and did not stop, and stop the embedded
 * PostgreSQL such a kill orphans.
 */
export async function killAllApps(): Promise<void> {
  await Promise.all(
    [...started].map(async (app) => {
      app.signal('SIGKILL');
      await app.exited;
      await stopLeftoverPostgres(join(app.dataDir, 'pg')).catch(() => undefined);
    }),
  );
}

/** Pids of processes whose command line matches `pattern` (pgrep -f). */
export function pgrep(pattern: string): number[] {
  return spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
}

/** PostgreSQL servers running on a data folder (the postmaster and its children). */
export const postgresProcessesOn = (dataDir: string): number[] => pgrep(`postgres.*${dataDir}`);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

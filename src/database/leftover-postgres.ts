import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

export type LeftoverOutcome =
  | { kind: 'none' }
  /** postmaster.pid named a process that is gone or is not a PostgreSQL of this folder: removed. */
  | { kind: 'stale-pid-file'; pid: number }
  /** A PostgreSQL of this folder was still running (its launcher was killed): it was stopped. */
  | { kind: 'stopped'; pid: number; how: 'fast' | 'immediate' | 'kill'; durationMs: number };

export interface StopBounds {
  /** Wait this long after SIGINT (PostgreSQL's "fast" shutdown, what `pg_ctl stop -m fast` sends). */
  fastMs: number;
  /** Then this long after SIGQUIT ("immediate"), before SIGKILL. */
  immediateMs: number;
}

const DEFAULT_BOUNDS: StopBounds = { fastMs: 10_000, immediateMs: 5_000 };

/**
 * When the process that started the embedded PostgreSQL dies without stopping it (`kill -9`, OOM
 * killer), the server keeps running on the data folder and the next start fails on its lock file.
 * PostgreSQL's `postmaster.pid` names the server: if that process is alive and is a postgres with
 * `-D <this folder>`, it is ours from an earlier run and is stopped (fast shutdown, so everything it
 * committed is checkpointed; then immediate; then SIGKILL, each after a bound). A pid file whose
 * process is gone, or whose pid now belongs to something else, is removed — PostgreSQL's own
 * shared-memory interlock still protects the folder from a second server.
 */
export async function stopLeftoverPostgres(databaseDir: string, bounds: StopBounds = DEFAULT_BOUNDS): Promise<LeftoverOutcome> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return { kind: 'none' };
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgresOn(pid, databaseDir)) {
    unlinkSync(pidFile);
    return { kind: 'stale-pid-file', pid };
  }
  const started = Date.now();
  const steps: Array<[NodeJS.Signals, 'fast' | 'immediate' | 'kill', number]> = [
    ['SIGINT', 'fast', bounds.fastMs],
    ['SIGQUIT', 'immediate', bounds.immediateMs],
    ['SIGKILL', 'kill', 5_000],
  ];
  for (const [signal, how, waitMs] of steps) {
    signalQuietly(pid, signal);
    if (await exited(pid, waitMs)) return { kind: 'stopped', pid, how, durationMs: Date.now() - started };
  }
  throw new Error(`a PostgreSQL left running on ${databaseDir} (pid ${pid}) did not stop, even after SIGKILL`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's (the "postgres" user's when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster keeps its command line (`…/postgres -D <dir> -p <port> …`); backends rewrite theirs. */
function isPostgresOn(pid: number, databaseDir: string): boolean {
  const argv = commandLine(pid);
  if (!argv || !basename(argv[0] ?? '').startsWith('postgres')) return false;
  const dirIndex = argv.indexOf('-D');
  const dir = dirIndex >= 0 ? argv[dirIndex + 1] : undefined;
  return dir !== undefined && samePath(dir, databaseDir);
}

function commandLine(pid: number): string[] | undefined {
  try {
    if (existsSync('/proc/self/cmdline')) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    // macOS and the BSDs: no /proc. Paths with spaces are split wrongly here, which only ever
    // turns "ours" into "not ours" (the pid file is then removed and PostgreSQL itself refuses).
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

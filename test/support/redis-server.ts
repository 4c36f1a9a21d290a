import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

/** A redis-server the test owns, on a fixed loopback port, that a drill can stop and start again. */
export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  /** SIGTERM (with persistence on, Redis writes its data first) and wait for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder: with persistence, with the data it had. */
  start(): Promise<void>;
  /** Stops it for good and deletes its folder. */
  destroy(): Promise<void>;
}

/**
 * Starts `redis-server` on a free loopback port. With `persistence` (the default) it keeps an
 * append-only file in a temporary folder, so a restart brings the data back, as a production Redis
 * with AOF or RDB would after an outage.
 */
export async function startRedis(options: { persistence?: boolean } = {}): Promise<RedisServer> {
  const persistence = options.persistence ?? true;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oms-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push(...(persistence ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    start: async () => {
      const started = spawn('redis-server', args, { stdio: 'ignore' });
      child = started;
      await waitForPort(port, () => started.exitCode !== null);
    },
    stop: async () => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      await exited;
    },
    destroy: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** Resolves once something accepts TCP connections on the loopback port. */
export async function waitForPort(port: number, gaveUp: () => boolean = () => false, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gaveUp()) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { phaseLogger } from './common/process-logger';
import { ConfigError, loadAppConfig } from './config/app-config';
import { EmbeddedDatabase, launchEmbeddedPostgres } from './database/embedded-postgres';

/**
 * Start-up: validate the environment, start the embedded PostgreSQL when no DATABASE_URL is given
 * (development only), boot Nest (the first connection is retried, then migrations run), listen.
 * Each phase is one JSON line with its duration. SIGTERM/SIGINT drain (see HttpDrain) and exit 0.
 */
async function main(): Promise<void> {
  // A developer's .env, read from the working folder; tests run the app from folders without one.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadAppConfig(process.env);
  const log = phaseLogger(config.logLevel);

  let embedded: EmbeddedDatabase | undefined;
  let embeddedReady: Promise<EmbeddedDatabase> | undefined;
  const began = Date.now();
  if (!config.databaseUrl) {
    const launch = launchEmbeddedPostgres(config.dataDir);
    embeddedReady = launch.ready;
    embeddedReady.catch(() => undefined); // awaited below; not "unhandled" while the app loads
    await launch.spawned;
  }
  // The app's modules (most of a start's CPU) load while the embedded server starts up.
  let modules: [
    typeof import('./app.setup.js'),
    typeof import('./health/http-drain.js'),
    typeof import('./health/shutdown-state.js'),
  ];
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    modules = [require('./app.setup'), require('./health/http-drain'), require('./health/shutdown-state')];
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch (error) {
    await embeddedReady?.then((db) => db.stop()).catch(() => undefined);
    throw error;
  }
  const [{ createApp }, { HttpDrain }, { ShutdownState }] = modules;
  if (embeddedReady) {
    embedded = await embeddedReady;
    process.env.DATABASE_URL = embedded.url;
    const { leftover } = embedded;
    log.info(
      {
        phase: 'embedded-database',
        durationMs: Date.now() - began,
        dataDir: config.dataDir,
        port: embedded.port,
        initialised: embedded.initialised,
        leftover,
      },
      leftover.kind === 'stopped'
        ? `embedded PostgreSQL ready, after stopping the server a killed run left on ${config.dataDir} (pid ${leftover.pid})`
        : 'embedded PostgreSQL ready',
    );
  }

  const stopEmbedded = () => embedded?.stop().catch(() => undefined);
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp();
    await app.listen(config.port, config.host);
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  log.info(
    {
      phase: 'listening',
      durationMs: Math.round(performance.now()),
      address,
      database: embedded ? 'embedded' : 'external',
      cache: config.redisUrl ? 'redis' : 'memory',
    },
    `listening on ${address} (docs: ${address}/docs)`,
  );

  const drain = new HttpDrain(app.getHttpServer() as Server);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const began = Date.now();
    log.info(
      { phase: 'drain', signal, delayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs },
      'draining: readiness 503, every connection closes after its current response',
    );
    app.get(ShutdownState).startDraining();
    drain.start();
    if (config.shutdownDelayMs > 0) await new Promise((r) => setTimeout(r, config.shutdownDelayMs));
    const { forcedConnections, durationMs } = await drain.close(config.shutdownGraceMs);
    log.info(
      { phase: 'drain', durationMs, forcedConnections },
      forcedConnections
        ? `grace period over: closed ${forcedConnections} connection(s) with a request in flight`
        : 'every request finished',
    );
    // HTTP is done; what remains (pools, Redis, the relay, the embedded server) gets a bound of
    // its own, so that a hung dependency cannot keep the process past its termination period.
    setTimeout(() => {
      log.error({ phase: 'stopped' }, 'closing the database, Redis and the relay took over 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
    try {
      await app.close();
    } finally {
      await stopEmbedded();
    }
    log.info({ phase: 'stopped', durationMs: Date.now() - began }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${startupErrorLine(error)}\n`);
  process.exit(1);
});

/** One clear line for whatever stopped the start: bad config, unreachable database, busy port. */
function startupErrorLine(error: unknown): string {
  if (error instanceof ConfigError) return `Configuration error: ${error.message}`;
  const e = error as { code?: string; message?: string; address?: string; port?: number };
  if (e?.code === 'EADDRINUSE') return `Cannot listen: port ${e.port} is already in use (set PORT)`;
  if (
    e?.code === 'ECONNREFUSED' ||
    e?.code === 'ENOTFOUND' ||
    e?.code === 'ETIMEDOUT' ||
    e?.code === '28P01' ||
    e?.code === '3D000'
  ) {
    return `Cannot connect to the database (DATABASE_URL): ${e.message ?? e.code}`;
  }
  return `Start-up failed: ${e?.message ?? String(error)}`;
}

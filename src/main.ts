import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from './app.setup';
import { ConfigError, loadAppConfig } from './config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { ShutdownState } from './health/shutdown-state';

/**
 * Start-up: validate the environment, start the embedded PostgreSQL when no DATABASE_URL is given,
 * boot Nest (migrations run on connect), listen. SIGTERM/SIGINT drain and stop everything, exit 0.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadAppConfig(process.env);

  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir);
    process.env.DATABASE_URL = embedded.url;
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
  process.stdout.write(
    JSON.stringify({ level: 30, time: Date.now(), msg: `listening on ${address} (docs: ${address}/docs, database: ${embedded ? 'embedded' : 'external'}, cache: ${config.redisUrl ? 'redis' : 'memory'})` }) + '\n',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.get(ShutdownState).startDraining();
    if (config.shutdownDelayMs > 0) await new Promise((r) => setTimeout(r, config.shutdownDelayMs));
    const timer = setTimeout(() => {
      process.stderr.write(`shutdown after ${signal} took too long; exiting\n`);
      process.exit(1);
    }, 30_000);
    timer.unref();
    try {
      await app.close();
    } finally {
      await stopEmbedded();
    }
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
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'ETIMEDOUT' || e?.code === '28P01' || e?.code === '3D000') {
    return `Cannot connect to the database (DATABASE_URL): ${e.message ?? e.code}`;
  }
  return `Start-up failed: ${e?.message ?? String(error)}`;
}

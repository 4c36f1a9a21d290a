import { DataSource, DataSourceOptions } from 'typeorm';
import { connectWithRetry } from './connect-with-retry';
import type { JsonLogger } from './parameter-free-logger';

/** What `startDatabase` needs besides TypeORM's options (carried in them under this key). */
export const DATABASE_STARTUP = Symbol('database start-up');

export interface DatabaseStartup {
  /** DATABASE_CONNECT_RETRY_MS: how long the first connection is retried. */
  connectRetryMs: number;
  log: Pick<JsonLogger, 'info' | 'warn'>;
}

export type StartupDataSourceOptions = DataSourceOptions & { [DATABASE_STARTUP]: DatabaseStartup };

/**
 * TypeORM's `dataSourceFactory`: connects, retrying while the server is unreachable (a database
 * container that starts after the app, a restart in progress) for a bounded time, then applies the
 * pending migrations, with a JSON log line and its duration for each of the two phases.
 */
export async function startDatabase(options: DataSourceOptions): Promise<DataSource> {
  const { connectRetryMs, log } = (options as StartupDataSourceOptions)[DATABASE_STARTUP];
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  let began = Date.now();
  const attempts = await connectWithRetry(() => dataSource.initialize(), { budgetMs: connectRetryMs }, ({ attempt, retryInMs, error }) =>
    log.warn(
      { phase: 'database', attempt, retryInMs, error: (error as { code?: string }).code ?? String(error) },
      `database not reachable yet; retrying in ${retryInMs} ms`,
    ),
  );
  log.info({ phase: 'database', durationMs: Date.now() - began, attempts }, 'connected to the database');
  began = Date.now();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((m) => m.name);
    log.info({ phase: 'migrations', durationMs: Date.now() - began, applied: names }, names.length ? `applied ${names.length} migration(s)` : 'schema up to date');
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

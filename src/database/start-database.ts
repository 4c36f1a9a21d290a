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

/** The advisory lock key every instance takes around its migrations (any constant bigint). */
const MIGRATION_LOCK = 7_764_770_000_001;

/**
 * Runs `work` holding a session-level advisory lock: instances that start together on one database
 * migrate one after the other — the next one finds the schema up to date — instead of racing to
 * create the same tables (which fails one of them with a duplicate key in `pg_type`).
 */
export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/**
 * TypeORM's `dataSourceFactory`: connects, retrying while the server is unreachable (a database
 * container that starts after the app, a restart in progress) for a bounded time, then applies the
 * pending migrations (one instance at a time), with a JSON log line and its duration for each of
 * the two phases.
 */
export async function startDatabase(options: DataSourceOptions): Promise<DataSource> {
  const { connectRetryMs, log } = (options as StartupDataSourceOptions)[DATABASE_STARTUP];
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  let began = Date.now();
  const attempts = await connectWithRetry(
    () => dataSource.initialize(),
    { budgetMs: connectRetryMs },
    ({ attempt, retryInMs, error }) =>
      log.warn(
        { phase: 'database', attempt, retryInMs, error: (error as { code?: string }).code ?? String(error) },
        `database not reachable yet; retrying in ${retryInMs} ms`,
      ),
  );
  log.info({ phase: 'database', durationMs: Date.now() - began, attempts }, 'connected to the database');
  began = Date.now();
  try {
    const applied = await withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
    const names = applied.map((m) => m.name);
    log.info(
      { phase: 'migrations', durationMs: Date.now() - began, applied: names },
      names.length ? `applied ${names.length} migration(s)` : 'schema up to date',
    );
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

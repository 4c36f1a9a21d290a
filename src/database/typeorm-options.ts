import { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';

/** One definition of the connection, shared by the app, the migration script and tests. */
export function typeormOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    extra: { max: 20, connectionTimeoutMillis: 5000, application_name: 'order-management-api' },
  };
}

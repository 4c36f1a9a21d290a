import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type { LoggerOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ParameterFreeLogger } from './parameter-free-logger';
import { observedPgDriver } from './pg-pools';
import { DATABASE_STARTUP, startDatabase } from './start-database';
import { typeormOptions } from './typeorm-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG, PinoLogger],
      useFactory: (config: AppConfig, pino: PinoLogger) => {
        if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (main.ts starts the embedded database first)');
        pino.setContext('TypeORM');
        const logging: LoggerOptions =
          config.logLevel === 'silent' ? false : config.logLevel === 'debug' || config.logLevel === 'trace' ? 'all' : ['error', 'warn'];
        return {
          ...typeormOptions(config.databaseUrl),
          autoLoadEntities: true,
          logging,
          logger: new ParameterFreeLogger(logging, pino),
          driver: observedPgDriver(),
          // Schema comes only from migrations, applied at start-up by startDatabase, which also
          // retries the first connection (so Nest's own retry is off).
          [DATABASE_STARTUP]: { connectRetryMs: config.databaseConnectRetryMs, log: pino },
          retryAttempts: 1,
        };
      },
      dataSourceFactory: (options) => startDatabase(options!),
    }),
  ],
})
export class DatabaseModule {}

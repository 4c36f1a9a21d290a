import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type { LoggerOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ParameterFreeLogger } from './parameter-free-logger';
import { observedPgDriver } from './pg-pools';
import { typeormOptions } from './typeorm-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG, PinoLogger],
      useFactory: (config: AppConfig, pino: PinoLogger) => {
        if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (main.ts starts the embedded database first)');
        pino.setContext('TypeORM');
        const logging: LoggerOptions =
          config.logLevel === 'silent' ? false : config.logLevel === 'debug' || config.logLevel === 'trace' ? 'all' : ['error', 'warn', 'migration'];
        return {
          ...typeormOptions(config.databaseUrl),
          autoLoadEntities: true,
          // Schema comes only from migrations, applied at start-up.
          migrationsRun: true,
          retryAttempts: 1,
          retryDelay: 500,
          logging,
          logger: new ParameterFreeLogger(logging, pino),
          driver: observedPgDriver(),
        };
      },
    }),
  ],
})
export class DatabaseModule {}

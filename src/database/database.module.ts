import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { typeormOptions } from './typeorm-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (main.ts starts the embedded database first)');
        return {
          ...typeormOptions(config.databaseUrl),
          autoLoadEntities: true,
          // Schema comes only from migrations, applied at start-up.
          migrationsRun: true,
          retryAttempts: 1,
          retryDelay: 500,
          logging:
            config.logLevel === 'silent' ? false : config.logLevel === 'debug' || config.logLevel === 'trace' ? 'all' : ['error', 'warn', 'migration'],
        };
      },
    }),
  ],
})
export class DatabaseModule {}

import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_CONFIG, AppConfig, loadAppConfig } from './app-config';

/**
 * `@nestjs/config` reads the environment; `loadAppConfig` validates it and turns it into the one
 * typed object every other module injects with `@Inject(APP_CONFIG)`.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: false, envFilePath: ['.env'], cache: true })],
  providers: [{ provide: APP_CONFIG, useFactory: (): AppConfig => loadAppConfig(process.env) }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}

import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { requestIdOf } from './http/request-id';
import { processLogger } from './process-logger';

const LEVELS_ABOVE_INFO = new Set(['warn', 'error', 'fatal', 'silent']);

/** Structured JSON logs (pino); each request's lines carry its `reqId`. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Above `info` no request line is written, and binding each request's logger (an
        // AsyncLocalStorage context around the whole request) is not worth its CPU.
        ...(LEVELS_ABOVE_INFO.has(config.logLevel) ? { forRoutes: [] } : {}),
        pinoHttp: {
          logger: processLogger(),
          level: config.logLevel,
          genReqId: requestIdOf,
          // The request lines are written at `info`: above it, nothing is prepared for them either.
          autoLogging: LEVELS_ABOVE_INFO.has(config.logLevel)
            ? false
            : { ignore: (req) => (req.url ?? '').startsWith('/health/') || req.url === '/metrics' },
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'req.body.refreshToken'],
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}

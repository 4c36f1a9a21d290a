import { INestApplication, NotFoundException, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { ProblemDetailsFilter } from './common/http/problem-details.filter';
import { createValidationPipe } from './common/http/validation';
import { requestIdOf } from './common/http/request-id';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '1mb';

/** Creates the fully configured application (used by main.ts, the e2e tests and the benchmarks). */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false, abortOnError: false, bodyParser: false });
  configureApp(app);
  await app.init();
  // Nest answers unknown routes only under its global prefix; everything else ends here.
  app.use((req: Request, res: Response) => {
    const { problem } = new ProblemDetailsFilter().toProblem(new NotFoundException());
    problem.instance = req.originalUrl.split('?')[0];
    res.status(404).type('application/problem+json').send(JSON.stringify(problem));
  });
  return app;
}

export function configureApp(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestIdOf(req, res);
    next();
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.set('etag', false);

  const docsHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  const apiHelmet = helmet();
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/docs') ? docsHelmet : apiHelmet)(req, res, next));
  if (config.corsOrigins) {
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: ['X-Request-Id', 'ETag', 'Location', 'Retry-After', 'Idempotent-Replayed'],
    });
  }

  // Body parsing errors (malformed JSON, > 1 MB) are turned into problem details right here,
  // because Express middleware errors never reach Nest's exception filters.
  const problems = new ProblemDetailsFilter();
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    const { problem } = problems.toProblem(error);
    problem.instance = req.originalUrl.split('?')[0];
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  });

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app, config);
}

function setupSwagger(app: INestApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Order Management API')
      .setDescription(
        'Orders, inventory and customers behind a storefront. Errors are RFC 9457 problem details ' +
          '(application/problem+json). Money is integer minor units (`...Cents`). Lists use cursor pagination.',
      )
      .setVersion(config.version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'Order Management API' });
}

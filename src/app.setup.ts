import { INestApplication, NotFoundException, RequestMethod, UnsupportedMediaTypeException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { ProblemDetailsFilter } from './common/http/problem-details.filter';
import { createValidationPipe } from './common/http/validation';
import { requestIdOf } from './common/http/request-id';
import { documentHttpConventions } from './common/http/openapi-conventions';
import { RATE_LIMIT_STORE, RateLimitStore } from './auth/rate-limit/rate-limit-store';
import { uncountedTrafficLimiter } from './auth/rate-limit/uncounted-traffic-limiter';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '1mb';

/** Creates the fully configured application (used by main.ts, the e2e tests and the benchmarks). */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: false,
    abortOnError: false,
    bodyParser: false,
  });
  configureApp(app);
  await app.init();
  // Nest answers unknown routes only under its global prefix; everything else ends here.
  const problems = new ProblemDetailsFilter();
  app.use((req: Request, res: Response) => problems.respond(new NotFoundException(), req, res));
  return app;
}

/** Routes whose body is signed: the signature is checked on the bytes received (`req.rawBody`), not on re-serialised JSON. */
const SIGNED_BODY_PATHS = new Set([`/${API_PREFIX}/payments/webhook`]);
function keepRawBodyOfSignedRoutes(req: Request & { rawBody?: Buffer }, _res: Response, body: Buffer): void {
  if (SIGNED_BODY_PATHS.has((req.originalUrl ?? req.url).split('?')[0])) req.rawBody = body;
}

export function configureApp(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestIdOf(req, res);
    next();
  });
  app.disable('x-powered-by');
  // The client's address (rate limits, lockouts, logs) comes from X-Forwarded-For only when the
  // peer is a configured proxy; by default nobody's header is believed.
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);
  limitSockets(app.getHttpServer() as Server, config);

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
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/docs') ? docsHelmet : apiHelmet)(req, res, next),
  );
  if (config.corsOrigins) {
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: ['X-Request-Id', 'ETag', 'Location', 'Retry-After', 'Idempotent-Replayed'],
    });
  }

  // Body parsing errors (malformed JSON, > 1 MB) are turned into problem details right here,
  // because Express middleware errors never reach Nest's exception filters.
  const problems = new ProblemDetailsFilter();
  app.use((req: Request, res: Response, next: NextFunction) => {
    // Tokens and personal data must not be kept by browsers or shared caches.
    if (req.path.startsWith(`/${API_PREFIX}/`)) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Invalid-token and unknown-route traffic counts against the caller's IP like everything else.
  const uncounted = uncountedTrafficLimiter(app.get<RateLimitStore>(RATE_LIMIT_STORE), config, `/${API_PREFIX}/`);
  app.use((req: Request, res: Response, next: NextFunction) =>
    uncounted(req, res, next, (error) => problems.respond(error, req, res)),
  );
  // Every route takes JSON: a body of any other type (forms, text) is refused rather than half-parsed.
  // (`req.is` is null without a body, false for a body of another type or none declared.) An empty
  // body (`Content-Length: 0`, what fetch and HTTP libraries send for a bodiless POST such as a
  // reorder) carries nothing to misread, whatever its type.
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.is(JSON_TYPES) === false && req.headers['content-length'] !== '0'
      ? problems.respond(new UnsupportedMediaTypeException('Request bodies must be application/json.'), req, res)
      : next(),
  );
  app.use(express.json({ limit: BODY_LIMIT, type: JSON_TYPES, verify: keepRawBodyOfSignedRoutes }));
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) =>
    error ? problems.respond(error, req, res) : next(),
  );

  applyGlobalPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  if (config.docsEnabled) setupSwagger(app, config);
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * A client holds a socket only as long as it takes to send a request: request line and headers
 * within HTTP_HEADERS_TIMEOUT_MS, the whole request within HTTP_REQUEST_TIMEOUT_MS (408, then the
 * socket closes), idle keep-alive for HTTP_KEEP_ALIVE_TIMEOUT_MS, and at most HTTP_MAX_CONNECTIONS
 * sockets at once (Node closes the ones beyond at once).
 */
function limitSockets(server: Server, config: AppConfig): void {
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.maxConnections = config.maxConnections;
  // Node checks the two timeouts on this interval (30 s by default), read when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1000,
    config.headersTimeoutMs,
  );
}

/** The API under /api/v1; probes and metrics at the root. Also used to build the OpenAPI document offline. */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
}

/** The document is built on the first request for it (once), not at every start: it costs most of a second of CPU. */
function setupSwagger(app: INestApplication, config: AppConfig): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, config.version), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Order Management API',
  });
}

/** The OpenAPI document of the app's routes (served at /docs-json, written by `npm run openapi`). */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Order Management API')
      .setDescription(
        'Orders, inventory and customers behind a storefront. Errors are RFC 9457 problem details ' +
          '(application/problem+json). Money is integer minor units (`...Cents`). Lists use cursor pagination.',
      )
      .setVersion(version)
      .addServer('/')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
    // Operation ids are the controller methods' names, which say verb and resource (`createOrder`):
    // generated clients read them as function names.
    { operationIdFactory: (_controller: string, method: string) => method },
  );
  documentProblems(document);
  documentHttpConventions(document, API_PREFIX);
  return document;
}

const PROBLEM_SCHEMA = 'ProblemDetails';

/**
 * Every error is an RFC 9457 problem document, whichever route answers it: the document says so
 * once (a `ProblemDetails` schema on every 4xx/5xx response), and lists the errors every route of
 * its kind can give — 400 for input, 401 where a bearer token is needed, 429 under the global
 * rate limit, 500 — next to the route-specific ones declared on the controllers.
 */
export function documentProblems(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[PROBLEM_SCHEMA] = {
    type: 'object',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', format: 'uri', example: 'https://order-api.dev/problems/validation' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string' },
      instance: { type: 'string', example: '/api/v1/products' },
      errors: {
        type: 'array',
        description: 'Validation errors (400): at most 50, see `errorCount`',
        items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
      },
      errorCount: { type: 'integer', description: 'How many validation errors there were, when more than the 50 listed' },
      stockIssues: {
        type: 'array',
        description: 'Short lines of a stock conflict (409)',
        items: {
          type: 'object',
          properties: {
            productId: { type: 'string' },
            sku: { type: 'string' },
            name: { type: 'string' },
            requested: { type: 'integer' },
            available: { type: 'integer' },
          },
        },
      },
    },
  };
  const content = { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses;
      const add = (status: string, description: string) => (responses[status] ??= { description });
      if (operation.requestBody || (operation.parameters?.length ?? 0) > 0)
        add('400', 'Invalid input (problem details with `errors`).');
      if (operation.security?.length) add('401', 'Missing, invalid or expired bearer token.');
      if (path.startsWith(`/${API_PREFIX}/`)) add('429', 'Rate limited; see `Retry-After`.');
      add('500', 'Unexpected error; quote the `X-Request-Id` header when reporting it.');
      for (const [status, response] of Object.entries(responses)) {
        if (response && Number(status) >= 400 && !('$ref' in response) && !response.content) response.content = content;
      }
    }
  }
}

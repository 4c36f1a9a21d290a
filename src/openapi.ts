import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { writeFileSync } from 'node:fs';
import { AppModule } from './app.module';
import { applyGlobalPrefix, buildOpenApiDocument } from './app.setup';
import { packageVersion } from './config/core.config';

/**
 * The OpenAPI document without a database: Nest's preview mode reads the module graph and the
 * controllers' metadata without instantiating any provider, so nothing connects to PostgreSQL or
 * Redis and no configuration is needed. The same builder serves /docs-json in the running app.
 */
export async function createOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { preview: true, logger: false, abortOnError: false });
  try {
    applyGlobalPrefix(app);
    return buildOpenApiDocument(app, packageVersion());
  } finally {
    await app.close();
  }
}

/** `npm run openapi [-- <file>]`: writes the document (default openapi.json). */
if (require.main === module) {
  const file = process.argv[2] ?? 'openapi.json';
  createOpenApiDocument()
    .then((document) => {
      writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
      process.stdout.write(`Wrote ${file}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`OpenAPI document failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createOpenApiDocument } from '../src/openapi';
import { loginAsAdmin } from './support/auth';
import { createProduct } from './support/inventory';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The OpenAPI document as a frontend developer uses it: written without a database (`npm run
 * openapi`), turned into TypeScript types by openapi-typescript, and a small openapi-fetch program
 * (examples/client/order-flow.ts) type-checked against them and run against the real app.
 */
const ROOT = join(__dirname, '..');
const CLIENT = join(ROOT, 'examples/client');
const run = promisify(execFile);

describe('OpenAPI document and a generated client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is built without a database, and is the document the running app serves', async () => {
    const saved = { ...process.env };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']) delete process.env[name];
    try {
      const offline = await createOpenApiDocument();
      const served = (await t.http().get('/docs-json').expect(200)).body as object;
      expect(JSON.parse(JSON.stringify(offline))).toEqual(served);
    } finally {
      process.env = saved;
    }
  });

  it('declares servers, response headers, public routes, map-shaped fields, and a tag, summary and description on every operation', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    expect(doc.servers).toEqual([{ url: '/' }]);
    const responses = (method: string, path: string) => doc.paths[path][method].responses;
    const headerNames = (method: string, path: string, code: string) => Object.keys(responses(method, path)[code].headers ?? {});
    expect(headerNames('post', '/api/v1/orders', '201')).toEqual(expect.arrayContaining(['Location', 'ETag', 'Idempotent-Replayed', 'X-Request-Id']));
    expect(headerNames('post', '/api/v1/orders', '409')).toEqual(expect.arrayContaining(['Retry-After', 'Idempotent-Replayed']));
    expect(headerNames('get', '/api/v1/orders/{id}', '200')).toEqual(expect.arrayContaining(['ETag', 'X-Request-Id']));
    expect(headerNames('get', '/api/v1/orders', '429')).toContain('Retry-After');
    expect(headerNames('get', '/health/ready', '503')).toContain('Retry-After');
    for (const [path, method] of [
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/register', 'post'],
      ['/health/live', 'get'],
      ['/api/v1/health', 'get'],
    ]) {
      expect({ path, security: doc.paths[path][method].security }).toEqual({ path, security: [] });
    }
    for (const [path, operations] of Object.entries<Record<string, { tags?: string[]; security?: unknown[]; summary?: string; description?: string }>>(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const described = { tags: op.tags?.length, security: Array.isArray(op.security), summary: Boolean(op.summary), description: (op.description?.length ?? 0) > 20 };
        expect({ method, path, ...described }).toEqual({ method, path, tags: 1, security: true, summary: true, description: true });
      }
    }
    // A map is a map, not a bare `type: object`.
    const shapeless: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as { type?: string; properties?: unknown; additionalProperties?: unknown };
      if (schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined) shapeless.push(at);
      for (const [key, value] of Object.entries(node)) if (key !== 'example') walk(value, `${at}.${key}`);
    };
    walk(doc.components.schemas, 'schemas');
    expect(shapeless).toEqual([]);
  });

  it('generates types with openapi-typescript, type-checks an openapi-fetch program, and runs it against the app', async () => {
    const document = join(CLIENT, 'openapi.json');
    writeFileSync(document, JSON.stringify((await t.http().get('/docs-json').expect(200)).body));
    await run(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), document, '-o', join(CLIENT, 'schema.d.ts'), '--default-non-nullable=false'], { cwd: ROOT });
    // Type-checks the program against the generated types, and compiles it.
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', CLIENT], { cwd: ROOT });

    const admin = await loginAsAdmin(t);
    await createProduct(t, admin, { stock: 5 });
    const { stdout } = await run(process.execPath, [join(CLIENT, 'dist/order-flow.js'), t.url], { cwd: ROOT, timeout: 30_000 });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ etag: '"1"', statusBefore: 'pending', statusAfter: 'cancelled' });
    expect(result.location).toMatch(/^\/api\/v1\/orders\/[0-9a-f-]{36}$/);
    expect(result.requestId).toEqual(expect.any(String));
    expect((result.history as string[])[0]).toBe('pending');
    // Two code generators, a TypeScript compile and a child process: give a busy CI machine room.
  }, 180_000);
});

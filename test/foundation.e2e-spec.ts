import { createClient } from '@redis/client';
import { redisAvailable, startTestApp, TestApp } from './support/test-app';

describe('Foundation: probes, problem details, cross-cutting headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness without touching a dependency', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers readiness 200 once the database answers and migrations are applied', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.checks.database.status).toBe('up');
    expect(res.body.checks.migrations.status).toBe('up');
  });

  it('reports details at /api/v1/health without secrets', async () => {
    const res = await t.http().get('/api/v1/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', components: { database: { status: 'up' } } });
    expect(typeof res.body.version).toBe('string');
    expect(typeof res.body.uptimeSeconds).toBe('number');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/postgres:\/\/|redis:\/\/|password/i);
    if (redisAvailable()) expect(res.body.components.redis.status).toBe('up');
    // No Kafka in EVENTS_STREAMS here: reported as disabled, with no backlog (see kafka.e2e-spec.ts).
    expect(res.body).toMatchObject({ components: { kafka: { status: 'disabled' } }, kafkaBacklog: null });
  });

  it('answers an unknown route with a 404 problem document', async () => {
    for (const path of ['/api/v1/no-such-thing', '/no-such-thing']) {
      const res = await t.http().get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
      expect(res.body.type).toMatch(/not-found$/);
    }
  });

  it('answers malformed JSON with 400 problem details', async () => {
    const res = await t.http().post('/api/v1/anything').set('Content-Type', 'application/json').send('{"a": ').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, detail: 'The request body is not valid JSON.' });
  });

  it('answers a body over 1 MB with 413 problem details', async () => {
    const big = JSON.stringify({ notes: 'x'.repeat(1024 * 1024 + 10) });
    const res = await t.http().post('/api/v1/anything').set('Content-Type', 'application/json').send(big).expect(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(413);
  });

  it('echoes X-Request-Id, or makes one, on every response', async () => {
    const echoed = await t.http().get('/health/live').set('X-Request-Id', 'req-123');
    expect(echoed.headers['x-request-id']).toBe('req-123');
    const made = await t.http().get('/no-such-thing');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends helmet headers and no X-Powered-By', async () => {
    const res = await t.http().get('/health/live');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves Swagger UI at /docs and the OpenAPI document with the bearer scheme at /docs-json', async () => {
    await t.http().get('/docs').expect(200);
    const res = await t.http().get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('names every operation by verb and resource (operationId), once', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((operations) => Object.values(operations).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(30);
    for (const id of ids) expect(id).toMatch(/^[a-z]+[A-Z][A-Za-z]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/v1/orders']).toMatchObject({ post: { operationId: 'createOrder' }, get: { operationId: 'listOrders' } });
    expect(doc.paths['/api/v1/orders/{id}'].get.operationId).toBe('getOrder');
  });

  it('documents, for every API route, its problem-details errors (400/401/429/500 and its own) and the bearer scheme', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown; parameters?: unknown[]; responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.components.schemas.ProblemDetails.properties)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'errors']));
    // Public by the contract: anyone may call them (a token in the body or a provider's signature is their credential).
    const publicRoutes = [
      '/api/v1/auth/register',
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/login-test',
      '/api/v1/auth/verify-email',
      '/api/v1/auth/forgot-password',
      '/api/v1/auth/reset-password',
      '/api/v1/payments/webhook',
      '/api/v1/health',
    ];
    for (const [path, operations] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/'))) {
      for (const [method, op] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        const codes = Object.keys(op.responses);
        if (!publicRoutes.includes(path)) expect({ where, security: op.security }).toEqual({ where, security: [{ bearer: [] }] });
        if (op.security?.length) expect({ where, codes }).toEqual({ where, codes: expect.arrayContaining(['401']) });
        if (op.requestBody || op.parameters?.length) expect({ where, codes }).toEqual({ where, codes: expect.arrayContaining(['400']) });
        expect({ where, codes }).toEqual({ where, codes: expect.arrayContaining(['429', '500']) });
        for (const code of codes.filter((c) => Number(c) >= 200 && Number(c) < 300 && c !== '204')) {
          const content = op.responses[code].content ?? {};
          expect({ where, code, documented: Object.values(content).some((c) => Boolean(c.schema)) }).toEqual({ where, code, documented: true });
        }
        for (const code of codes.filter((c) => Number(c) >= 400)) {
          expect({ where, code, schema: op.responses[code].content?.['application/problem+json']?.schema.$ref }).toEqual({ where, code, schema: '#/components/schemas/ProblemDetails' });
        }
      }
    }
    const codesOf = (method: string, path: string) => Object.keys(doc.paths[path][method].responses);
    expect(codesOf('delete', '/api/v1/products/{id}')).toEqual(expect.arrayContaining(['204', '403', '404', '412']));
    expect(codesOf('patch', '/api/v1/categories/{id}')).toEqual(expect.arrayContaining(['200', '403', '404', '409', '412', '422']));
    expect(codesOf('post', '/api/v1/products/{id}/stock-adjustments')).toEqual(expect.arrayContaining(['201', '403', '404', '409']));
  });

  it('serves Prometheus metrics', async () => {
    await t.http().get('/health/live');
    const res = await t.http().get('/metrics').expect(200);
    expect(res.text).toContain('http_requests_total');
    expect(res.text).toContain('http_request_duration_seconds_bucket');
  });
});

describe('Foundation: a cache that is unreachable never fails a request', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A port nothing listens on: every cache call fails fast and falls through.
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1', CACHE_TIMEOUT_MS: '100' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stays ready and reports Redis down', async () => {
    await t.http().get('/health/ready').expect(200);
    const res = await t.http().get('/api/v1/health').expect(200);
    expect(res.body.components.redis.status).toBe('down');
  });
});

(redisAvailable() ? describe : describe.skip)('Foundation: the real Redis', () => {
  it('is reachable at the URL the test setup provides', async () => {
    const client = createClient({ url: process.env.E2E_REDIS_URL });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    await client.close();
  });
});

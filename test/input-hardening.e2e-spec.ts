import { loginAsAdmin } from './support/auth';
import { createProduct } from './support/inventory';
import { startTestApp, TestApp } from './support/test-app';

const cursorOf = (values: unknown): string => Buffer.from(JSON.stringify(values)).toString('base64url');

/** Whatever a client sends, the answer is a 4xx problem document: never a 500. */
describe('Hostile input is a 400 problem document, never a 500', () => {
  let t: TestApp;
  let admin: string;
  let productId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAsAdmin(t);
    productId = (await createProduct(t, admin)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectBadRequest = (res: { status: number; headers: Record<string, string>; body: { errors?: Array<{ field: string }> } }, field?: string) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (field) expect(res.body.errors?.map((e) => e.field)).toContain(field);
  };

  it('refuses NUL characters and unpaired surrogates in bodies, keys and query strings (PostgreSQL cannot store them)', async () => {
    expectBadRequest(await t.http().post('/api/v1/auth/login').send({ email: 'a\u0000@example.com', password: 'whatever1' }), 'email');
    expectBadRequest(await t.http().post('/api/v1/auth/register').send({ email: 'nul@example.com', password: 'password-1', name: 'a\u0000b' }), 'name');
    const products = () => t.http().post('/api/v1/products').auth(admin, { type: 'bearer' });
    expectBadRequest(await products().send({ sku: 'NUL-1', name: 'x\ud800', priceCents: 1, stock: 1 }), 'name');
    expectBadRequest(await products().send({ sku: 'NUL-2', name: 'x', priceCents: 1, stock: 1, metadata: { 'k\u0000': 1 } }));
    expectBadRequest(await products().send({ sku: 'NUL-3', name: 'x', priceCents: 1, stock: 1, metadata: { k: 'v\u0000' } }), 'metadata.k');
    expectBadRequest(
      await t.http().post(`/api/v1/products/${productId}/stock-adjustments`).auth(admin, { type: 'bearer' }).send({ delta: 1, reason: 'x\u0000' }),
      'reason',
    );
    expectBadRequest(await t.http().get('/api/v1/products?q=%00').auth(admin, { type: 'bearer' }), 'q');
    expectBadRequest(await t.http().post('/api/v1/categories').auth(admin, { type: 'bearer' }).send({ name: 'a\u0000' }), 'name');
  });

  it('refuses absurdly nested JSON instead of overflowing the stack', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const res = await t
      .http()
      .post('/api/v1/products')
      .auth(admin, { type: 'bearer' })
      .set('Content-Type', 'application/json')
      .send(`{"sku":"DEEP-1","name":"x","priceCents":1,"stock":1,"metadata":{"a":${deep}}}`);
    expectBadRequest(res);
  });

  it('refuses a tampered cursor whose values could not reach SQL', async () => {
    expectBadRequest(await t.http().get(`/api/v1/users?cursor=${cursorOf(['\u0000'])}`).auth(admin, { type: 'bearer' }), 'cursor');
  });

  it('refuses a tampered cursor whose sort keys are out of the columns\' range', async () => {
    for (const stock of [1.5, 1e300, 2 ** 40]) {
      expectBadRequest(await t.http().get(`/api/v1/inventory/low-stock?cursor=${cursorOf([stock, productId])}`).auth(admin, { type: 'bearer' }), 'cursor');
    }
    for (const at of ['-271821-04-20T00:00:00.000Z', '-005000-01-01T00:00:00.000Z']) {
      expectBadRequest(await t.http().get(`/api/v1/products?cursor=${cursorOf([at, productId])}`).auth(admin, { type: 'bearer' }), 'cursor');
      expectBadRequest(await t.http().get(`/api/v1/products/${productId}/stock-movements?cursor=${cursorOf([at, productId])}`).auth(admin, { type: 'bearer' }), 'cursor');
      expectBadRequest(await t.http().get(`/api/v1/orders?cursor=${cursorOf([at, productId])}`).auth(admin, { type: 'bearer' }), 'cursor');
    }
  });

  it('refuses order filters outside what a column can hold', async () => {
    for (const field of ['from', 'to']) {
      expectBadRequest(await t.http().get(`/api/v1/orders?${field}=-271821-04-20T00:00:00.000Z`).auth(admin, { type: 'bearer' }), field);
    }
    for (const field of ['minTotalCents', 'maxTotalCents']) {
      expectBadRequest(await t.http().get(`/api/v1/orders?${field}=99999999999999999999`).auth(admin, { type: 'bearer' }), field);
    }
    expectBadRequest(await t.http().get('/api/v1/orders/stats?from=-271821-04-20T00:00:00.000Z').auth(admin, { type: 'bearer' }), 'from');
    expectBadRequest(await t.http().get('/api/v1/events?after=99999999999999999999').auth(admin, { type: 'bearer' }), 'after');
  });

  it('refuses null for a PATCH field whose value cannot be absent, instead of failing on NOT NULL', async () => {
    for (const field of ['sku', 'name', 'priceCents', 'metadata', 'lowStockThreshold', 'active']) {
      expectBadRequest(await t.http().patch(`/api/v1/products/${productId}`).auth(admin, { type: 'bearer' }).send({ [field]: null }), field);
    }
    // description and categoryId are nullable: null clears them.
    const cleared = await t.http().patch(`/api/v1/products/${productId}`).auth(admin, { type: 'bearer' }).send({ description: null, categoryId: null });
    expect(cleared.status).toBe(200);

    const { id: userId } = (await t.http().post('/api/v1/auth/register').send({ email: 'nullable@example.com', password: 'password-1', name: 'N' })).body as { id: string };
    for (const field of ['role', 'active']) {
      expectBadRequest(await t.http().patch(`/api/v1/users/${userId}`).auth(admin, { type: 'bearer' }).send({ [field]: null }), field);
    }
  });

  it('answers a body that does not inflate or does not match its Content-Length with 400', async () => {
    const notGzip = await t.http().post('/api/v1/products').auth(admin, { type: 'bearer' }).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}');
    expectBadRequest(notGzip);
    expect(notGzip.body.detail).toMatch(/could not be read/);
  });

  it('answers a malformed id in the path with 400 and the field in `errors`', async () => {
    for (const path of ['/api/v1/products/123', '/api/v1/categories/abc', `/api/v1/products/${productId}/stock-movements/nope`]) {
      const res = await t.http().get(path).auth(admin, { type: 'bearer' });
      expectBadRequest(res);
      expect(res.body.errors).toEqual([{ field: expect.stringMatching(/^(id|movementId)$/), message: expect.stringContaining('UUID') }]);
    }
  });
});

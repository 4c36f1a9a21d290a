import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';

/** Issue 15 rows 3, 12, 13, 16 and issue 11 item 6: input refused by its shape before any work is spent on it. */
describe('Input shape: bounded arrays, object elements, prototype names, decimal query numbers, strong If-Match', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;
  let productId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t);
    productId = (await createProduct(t, admin, { stock: 100 })).id;
  });
  afterAll(async () => t?.close());

  const order = (body: unknown) =>
    t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send(body as object);
  const fields = (res: { body: { errors?: Array<{ field: string }> } }) => (res.body.errors ?? []).map((e) => e.field);

  it('refuses nested arrays and non-object lines with 400 naming the line, never a 500', async () => {
    const line = { productId, quantity: 1 };
    for (const items of [[[line]], [[]], [1], [null], ['x'], [line, [line]]]) {
      const res = await order({ items, shippingAddress: ADDRESS });
      expect({ items, status: res.status }).toEqual({ items, status: 400 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(fields(res).some((f) => /^items\.\d$/.test(f))).toBe(true);
    }
    expect((await order({ items: [line], shippingAddress: [ADDRESS] })).status).toBe(400);
    expect((await order({ items: [line], shippingAddress: ADDRESS })).status).toBe(201);
  });

  it('refuses an array over its limit before looking at its elements, with one error', async () => {
    const items = Array.from({ length: 10_000 }, () => ({ productId: 'not-a-uuid', quantity: -1 }));
    const began = Date.now();
    const responses = await Promise.all(Array.from({ length: 8 }, () => order({ items, shippingAddress: ADDRESS })));
    const elapsed = Date.now() - began;
    for (const res of responses) {
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'items', message: 'items must contain no more than 50 elements' }]);
      expect(res.text.length).toBeLessThan(2000);
    }
    // The figure for the report; the assertion above is what matters (one error, not 20,001).
    process.stdout.write(`8 parallel 10,000-line orders refused in ${elapsed} ms\n`);
  });

  it('lists at most 50 field errors, with the count', async () => {
    const items = Array.from({ length: 50 }, () => ({ productId: 'not-a-uuid', quantity: 0 }));
    const res = await order({ items, shippingAddress: { country: 'XX' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(50);
    expect(res.body.errorCount).toBeGreaterThan(100);
  });

  it('refuses prototype-named keys in bodies and queries like any unknown field', async () => {
    const login = (raw: string) => t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(raw);
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await login(`{"email":"a@example.com","password":"password-1","${key}":{"isAdmin":true}}`);
      expect({ key, status: res.status, fields: fields(res) }).toEqual({ key, status: 400, fields: [key] });
      const nested = await order({
        items: [{ productId, quantity: 1 }],
        shippingAddress: JSON.parse(`{"fullName":"A","line1":"B","city":"C","postalCode":"D","country":"GB","${key}":1}`),
      });
      expect({ key, status: nested.status }).toEqual({ key, status: 400 });
      const query = await t.http().get(`/api/v1/orders?${key}=1`).set(bearer(alice.accessToken));
      expect({ key, status: query.status, fields: fields(query) }).toEqual({ key, status: 400, fields: [key] });
    }
  });

  it('takes query numbers as decimal digits only', async () => {
    for (const limit of ['1e2', '0x64', '+100', '100.0', ' 100', '-1', '1_0']) {
      const res = await t
        .http()
        .get(`/api/v1/orders?limit=${encodeURIComponent(limit)}`)
        .set(bearer(alice.accessToken));
      expect({ limit, status: res.status, fields: [...new Set(fields(res))] }).toEqual({ limit, status: 400, fields: ['limit'] });
    }
    for (const [path, name] of [
      ['/api/v1/events?after=1e3', 'after'],
      ['/api/v1/orders?minTotalCents=0x10', 'minTotalCents'],
      ['/api/v1/products?limit=2.0', 'limit'],
    ]) {
      const res = await t.http().get(path).set(bearer(admin));
      expect({ path, status: res.status, fields: [...new Set(fields(res))] }).toEqual({ path, status: 400, fields: [name] });
    }
    expect((await t.http().get('/api/v1/orders?limit=100').set(bearer(alice.accessToken))).status).toBe(200);
    expect((await t.http().get('/api/v1/orders?limit=007').set(bearer(alice.accessToken))).status).toBe(200);
  });

  it('compares If-Match strongly: a weak tag never matches', async () => {
    const placed = await order({ items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS }).expect(201);
    const cancel = (ifMatch: string) =>
      t.http().post(`/api/v1/orders/${placed.body.id}/cancel`).set(bearer(alice.accessToken)).set('If-Match', ifMatch).send({});
    expect((await cancel('W/"1"')).status).toBe(412);
    expect((await cancel('W/"1", "7"')).status).toBe(412);
    expect((await cancel('"1"')).status).toBe(200);
  });
});

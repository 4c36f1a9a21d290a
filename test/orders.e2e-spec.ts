import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockOf } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';

describe('Orders: creation, totals and snapshots', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;

  beforeAll(async () => {
    t = await startTestApp({ TAX_RATE_BPS: '825', SHIPPING_STANDARD_CENTS: '599', SHIPPING_EXPRESS_CENTS: '1999', FREE_SHIPPING_THRESHOLD_CENTS: '5000' });
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('prices lines from the catalogue and computes integer totals', async () => {
    const a = await createProduct(t, admin, { priceCents: 1250, stock: 10 });
    const b = await createProduct(t, admin, { priceCents: 999, stock: 10 });
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send({ items: [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 1 }], shippingAddress: ADDRESS });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/orders/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      customerId: alice.id,
      status: 'pending',
      paymentStatus: 'pending',
      currency: 'USD',
      subtotalCents: 3499,
      taxCents: 289,
      shippingCents: 599,
      discountCents: 0,
      totalCents: 4387,
      shippingMethod: 'standard',
    });
    expect(typeof res.body.number).toBe('number');
    expect(res.body.items).toEqual([
      { productId: a.id, sku: a.sku, name: a.name, unitPriceCents: 1250, quantity: 2, lineTotalCents: 2500 },
      { productId: b.id, sku: b.sku, name: b.name, unitPriceCents: 999, quantity: 1, lineTotalCents: 999 },
    ]);
    expect(await stockOf(t, a.id)).toBe(8);
    expect(await stockOf(t, b.id)).toBe(9);

    // The snapshot does not follow later catalogue changes.
    await t.http().patch(`/api/v1/products/${a.id}`).set(bearer(admin)).send({ priceCents: 5000, name: 'Renamed' }).expect(200);
    const again = await t.http().get(`/api/v1/orders/${res.body.id}`).set(bearer(alice.accessToken)).expect(200);
    expect(again.body.items[0]).toMatchObject({ unitPriceCents: 1250, name: a.name });
  });

  it('ships standard for free from the threshold and gives increasing order numbers', async () => {
    const p = await createProduct(t, admin, { priceCents: 5000, stock: 10 });
    const body = { items: [{ productId: p.id, quantity: 1 }], shippingAddress: ADDRESS };
    const first = await t.http().post('/api/v1/orders').set(bearer(alice.accessToken)).send(body).expect(201);
    const express = await t.http().post('/api/v1/orders').set(bearer(alice.accessToken)).send({ ...body, shippingMethod: 'express' }).expect(201);
    expect(first.body.shippingCents).toBe(0);
    expect(express.body.shippingCents).toBe(1999);
    expect(express.body.number).toBeGreaterThan(first.body.number);
  });

  it('rejects prices, totals, status, customerId and unknown fields from a customer with 400', async () => {
    const p = await createProduct(t, admin);
    for (const extra of [{ totalCents: 1 }, { status: 'shipped' }, { customerId: alice.id }, { subtotalCents: 0 }]) {
      const res = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(alice.accessToken))
        .send({ items: [{ productId: p.id, quantity: 1 }], shippingAddress: ADDRESS, ...extra });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors[0].field).toBe(Object.keys(extra)[0]);
    }
    const priced = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send({ items: [{ productId: p.id, quantity: 1, unitPriceCents: 1 }], shippingAddress: ADDRESS });
    expect(priced.status).toBe(400);
  });

  it('validates items: 1–50 lines, quantity 1–1000, each product once, a real country', async () => {
    const p = await createProduct(t, admin, { stock: 100 });
    const cases = [
      { items: [], shippingAddress: ADDRESS },
      { items: [{ productId: p.id, quantity: 0 }], shippingAddress: ADDRESS },
      { items: [{ productId: p.id, quantity: 1001 }], shippingAddress: ADDRESS },
      { items: [{ productId: p.id, quantity: 1 }, { productId: p.id, quantity: 2 }], shippingAddress: ADDRESS },
      { items: [{ productId: p.id, quantity: 1 }, { productId: p.id.toUpperCase(), quantity: 2 }], shippingAddress: ADDRESS },
      { items: [{ productId: 'not-a-uuid', quantity: 1 }], shippingAddress: ADDRESS },
      { items: [{ productId: p.id, quantity: 1 }], shippingAddress: { ...ADDRESS, country: 'XX' } },
      { items: [{ productId: p.id, quantity: 1 }] },
    ];
    for (const body of cases) {
      const res = await t.http().post('/api/v1/orders').set(bearer(alice.accessToken)).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect(await stockOf(t, p.id)).toBe(100);
  });

  it('answers 409 with every short line and writes nothing when stock is insufficient', async () => {
    const a = await createProduct(t, admin, { stock: 1 });
    const b = await createProduct(t, admin, { stock: 2 });
    const c = await createProduct(t, admin, { stock: 50 });
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM "orders"`);
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send({ items: [{ productId: a.id, quantity: 3 }, { productId: c.id, quantity: 1 }, { productId: b.id, quantity: 5 }], shippingAddress: ADDRESS });
    expect(res.status).toBe(409);
    expect(res.body.stockIssues).toEqual(
      expect.arrayContaining([
        { productId: a.id, sku: a.sku, name: a.name, requested: 3, available: 1 },
        { productId: b.id, sku: b.sku, name: b.name, requested: 5, available: 2 },
      ]),
    );
    expect(res.body.stockIssues).toHaveLength(2);
    expect(await stockOf(t, c.id)).toBe(50);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM "orders"`)).toEqual(before);
  });

  it('answers 422 for unknown or inactive products', async () => {
    const p = await createProduct(t, admin);
    await t.http().delete(`/api/v1/products/${p.id}`).set(bearer(admin)).expect(204);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send({ items: [{ productId: p.id, quantity: 1 }, { productId: unknown, quantity: 1 }], shippingAddress: ADDRESS });
    expect(res.status).toBe(422);
  });

  it('lets an admin order on behalf of a customer, and refuses unknown customers', async () => {
    const p = await createProduct(t, admin);
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(admin))
      .send({ items: [{ productId: p.id, quantity: 1 }], shippingAddress: ADDRESS, customerId: alice.id })
      .expect(201);
    expect(res.body.customerId).toBe(alice.id);
    await t.http().get(`/api/v1/orders/${res.body.id}`).set(bearer(alice.accessToken)).expect(200);
    await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(admin))
      .send({ items: [{ productId: p.id, quantity: 1 }], shippingAddress: ADDRESS, customerId: '00000000-0000-4000-8000-000000000001' })
      .expect(422);
  });
});

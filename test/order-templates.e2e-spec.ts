import { randomUUID } from 'node:crypto';
import { registerCustomer, type RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockOf } from './support/orders';
import { startShop } from './support/shop';
import type { TestApp } from './support/test-app';

describe('Order templates (/order-templates)', () => {
  let t: TestApp, admin: string, alice: RegisteredCustomer, bob: RegisteredCustomer;
  beforeAll(async () => {
    ({ t, admin, alice, bob } = await startShop({
      TAX_RATE_BPS: '0',
      SHIPPING_STANDARD_CENTS: '500',
      FREE_SHIPPING_THRESHOLD_CENTS: '1000000',
    }));
  });
  afterAll(async () => {
    await t?.close();
  });

  const save = (token: string, body: object) => t.http().post('/api/v1/order-templates').set(bearer(token)).send(body);
  const placeFrom = (token: string, id: string) => t.http().post(`/api/v1/order-templates/${id}/orders`).set(bearer(token));
  const ordersOf = async (customerId: string) =>
    (
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM "orders" WHERE "customerId" = $1`, [customerId])) as Array<{
        n: number;
      }>
    )[0].n;

  it("saves a template and places orders from it at today's prices", async () => {
    const a = await createProduct(t, admin, { priceCents: 400, stock: 10 });
    const b = await createProduct(t, admin, { priceCents: 150, stock: 10 });
    const saved = await save(alice.accessToken, {
      name: '  Monday supplies ',
      items: [
        { productId: a.id, quantity: 2 },
        { productId: b.id.toUpperCase(), quantity: 1 },
      ],
      shippingAddress: ADDRESS,
    });
    expect(saved.status).toBe(201);
    expect(saved.headers.location).toBe(`/api/v1/order-templates/${saved.body.id}`);
    expect(saved.body).toEqual({
      id: expect.any(String),
      name: 'Monday supplies',
      items: [
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 1 },
      ],
      shippingAddress: ADDRESS,
      shippingMethod: 'standard',
      createdAt: expect.any(String),
    });
    expect(await stockOf(t, a.id)).toBe(10); // a template holds no stock

    await t.http().patch(`/api/v1/products/${a.id}`).set(bearer(admin)).send({ priceCents: 450 }).expect(200);
    const placed = await placeFrom(alice.accessToken, saved.body.id);
    expect(placed.status).toBe(201);
    expect(placed.headers.location).toBe(`/api/v1/orders/${placed.body.id}`);
    expect(placed.headers.etag).toBe('"1"');
    expect(placed.body).toMatchObject({
      customerId: alice.id,
      status: 'pending',
      shippingAddress: ADDRESS,
      subtotalCents: 2 * 450 + 150,
      totalCents: 2 * 450 + 150 + 500,
      items: [
        expect.objectContaining({ productId: a.id, quantity: 2, unitPriceCents: 450 }),
        expect.objectContaining({ productId: b.id, quantity: 1, unitPriceCents: 150 }),
      ],
    });
    expect(await stockOf(t, a.id)).toBe(8);
    await t.http().get(`/api/v1/orders/${placed.body.id}`).set(bearer(alice.accessToken)).expect(200);
  });

  it('validates items like an order: products must exist and be sold, each once, quantities in range', async () => {
    const a = await createProduct(t, admin, { stock: 5 });
    const retired = await createProduct(t, admin, { stock: 5 });
    await t.http().delete(`/api/v1/products/${retired.id}`).set(bearer(admin)).expect(204);
    const missing = randomUUID();
    const unknown = await save(alice.accessToken, {
      name: 'x',
      items: [
        { productId: a.id, quantity: 1 },
        { productId: missing, quantity: 1 },
        { productId: retired.id, quantity: 1 },
      ],
      shippingAddress: ADDRESS,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.unavailableProductIds).toEqual([missing, retired.id]);
    const bad = [
      { name: 'x', items: [], shippingAddress: ADDRESS },
      { name: 'x', items: [{ productId: a.id, quantity: 0 }], shippingAddress: ADDRESS },
      { name: 'x', items: [{ productId: a.id, quantity: 1001 }], shippingAddress: ADDRESS },
      {
        name: 'x',
        items: [
          { productId: a.id, quantity: 1 },
          { productId: a.id, quantity: 2 },
        ],
        shippingAddress: ADDRESS,
      },
      { name: '', items: [{ productId: a.id, quantity: 1 }], shippingAddress: ADDRESS },
      { name: 'x', items: [{ productId: a.id, quantity: 1 }] },
      { name: 'x', items: [{ productId: a.id, quantity: 1, unitPriceCents: 1 }], shippingAddress: ADDRESS },
      { name: 'x', items: [{ productId: a.id, quantity: 1 }], shippingAddress: ADDRESS, customerId: bob.id },
      { name: 'x', items: [{ productId: a.id, quantity: 1 }], shippingAddress: { ...ADDRESS, country: 'XX' } },
    ];
    for (const body of bad) {
      const res = await save(alice.accessToken, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    const [{ n }] = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM "order_templates" WHERE "customerId" = $1 AND "name" = 'x'`,
      [alice.id],
    )) as Array<{ n: number }>;
    expect(n).toBe(0);
  });

  it('checks stock when placing: 409 with stockIssues and nothing written; retired products 422', async () => {
    const scarce = await createProduct(t, admin, { stock: 1 });
    const other = await createProduct(t, admin, { stock: 10 });
    const template = (
      await save(alice.accessToken, {
        name: 'scarce',
        items: [
          { productId: scarce.id, quantity: 2 },
          { productId: other.id, quantity: 1 },
        ],
        shippingAddress: ADDRESS,
        shippingMethod: 'express',
      }).expect(201)
    ).body;
    const before = await ordersOf(alice.id);
    const short = await placeFrom(alice.accessToken, template.id);
    expect(short.status).toBe(409);
    expect(short.body.stockIssues).toEqual([expect.objectContaining({ productId: scarce.id, requested: 2, available: 1 })]);
    expect(await stockOf(t, other.id)).toBe(10);
    await t.http().delete(`/api/v1/products/${other.id}`).set(bearer(admin)).expect(204);
    expect((await placeFrom(alice.accessToken, template.id)).status).toBe(422);
    expect(await ordersOf(alice.id)).toBe(before);
  });

  it('honours Idempotency-Key: parallel retries place one order', async () => {
    const product = await createProduct(t, admin, { stock: 50 });
    const template = (
      await save(alice.accessToken, {
        name: 'weekly',
        items: [{ productId: product.id, quantity: 3 }],
        shippingAddress: ADDRESS,
      }).expect(201)
    ).body;
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => placeFrom(alice.accessToken, template.id).set('Idempotency-Key', key)),
    );
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const created = responses.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const replay = await placeFrom(alice.accessToken, template.id).set('Idempotency-Key', key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(created[0].body.id);
    expect(await stockOf(t, product.id)).toBe(47);
    // Without a key, each call is a new order.
    await placeFrom(alice.accessToken, template.id).expect(201);
    expect(await stockOf(t, product.id)).toBe(44);
  });

  it("lists, reads and deletes the caller's own templates; anyone else's is 404", async () => {
    const product = await createProduct(t, admin, { stock: 50 });
    const carol = await registerCustomer(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (
          await save(carol.accessToken, {
            name: `t${i}`,
            items: [{ productId: product.id, quantity: 1 }],
            shippingAddress: ADDRESS,
          }).expect(201)
        ).body.id,
      );
    }
    const first = await t.http().get('/api/v1/order-templates?limit=2').set(bearer(carol.accessToken)).expect(200);
    expect(first.body.items.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
    const second = await t
      .http()
      .get(`/api/v1/order-templates?limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(carol.accessToken))
      .expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect((await t.http().get('/api/v1/order-templates').set(bearer(bob.accessToken)).expect(200)).body.items).toEqual([]);
    await t.http().get('/api/v1/order-templates?limit=0').set(bearer(carol.accessToken)).expect(400);
    await t.http().get('/api/v1/order-templates?cursor=garbage').set(bearer(carol.accessToken)).expect(400);

    await t.http().get(`/api/v1/order-templates/${ids[0]}`).set(bearer(carol.accessToken)).expect(200);
    for (const token of [bob.accessToken, admin]) {
      expect((await t.http().get(`/api/v1/order-templates/${ids[0]}`).set(bearer(token))).status).toBe(404);
      expect((await placeFrom(token, ids[0])).status).toBe(404);
      expect((await t.http().delete(`/api/v1/order-templates/${ids[0]}`).set(bearer(token))).status).toBe(404);
    }
    expect(await stockOf(t, product.id)).toBe(50);
    expect((await t.http().get('/api/v1/order-templates/nope').set(bearer(carol.accessToken))).status).toBe(400);
    expect((await placeFrom(carol.accessToken, ids[0]).send({ items: [] })).status).toBe(400);

    await t.http().delete(`/api/v1/order-templates/${ids[0]}`).set(bearer(carol.accessToken)).expect(204);
    expect((await t.http().get(`/api/v1/order-templates/${ids[0]}`).set(bearer(carol.accessToken))).status).toBe(404);
    expect((await t.http().delete(`/api/v1/order-templates/${ids[0]}`).set(bearer(carol.accessToken))).status).toBe(404);
    await t.http().get('/api/v1/order-templates').expect(401);
  });
});

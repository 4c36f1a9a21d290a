import type { RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockOf } from './support/orders';
import { startShop } from './support/shop';
import type { TestApp } from './support/test-app';

describe('Orders: reorder (POST /orders/:id/reorder)', () => {
  let t: TestApp, admin: string, alice: RegisteredCustomer, bob: RegisteredCustomer;
  beforeAll(async () => {
    ({ t, admin, alice, bob } = await startShop({
      TAX_RATE_BPS: '0',
      SHIPPING_EXPRESS_CENTS: '1500',
      FREE_SHIPPING_THRESHOLD_CENTS: '1000000',
    }));
  });
  afterAll(async () => {
    await t?.close();
  });

  const address = { ...ADDRESS, line2: 'Flat 3', phone: '+44 20 7946 0000' };
  const place = async (who: RegisteredCustomer, items: Array<{ productId: string; quantity: number }>) =>
    (
      await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(who.accessToken))
        .send({ items, shippingAddress: address, shippingMethod: 'express', notes: 'leave at the door', paymentMethod: 'card' })
        .expect(201)
    ).body;
  const reorder = (token: string, id: string) => t.http().post(`/api/v1/orders/${id}/reorder`).set(bearer(token));

  it("places a new order with the same products, quantities, address and method at today's prices", async () => {
    const a = await createProduct(t, admin, { priceCents: 1000, stock: 10 });
    const b = await createProduct(t, admin, { priceCents: 250, stock: 10 });
    const first = await place(alice, [
      { productId: a.id, quantity: 2 },
      { productId: b.id, quantity: 3 },
    ]);
    await t.http().patch(`/api/v1/products/${a.id}`).set(bearer(admin)).send({ priceCents: 1200 }).expect(200);
    // Even a cancelled order can be ordered again.
    await t.http().post(`/api/v1/orders/${first.id}/cancel`).set(bearer(alice.accessToken)).send({}).expect(200);

    const res = await reorder(alice.accessToken, first.id);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/orders/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.id).not.toBe(first.id);
    expect(res.body).toMatchObject({
      customerId: alice.id,
      status: 'pending',
      shippingAddress: address,
      shippingMethod: 'express',
      notes: null,
      paymentMethod: null,
      subtotalCents: 2 * 1200 + 3 * 250,
      shippingCents: 1500,
      totalCents: 2 * 1200 + 3 * 250 + 1500,
      items: [
        expect.objectContaining({ productId: a.id, quantity: 2, unitPriceCents: 1200, lineTotalCents: 2400 }),
        expect.objectContaining({ productId: b.id, quantity: 3, unitPriceCents: 250, lineTotalCents: 750 }),
      ],
    });
    expect(await stockOf(t, a.id)).toBe(8);
    expect(await stockOf(t, b.id)).toBe(7);

    // Staff reorder for the order's customer.
    const byStaff = await reorder(admin, first.id).expect(201);
    expect(byStaff.body.customerId).toBe(alice.id);
  });

  it('checks stock as for any order: 409 with stockIssues and nothing written; inactive products 422', async () => {
    const scarce = await createProduct(t, admin, { stock: 3 });
    const other = await createProduct(t, admin, { stock: 10 });
    const first = await place(alice, [
      { productId: scarce.id, quantity: 2 },
      { productId: other.id, quantity: 1 },
    ]);
    const short = await reorder(alice.accessToken, first.id);
    expect(short.status).toBe(409);
    expect(short.body.stockIssues).toEqual([expect.objectContaining({ productId: scarce.id, requested: 2, available: 1 })]);
    expect(await stockOf(t, other.id)).toBe(9);
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM "orders" WHERE "customerId" = $1`, [
      alice.id,
    ])) as Array<{ n: number }>;

    await t.http().delete(`/api/v1/products/${other.id}`).set(bearer(admin)).expect(204);
    await t
      .http()
      .post(`/api/v1/products/${scarce.id}/stock-adjustments`)
      .set(bearer(admin))
      .send({ delta: 10, reason: 'restock' })
      .expect(201);
    const gone = await reorder(alice.accessToken, first.id);
    expect(gone.status).toBe(422);
    expect(gone.body.unavailableProductIds).toEqual([other.id]);
    const [{ n: after }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM "orders" WHERE "customerId" = $1`, [
      alice.id,
    ])) as Array<{ n: number }>;
    expect(after).toBe(n);
  });

  it('honours Idempotency-Key: parallel retries create one order and replay it', async () => {
    const product = await createProduct(t, admin, { stock: 100 });
    const first = await place(alice, [{ productId: product.id, quantity: 1 }]);
    const key = `reorder-${first.id}`;
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => reorder(alice.accessToken, first.id).set('Idempotency-Key', key)),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const replay = await reorder(alice.accessToken, first.id).set('Idempotency-Key', key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(created[0].body.id);
    expect(await stockOf(t, product.id)).toBe(98);

    // The same key for another request is refused.
    const other = await place(alice, [{ productId: product.id, quantity: 1 }]);
    expect((await reorder(alice.accessToken, other.id).set('Idempotency-Key', key)).status).toBe(422);
    expect((await reorder(alice.accessToken, other.id).set('Idempotency-Key', 'x'.repeat(256))).status).toBe(400);
  });

  it("answers 404 for another customer's order and 400 for a bad id or a body with fields", async () => {
    const product = await createProduct(t, admin, { stock: 10 });
    const first = await place(alice, [{ productId: product.id, quantity: 1 }]);
    const stolen = await reorder(bob.accessToken, first.id);
    expect(stolen.status).toBe(404);
    expect(await stockOf(t, product.id)).toBe(9);
    expect((await reorder(alice.accessToken, 'not-a-uuid')).status).toBe(400);
    const steered = await reorder(alice.accessToken, first.id).send({ customerId: bob.id });
    expect(steered.status).toBe(400);
    await reorder(alice.accessToken, first.id).send({}).expect(201);
  });
});

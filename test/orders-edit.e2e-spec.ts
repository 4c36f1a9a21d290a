import { registerCustomer, type RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockCheck, stockOf } from './support/orders';
import { startShop } from './support/shop';
import type { TestApp } from './support/test-app';
import { waitFor } from './support/wait';

describe('Orders: editing a pending order (PATCH /orders/:id)', () => {
  let t: TestApp, admin: string, alice: RegisteredCustomer, bob: RegisteredCustomer;
  beforeAll(async () => {
    ({ t, admin, alice, bob } = await startShop({
      TAX_RATE_BPS: '1000',
      SHIPPING_STANDARD_CENTS: '500',
      SHIPPING_EXPRESS_CENTS: '1500',
      FREE_SHIPPING_THRESHOLD_CENTS: '100000',
    }));
  });
  afterAll(async () => {
    await t?.close();
  });

  const order = async (who: RegisteredCustomer, items: Array<{ productId: string; quantity: number }>) =>
    (await t.http().post('/api/v1/orders').set(bearer(who.accessToken)).send({ items, shippingAddress: ADDRESS }).expect(201))
      .body;
  const edit = (token: string, id: string, body: object) => t.http().patch(`/api/v1/orders/${id}`).set(bearer(token)).send(body);
  const ledgerOf = async (orderId: string) =>
    (await t.dataSource.query(`SELECT "productId", "delta", "reason" FROM "stock_movements" WHERE "orderId" = $1 `, [
      orderId,
    ])) as Array<{
      productId: string;
      delta: number;
      reason: string;
    }>;

  it('reserves exactly the extra units, releases a removed line, prices a new line today and keeps the others', async () => {
    const a = await createProduct(t, admin, { priceCents: 1000, stock: 10 });
    const b = await createProduct(t, admin, { priceCents: 300, stock: 10 });
    const c = await createProduct(t, admin, { priceCents: 700, stock: 10 });
    const placed = await order(alice, [
      { productId: a.id, quantity: 2 },
      { productId: b.id, quantity: 1 },
    ]);
    // Today's prices move: a's line keeps its snapshot, c is added at its new price.
    await t.http().patch(`/api/v1/products/${a.id}`).set(bearer(admin)).send({ priceCents: 9999 }).expect(200);
    await t.http().patch(`/api/v1/products/${c.id}`).set(bearer(admin)).send({ priceCents: 800 }).expect(200);

    const res = await edit(alice.accessToken, placed.id, {
      items: [
        { productId: a.id, quantity: 5 },
        { productId: c.id, quantity: 2 },
      ],
      shippingMethod: 'express',
      notes: 'ring twice',
    }).set('If-Match', '"1"');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body.items).toEqual([
      { productId: a.id, sku: a.sku, name: a.name, unitPriceCents: 1000, quantity: 5, lineTotalCents: 5000 },
      { productId: c.id, sku: c.sku, name: c.name, unitPriceCents: 800, quantity: 2, lineTotalCents: 1600 },
    ]);
    expect(res.body).toMatchObject({
      subtotalCents: 6600,
      taxCents: 660,
      shippingCents: 1500,
      totalCents: 8760,
      shippingMethod: 'express',
      notes: 'ring twice',
      version: 2,
    });
    expect(await stockOf(t, a.id)).toBe(5); // 10 - 2 - 3 more
    expect(await stockOf(t, b.id)).toBe(10); // its unit came back
    expect(await stockOf(t, c.id)).toBe(8);
    const ledger = await ledgerOf(placed.id);
    expect(ledger).toHaveLength(5);
    expect(ledger).toEqual(
      expect.arrayContaining([
        { productId: a.id, delta: -3, reason: 'order' },
        { productId: b.id, delta: 1, reason: 'order' },
        { productId: c.id, delta: -2, reason: 'order' },
      ]),
    );
    expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0 });

    // Read-your-writes: the next read shows the edit.
    const read = await t.http().get(`/api/v1/orders/${placed.id}`).set(bearer(alice.accessToken)).expect(200);
    expect(read.body).toMatchObject({ version: 2, totalCents: 8760 });

    // The event and the history say what changed.
    const [event] = (await t.dataSource.query(
      `SELECT "payload" FROM "events" WHERE "type" = 'order.updated' AND "aggregateId" = $1`,
      [placed.id],
    )) as Array<{
      payload: { changes: Record<string, unknown>; version: number };
    }>;
    expect(event.payload.version).toBe(2);
    expect(event.payload.changes).toMatchObject({
      items: {
        added: [{ productId: c.id, sku: c.sku, quantity: 2, unitPriceCents: 800 }],
        removed: [{ productId: b.id, sku: b.sku, quantity: 1, unitPriceCents: 300 }],
        changed: [{ productId: a.id, sku: a.sku, fromQuantity: 2, toQuantity: 5 }],
      },
      shippingMethod: { from: 'standard', to: 'express' },
      notes: { from: null, to: 'ring twice' },
      totalCents: { from: placed.totalCents, to: 8760 },
    });
    await waitFor(async () => {
      const history = await t.http().get(`/api/v1/orders/${placed.id}/history`).set(bearer(alice.accessToken)).expect(200);
      expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['created', 'updated']);
      expect(history.body.items[1].changes.shippingMethod).toEqual({ from: 'standard', to: 'express' });
      expect(history.body.items[1].actor).toEqual({ id: alice.id, role: 'customer' });
    });
  });

  it('changes the shipping address alone, and an admin may edit any order', async () => {
    const p = await createProduct(t, admin, { stock: 5 });
    const placed = await order(alice, [{ productId: p.id, quantity: 1 }]);
    const address = { ...ADDRESS, line1: '1 New Road', city: 'Cambridge' };
    const res = await edit(admin, placed.id, { shippingAddress: address }).expect(200);
    expect(res.body.shippingAddress).toMatchObject({ line1: '1 New Road', city: 'Cambridge' });
    expect(res.body.totalCents).toBe(placed.totalCents);
    expect(await stockOf(t, p.id)).toBe(4);
    // The same address again changes nothing: no new version.
    const same = await edit(admin, placed.id, { shippingAddress: address }).expect(200);
    expect(same.body.version).toBe(2);
  });

  it('refuses short stock with 409 and every short line, and changes nothing', async () => {
    const a = await createProduct(t, admin, { stock: 3 });
    const b = await createProduct(t, admin, { stock: 1 });
    const placed = await order(alice, [{ productId: a.id, quantity: 1 }]);
    const res = await edit(alice.accessToken, placed.id, {
      items: [
        { productId: a.id, quantity: 10 },
        { productId: b.id, quantity: 4 },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.stockIssues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: a.id, requested: 9, available: 2 }),
        expect.objectContaining({ productId: b.id, requested: 4, available: 1 }),
      ]),
    );
    expect(res.body.stockIssues).toHaveLength(2);
    expect(await stockOf(t, a.id)).toBe(2);
    expect(await stockOf(t, b.id)).toBe(1);
    const read = await t.http().get(`/api/v1/orders/${placed.id}`).set(bearer(alice.accessToken)).expect(200);
    expect(read.body).toMatchObject({ version: 1, items: [expect.objectContaining({ quantity: 1 })] });
    expect(await ledgerOf(placed.id)).toHaveLength(1);
  });

  it('answers 412 on a stale If-Match, 409 once past pending, 404 for another customer, 400 on bad input', async () => {
    const p = await createProduct(t, admin, { stock: 20 });
    const placed = await order(alice, [{ productId: p.id, quantity: 1 }]);
    await edit(alice.accessToken, placed.id, { notes: 'first' }).expect(200);
    const stale = await edit(alice.accessToken, placed.id, { notes: 'second' }).set('If-Match', '"1"');
    expect(stale.status).toBe(412);

    expect((await edit(bob.accessToken, placed.id, { notes: 'mine?' })).status).toBe(404);

    for (const body of [
      {},
      { items: [] },
      { items: [{ productId: p.id, quantity: 0 }] },
      {
        items: [
          { productId: p.id, quantity: 1 },
          { productId: p.id.toUpperCase(), quantity: 2 },
        ],
      },
      { shippingMethod: 'drone' },
      { status: 'shipped' },
      { totalCents: 1 },
      { shippingAddress: { ...ADDRESS, country: 'XX' } },
    ]) {
      const res = await edit(alice.accessToken, placed.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const unknown = await edit(alice.accessToken, placed.id, {
      items: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }],
    });
    expect(unknown.status).toBe(422);

    await t.http().patch(`/api/v1/orders/${placed.id}/status`).set(bearer(admin)).send({ status: 'confirmed' }).expect(200);
    const late = await edit(alice.accessToken, placed.id, { notes: 'too late' });
    expect(late.status).toBe(409);
    expect(late.body.currentStatus).toBe('confirmed');
  });

  it('20 parallel edits and orders on one scarce product never oversell and never deadlock', async () => {
    const scarce = await createProduct(t, admin, { stock: 30 });
    const customers = await Promise.all(Array.from({ length: 5 }, () => registerCustomer(t)));
    // Ten orders take 10 units; then 10 edits (each asks for 3 more) race 10 new orders (2 units each) for the 20 left.
    const placed = await Promise.all(
      Array.from({ length: 10 }, (_, i) => order(customers[i % 5], [{ productId: scarce.id, quantity: 1 }])),
    );
    const other = await createProduct(t, admin, { stock: 1000 });
    const responses = await Promise.all([
      ...placed.map((o, i) =>
        edit(customers[i % 5].accessToken, o.id, {
          // Both products, so that edits lock two rows and race creations locking the same two.
          items: [
            { productId: other.id, quantity: 1 },
            { productId: scarce.id, quantity: 4 },
          ],
        }),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        t
          .http()
          .post('/api/v1/orders')
          .set(bearer(customers[i % 5].accessToken))
          .send({
            items: [
              { productId: scarce.id, quantity: 2 },
              { productId: other.id, quantity: 1 },
            ],
            shippingAddress: ADDRESS,
          }),
      ),
    ]);
    const codes = responses.map((r) => r.status);
    expect(codes.every((c) => [200, 201, 409].includes(c))).toBe(true);
    const editsDone = codes.slice(0, 10).filter((c) => c === 200).length;
    const ordersDone = codes.slice(10).filter((c) => c === 201).length;
    expect(editsDone * 3 + ordersDone * 2).toBeLessThanOrEqual(20);
    expect(await stockOf(t, scarce.id)).toBe(20 - editsDone * 3 - ordersDone * 2);
    // What the orders hold is exactly what left the stock.
    const [{ held }] = (await t.dataSource.query(
      `SELECT coalesce(sum("quantity"), 0)::int AS held FROM "order_items" WHERE "productId" = $1`,
      [scarce.id],
    )) as Array<{
      held: number;
    }>;
    expect(held).toBe(30 - (await stockOf(t, scarce.id)));
    for (const refused of responses.filter((r) => r.status === 409))
      expect(refused.body.stockIssues).toEqual([expect.objectContaining({ productId: scarce.id })]);
    expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0 });
  });
});

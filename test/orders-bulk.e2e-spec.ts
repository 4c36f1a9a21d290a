import { randomUUID } from 'node:crypto';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockCheck, stockOf } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

describe('Orders: bulk status changes (POST /orders/bulk/status)', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const place = async (productId: string, quantity = 1, who: RegisteredCustomer = alice) =>
    (
      await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(who.accessToken))
        .send({ items: [{ productId, quantity }], shippingAddress: ADDRESS })
        .expect(201)
    ).body as { id: string; version: number };
  const bulk = (token: string, body: object) => t.http().post('/api/v1/orders/bulk/status').set(bearer(token)).send(body);
  const eventsOf = async (orderId: string) =>
    (
      (await t.dataSource.query(`SELECT "type" FROM "events" WHERE "aggregateId" = $1 ORDER BY "occurredAt"`, [
        orderId,
      ])) as Array<{
        type: string;
      }>
    ).map((e) => e.type);

  it('answers each order its own outcome: changed, unknown, refused; a duplicate id counts once', async () => {
    const product = await createProduct(t, admin, { stock: 100 });
    const [a, b, shipped] = [await place(product.id), await place(product.id), await place(product.id)];
    await t.http().patch(`/api/v1/orders/${shipped.id}/status`).set(bearer(admin)).send({ status: 'confirmed' }).expect(200);
    await t
      .http()
      .patch(`/api/v1/orders/${shipped.id}/status`)
      .set(bearer(admin))
      .send({ status: 'shipped', trackingNumber: 'T-1' })
      .expect(200);
    await t.http().get(`/api/v1/orders/${a.id}`).set(bearer(alice.accessToken)).expect(200); // cached before the change
    const missing = randomUUID();

    const res = await bulk(admin, {
      orderIds: [a.id, missing, shipped.id, b.id, a.id.toUpperCase()],
      status: 'confirmed',
      reason: 'morning batch',
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { orderId: string; status: number }) => [r.orderId, r.status])).toEqual([
      [a.id, 200],
      [missing, 404],
      [shipped.id, 409],
      [b.id, 200],
    ]);
    const [okA, notFound, refused, okB] = res.body.results;
    expect(okA.order).toMatchObject({ id: a.id, status: 'confirmed', version: 2, confirmedAt: expect.any(String) });
    expect(okB.order).toMatchObject({ id: b.id, status: 'confirmed' });
    expect(notFound.problem).toMatchObject({ status: 404, title: 'Not Found', type: expect.stringContaining('not-found') });
    expect(notFound.order).toBeUndefined();
    expect(refused.problem).toMatchObject({
      status: 409,
      type: expect.stringContaining('illegal-transition'),
      currentStatus: 'shipped',
      requestedStatus: 'confirmed',
      instance: `/api/v1/orders/${shipped.id}`,
    });

    // The same change as a single one: read-your-writes, the event once, the history with the reason.
    const read = await t.http().get(`/api/v1/orders/${a.id}`).set(bearer(alice.accessToken)).expect(200);
    expect(read.body.status).toBe('confirmed');
    expect(await eventsOf(a.id)).toEqual(['order.created', 'order.confirmed']);
    expect(await eventsOf(b.id)).toEqual(['order.created', 'order.confirmed']);
    expect(await eventsOf(shipped.id)).toEqual(['order.created', 'order.confirmed', 'order.shipped']);
    for (const id of [a.id, b.id]) {
      await waitFor(async () => {
        const history = await t.http().get(`/api/v1/orders/${id}/history`).set(bearer(admin)).expect(200);
        expect(history.body.items).toEqual([
          expect.objectContaining({ action: 'created' }),
          expect.objectContaining({
            action: 'confirmed',
            fromStatus: 'pending',
            toStatus: 'confirmed',
            changes: { reason: 'morning batch' },
          }),
        ]);
      });
    }
  });

  it('ships with a tracking number and cancels with the stock returned, like the single change', async () => {
    const product = await createProduct(t, admin, { stock: 10 });
    const [a, b] = [await place(product.id, 2), await place(product.id, 3)];
    await bulk(admin, { orderIds: [a.id], status: 'confirmed' }).expect(200);
    const shipped = await bulk(admin, { orderIds: [a.id], status: 'shipped', trackingNumber: 'TRK-9' }).expect(200);
    expect(shipped.body.results[0].order).toMatchObject({ status: 'shipped', trackingNumber: 'TRK-9' });
    expect(await stockOf(t, product.id)).toBe(5);
    const cancelled = await bulk(admin, { orderIds: [b.id, a.id], status: 'cancelled', reason: 'customer called' }).expect(200);
    expect(cancelled.body.results.map((r: { status: number }) => r.status)).toEqual([200, 409]);
    expect(cancelled.body.results[0].order).toMatchObject({ status: 'cancelled', cancelReason: 'customer called' });
    expect(await stockOf(t, product.id)).toBe(8);
  });

  it('refuses more than 100 ids, none, bad ids and unknown fields with 400, and customers with 403', async () => {
    const ids = Array.from({ length: 101 }, () => randomUUID());
    const tooMany = await bulk(admin, { orderIds: ids, status: 'confirmed' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'orderIds' })]);
    await bulk(admin, { orderIds: ids.slice(0, 100), status: 'confirmed' }).expect(200);
    await bulk(admin, { orderIds: [], status: 'confirmed' }).expect(400);
    await bulk(admin, { orderIds: ['nope'], status: 'confirmed' }).expect(400);
    await bulk(admin, { orderIds: [randomUUID()], status: 'teleported' }).expect(400);
    const untracked = await bulk(admin, { orderIds: [randomUUID()], status: 'shipped' });
    expect(untracked.status).toBe(400);
    expect(untracked.body.errors).toEqual([expect.objectContaining({ field: 'trackingNumber' })]);
    await bulk(admin, { orderIds: [randomUUID()], status: 'confirmed', priority: 1 }).expect(400);
    const forbidden = await bulk(alice.accessToken, { orderIds: [randomUUID()], status: 'confirmed' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
  });

  it('bulk cancellations racing new orders and single changes on a scarce product never oversell nor lose a unit', async () => {
    const scarce = await createProduct(t, admin, { stock: 20 });
    const customers = await Promise.all(Array.from({ length: 4 }, () => registerCustomer(t)));
    const placed = await Promise.all(Array.from({ length: 10 }, (_, i) => place(scarce.id, 2, customers[i % 4])));
    expect(await stockOf(t, scarce.id)).toBe(0);
    const ids = placed.map((o) => o.id);
    // Two bulk calls cancel overlapping halves while 12 customers order the freed units and staff confirm single orders.
    const responses = await Promise.all([
      bulk(admin, { orderIds: ids.slice(0, 7), status: 'cancelled' }),
      bulk(admin, { orderIds: ids.slice(3), status: 'cancelled' }),
      ...ids
        .slice(0, 4)
        .map((id) => t.http().patch(`/api/v1/orders/${id}/status`).set(bearer(admin)).send({ status: 'confirmed' })),
      ...Array.from({ length: 12 }, (_, i) =>
        t
          .http()
          .post('/api/v1/orders')
          .set(bearer(customers[i % 4].accessToken))
          .send({ items: [{ productId: scarce.id, quantity: 1 }], shippingAddress: ADDRESS }),
      ),
    ]);
    const [first, second] = responses;
    expect([first.status, second.status]).toEqual([200, 200]);
    const outcomes = [...first.body.results, ...second.body.results] as Array<{ orderId: string; status: number }>;
    expect(outcomes.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    // Every order is cancelled exactly once, whichever call got there first.
    const cancelledOnce = new Map<string, number>();
    for (const r of outcomes.filter((o) => o.status === 200))
      cancelledOnce.set(r.orderId, (cancelledOnce.get(r.orderId) ?? 0) + 1);
    expect([...cancelledOnce.values()].every((n) => n === 1)).toBe(true);
    expect(cancelledOnce.size).toBe(10);
    for (const r of responses.slice(2, 6)) expect([200, 409]).toContain(r.status);
    for (const r of responses.slice(6)) expect([201, 409]).toContain(r.status);

    const newOrders = responses.slice(6).filter((r) => r.status === 201).length;
    expect(newOrders).toBeLessThanOrEqual(12);
    expect(await stockOf(t, scarce.id)).toBe(20 - newOrders);
    const [{ held }] = (await t.dataSource.query(
      `SELECT coalesce(sum(i."quantity"), 0)::int AS held FROM "order_items" i JOIN "orders" o ON o."id" = i."orderId"
        WHERE i."productId" = $1 AND o."status" <> 'cancelled'`,
      [scarce.id],
    )) as Array<{ held: number }>;
    expect(held).toBe(newOrders);
    const releases = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM "stock_movements" WHERE "productId" = $1 AND "reason" = 'cancellation'`,
      [scarce.id],
    )) as Array<{ n: number }>;
    expect(releases[0].n).toBe(10);
    expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0 });
  });
});

import { OrderHistoryProjector } from '../src/history/order-history.projector';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockOf } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

describe('Orders: lifecycle, ownership, history', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;
  let bob: RegisteredCustomer;

  beforeAll(async () => {
    t = await startTestApp({ EVENTS_RELAY_INTERVAL_MS: '100', EVENTS_REDELIVER_AFTER_MS: '300' });
    admin = await loginAsAdmin(t);
    [alice, bob] = await Promise.all([registerCustomer(t), registerCustomer(t)]);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function placeOrder(customer: RegisteredCustomer, quantity = 2, stock = 10) {
    const product = await createProduct(t, admin, { stock });
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(customer.accessToken))
      .send({ items: [{ productId: product.id, quantity }], shippingAddress: ADDRESS });
    expect(res.status).toBe(201);
    return { order: res.body, product };
  }

  const setStatus = (id: string, status: string, extra: Record<string, unknown> = {}) =>
    t.http().patch(`/api/v1/orders/${id}/status`).set(bearer(admin)).send({ status, ...extra });

  it('walks the happy path with a timestamp per status and the tracking number', async () => {
    const { order } = await placeOrder(alice);
    for (const status of ['confirmed', 'processing']) {
      const res = await setStatus(order.id, status).expect(200);
      expect(res.body.status).toBe(status);
      expect(res.body[`${status}At`]).toEqual(expect.any(String));
    }
    const shipped = await setStatus(order.id, 'shipped', { trackingNumber: '1Z999' }).expect(200);
    expect(shipped.body).toMatchObject({ status: 'shipped', trackingNumber: '1Z999', shippedAt: expect.any(String) });
    expect((await setStatus(order.id, 'delivered').expect(200)).body.deliveredAt).toEqual(expect.any(String));
    // An order is refunded only once paid (test/order-payment-rules.e2e-spec.ts).
    await t.http().patch(`/api/v1/orders/${order.id}/payment`).set(bearer(admin)).send({ paymentStatus: 'paid' }).expect(200);
    expect((await setStatus(order.id, 'refunded').expect(200)).body.refundedAt).toEqual(expect.any(String));
    // refunded is terminal
    const res = await setStatus(order.id, 'confirmed');
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/illegal-transition$/);
  });

  it('answers 409 for every forbidden transition and leaves the order untouched', async () => {
    const { order } = await placeOrder(alice);
    for (const status of ['processing', 'shipped', 'delivered', 'refunded', 'pending']) {
      const res = await setStatus(order.id, status);
      expect({ status, code: res.status }).toEqual({ status, code: 409 });
    }
    const current = await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(admin)).expect(200);
    expect(current.body).toMatchObject({ status: 'pending', version: 1 });
  });

  it('returns the stock when an order is cancelled, recorded in the ledger', async () => {
    const { order, product } = await placeOrder(alice, 3, 10);
    expect(await stockOf(t, product.id)).toBe(7);
    const res = await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(alice.accessToken)).send({ reason: 'changed my mind' }).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'changed my mind', cancelledAt: expect.any(String) });
    expect(await stockOf(t, product.id)).toBe(10);
    const ledger = await t.http().get(`/api/v1/products/${product.id}/stock-movements`).set(bearer(admin)).expect(200);
    expect(ledger.body.items.map((m: { reason: string; delta: number }) => [m.reason, m.delta])).toEqual(
      expect.arrayContaining([
        ['order', -3],
        ['cancellation', 3],
      ]),
    );
  });

  it('lets a customer cancel only while pending or confirmed, with a reason why not', async () => {
    const { order } = await placeOrder(alice);
    await setStatus(order.id, 'confirmed').expect(200);
    await setStatus(order.id, 'processing').expect(200);
    const res = await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(alice.accessToken)).send({}).expect(409);
    expect(res.body.detail).toMatch(/only staff/);
    // staff may
    await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(admin)).send({}).expect(200);
    const again = await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(admin)).send({}).expect(409);
    expect(again.body.detail).toMatch(/already cancelled/);
  });

  it('deletes a pending order with its stock back, keeps the history for admins only', async () => {
    const { order, product } = await placeOrder(alice, 4, 10);
    await t.http().delete(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)).expect(204);
    expect(await stockOf(t, product.id)).toBe(10);
    await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)).expect(404);
    await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(admin)).expect(404);
    const lines = await t.dataSource.query(`SELECT count(*)::int AS n FROM "order_items" WHERE "orderId" = $1`, [order.id]);
    expect(lines[0].n).toBe(0);
    await waitFor(async () => {
      const history = await t.http().get(`/api/v1/orders/${order.id}/history`).set(bearer(admin)).expect(200);
      expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['created', 'deleted']);
    });
    await t.http().get(`/api/v1/orders/${order.id}/history`).set(bearer(alice.accessToken)).expect(404);
  });

  it('lets the owner delete only pending orders, staff pending or cancelled ones', async () => {
    const { order } = await placeOrder(alice);
    await setStatus(order.id, 'confirmed').expect(200);
    await t.http().delete(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)).expect(409);
    await t.http().delete(`/api/v1/orders/${order.id}`).set(bearer(admin)).expect(409);
    await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(alice.accessToken)).send({}).expect(200);
    await t.http().delete(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)).expect(409);
    await t.http().delete(`/api/v1/orders/${order.id}`).set(bearer(admin)).expect(204);
  });

  it('follows the payment machine', async () => {
    const { order } = await placeOrder(alice);
    const pay = (paymentStatus: string) => t.http().patch(`/api/v1/orders/${order.id}/payment`).set(bearer(admin)).send({ paymentStatus, reference: 'psp_1' });
    await pay('refunded').expect(409);
    expect((await pay('failed').expect(200)).body.paymentStatus).toBe('failed');
    const paid = await pay('paid').expect(200);
    expect(paid.body).toMatchObject({ paymentStatus: 'paid', paymentReference: 'psp_1', paidAt: expect.any(String) });
    await pay('failed').expect(409);
    await pay('refunded').expect(200);
    await t.http().patch(`/api/v1/orders/${order.id}/payment`).set(bearer(alice.accessToken)).send({ paymentStatus: 'paid' }).expect(403);
  });

  it('answers 412 for a stale If-Match and sends the version as ETag', async () => {
    const { order } = await placeOrder(alice);
    const read = await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(admin)).expect(200);
    expect(read.headers.etag).toBe('"1"');
    const ok = await setStatus(order.id, 'confirmed').set('If-Match', read.headers.etag).expect(200);
    expect(ok.headers.etag).toBe('"2"');
    await setStatus(order.id, 'processing').set('If-Match', '"1"').expect(412);
    await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(alice.accessToken)).set('If-Match', '"1"').send({}).expect(412);
    await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(admin)).expect(200).expect('ETag', '"2"');
  });

  it("never shows a customer another customer's order: 404 on every route", async () => {
    const { order } = await placeOrder(alice);
    const asBob = bearer(bob.accessToken);
    // Read it once as its owner so a cached copy exists: the cache must not leak it either.
    await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)).expect(200);
    await t.http().get(`/api/v1/orders/${order.id}`).set(asBob).expect(404);
    await t.http().get(`/api/v1/orders/${order.id}/history`).set(asBob).expect(404);
    await t.http().get(`/api/v1/orders/${order.id}/statistics`).set(asBob).expect(404);
    await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(asBob).send({}).expect(404);
    await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(asBob).set('If-Match', '"99"').send({}).expect(404);
    await t.http().delete(`/api/v1/orders/${order.id}`).set(asBob).expect(404);
    const list = await t.http().get(`/api/v1/orders?customerId=${alice.id}`).set(asBob).expect(200);
    expect(list.body.items.every((o: { customerId: string }) => o.customerId === bob.id)).toBe(true);
    // admin-only routes are 403 for customers
    await t.http().patch(`/api/v1/orders/${order.id}/status`).set(asBob).send({ status: 'confirmed' }).expect(403);
    await t.http().get('/api/v1/orders/stats').set(asBob).expect(403);
    await t.http().get('/api/v1/events').set(asBob).expect(403);
    // and nothing changed
    const still = await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)).expect(200);
    expect(still.body.status).toBe('pending');
  });

  it('reads its own writes: a change is visible on the very next read', async () => {
    const { order } = await placeOrder(alice);
    const upper = String(order.id).toUpperCase();
    await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)).expect(200); // cached now
    await t.http().get(`/api/v1/orders/${upper}`).set(bearer(alice.accessToken)).expect(200); // same order, other spelling
    await setStatus(order.id, 'confirmed').expect(200);
    const next = await t.http().get(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)).expect(200);
    expect(next.body.status).toBe('confirmed');
    const nextUpper = await t.http().get(`/api/v1/orders/${upper}`).set(bearer(alice.accessToken)).expect(200);
    expect(nextUpper.body.status).toBe('confirmed');
  });

  it('records history with actor, statuses and changes, oldest first', async () => {
    const { order } = await placeOrder(alice);
    await setStatus(order.id, 'confirmed').expect(200);
    await setStatus(order.id, 'shipped', { trackingNumber: 'TRK-1' }).expect(200);
    await waitFor(async () => {
      const res = await t.http().get(`/api/v1/orders/${order.id}/history`).set(bearer(alice.accessToken)).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ action: 'created', fromStatus: null, toStatus: 'pending', actor: { id: alice.id, role: 'customer' } }),
        expect.objectContaining({ action: 'confirmed', fromStatus: 'pending', toStatus: 'confirmed', actor: expect.objectContaining({ role: 'admin' }) }),
        expect.objectContaining({ action: 'shipped', fromStatus: 'confirmed', toStatus: 'shipped', changes: { trackingNumber: 'TRK-1' } }),
      ]);
    });
  });

  it('serves per-order statistics, admin stats and status options', async () => {
    const a = await createProduct(t, admin, { priceCents: 1000 });
    const b = await createProduct(t, admin, { priceCents: 2001 });
    const created = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(bob.accessToken))
      .send({ items: [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 1 }], shippingAddress: ADDRESS })
      .expect(201);
    const stats = await t.http().get(`/api/v1/orders/${created.body.id}/statistics`).set(bearer(bob.accessToken)).expect(200);
    expect(stats.body).toMatchObject({ lineCount: 2, totalQuantity: 3, distinctProducts: 2, averageUnitPriceCents: 1334 });
    const all = await t.http().get('/api/v1/orders/stats').set(bearer(admin)).expect(200);
    expect(all.body.totalOrders).toBeGreaterThan(0);
    expect(all.body.countsByStatus.pending).toBeGreaterThan(0);
    expect(all.body.revenueCents).toBeGreaterThan(0);
    expect(all.body.ordersPerDay[0]).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), count: expect.any(Number) });
    const options = await t.http().get('/api/v1/orders/status-options').set(bearer(bob.accessToken)).expect(200);
    expect(options.body.transitions.pending).toEqual(['confirmed', 'cancelled']);
    expect(options.body.paymentStatuses).toEqual(['pending', 'paid', 'failed', 'refunded']);
  });

  it('has, for every committed order, its order.created event in the feed and a history row', async () => {
    await placeOrder(bob);
    await waitFor(async () => {
      const [{ missingEvent }] = await t.dataSource.query(
        `SELECT count(*)::int AS "missingEvent" FROM "orders" o
          WHERE NOT EXISTS (SELECT 1 FROM "events" e WHERE e."aggregateId" = o."id" AND e."type" = 'order.created' AND e."seq" IS NOT NULL)`,
      );
      const [{ missingHistory }] = await t.dataSource.query(
        `SELECT count(*)::int AS "missingHistory" FROM "orders" o
          WHERE NOT EXISTS (SELECT 1 FROM "order_history" h WHERE h."orderId" = o."id" AND h."action" = 'created')`,
      );
      expect({ missingEvent, missingHistory }).toEqual({ missingEvent: 0, missingHistory: 0 });
    });
    const feed = await t.http().get('/api/v1/events?after=0&limit=100').set(bearer(admin)).expect(200);
    const seqs = feed.body.items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(feed.body.items.some((e: { type: string }) => e.type === 'order.created')).toBe(true);
    const next = await t.http().get(`/api/v1/events?after=${seqs[0]}&limit=1`).set(bearer(admin)).expect(200);
    expect(next.body.items[0].seq).toBe(seqs[1]);
  });

  it('delivers each event to the handlers of its type only, and marks it handled once they all recorded it', async () => {
    const { order, product } = await placeOrder(alice);
    await setStatus(order.id, 'confirmed').expect(200);
    await t.http().post(`/api/v1/products/${product.id}/stock-adjustments`).set(bearer(admin)).send({ delta: 1, reason: 'recount' }).expect(201);
    await waitFor(async () => {
      const rows: Array<{ type: string; handlers: string[] | null; handled: boolean }> = await t.dataSource.query(
        `SELECT e."type", array_agg(d."handler" ORDER BY d."handler") FILTER (WHERE d."handler" IS NOT NULL) AS handlers, e."handledAt" IS NOT NULL AS handled
           FROM "events" e LEFT JOIN "event_deliveries" d ON d."eventId" = e."id"
          WHERE e."aggregateId" = ANY($1::uuid[]) AND e."type" <> 'product.created'
          GROUP BY e."id" ORDER BY e."occurredAt"`,
        [[order.id, product.id]],
      );
      expect(rows).toEqual([
        // A new order is written through to the cache, so the cache does not subscribe to its creation;
        // the webhook fan-out subscribes to every event type; customers are mailed about both.
        { type: 'order.created', handlers: ['customer-mail', 'order-history', 'webhooks'], handled: true },
        { type: 'order.confirmed', handlers: ['customer-mail', 'order-cache', 'order-history', 'webhooks'], handled: true },
        { type: 'stock.adjusted', handlers: ['webhooks'], handled: true },
      ]);
    });
  });

  it('heals a failed history handler through the relay', async () => {
    const projector = t.app.get(OrderHistoryProjector);
    const spy = jest.spyOn(projector, 'apply').mockRejectedValueOnce(new Error('simulated crash'));
    const { order } = await placeOrder(alice);
    await waitFor(async () => {
      const rows = await t.dataSource.query(`SELECT "action" FROM "order_history" WHERE "orderId" = $1`, [order.id]);
      expect(rows).toEqual([{ action: 'created' }]);
    }, 5000);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    // The relay marks the event handled once both handlers have recorded it.
    await waitFor(async () => {
      const [{ unhandled }] = await t.dataSource.query(`SELECT count(*)::int AS unhandled FROM "events" WHERE "aggregateId" = $1 AND "handledAt" IS NULL`, [
        order.id,
      ]);
      expect(unhandled).toBe(0);
    });
  });

  it('paginates every order exactly once, newest first, with a bounded limit', async () => {
    const carol = await registerCustomer(t);
    const product = await createProduct(t, admin, { stock: 100 });
    for (let i = 0; i < 7; i++) {
      await t.http().post('/api/v1/orders').set(bearer(carol.accessToken)).send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS }).expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t
        .http()
        .get(`/api/v1/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(carol.accessToken))
        .expect(200);
      seen.push(...res.body.items.map((o: { id: string }) => o.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    await t.http().get('/api/v1/orders?limit=0').set(bearer(carol.accessToken)).expect(400);
    await t.http().get('/api/v1/orders?limit=101').set(bearer(carol.accessToken)).expect(400);
    await t.http().get('/api/v1/orders?cursor=garbage').set(bearer(carol.accessToken)).expect(400);
    const filtered = await t.http().get(`/api/v1/orders?customerId=${carol.id}&status=pending&status=confirmed&minTotalCents=0`).set(bearer(admin)).expect(200);
    expect(filtered.body.items).toHaveLength(7);

    // A customer narrows their own list; naming someone else as customerId changes nothing.
    await t.http().post(`/api/v1/orders/${seen[0]}/cancel`).set(bearer(carol.accessToken)).send({}).expect(200);
    const mine = await t.http().get(`/api/v1/orders?status=cancelled&customerId=${alice.id}`).set(bearer(carol.accessToken)).expect(200);
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([seen[0]]);
  });
});

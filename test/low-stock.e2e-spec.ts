import { Webhook } from 'standardwebhooks';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockOf } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';
import { startReceiver, WebhookReceiver } from './support/webhook-receiver';

const FAST = {
  EVENTS_RELAY_INTERVAL_MS: '100',
  EVENTS_REDELIVER_AFTER_MS: '300',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  RATE_LIMIT_PER_MINUTE: '0',
};

describe('Low-stock alerts (stock.low)', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;
  let receiver: WebhookReceiver;
  let secret: string;

  beforeAll(async () => {
    t = await startTestApp(FAST);
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t);
    receiver = await startReceiver();
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url: receiver.url, events: ['stock.low'] })
      .expect(201);
    secret = res.body.secret;
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  const order = (productId: string, quantity: number) =>
    t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send({ items: [{ productId, quantity }], shippingAddress: ADDRESS });
  const adjust = (productId: string, delta: number) =>
    t
      .http()
      .post(`/api/v1/products/${productId}/stock-adjustments`)
      .set(bearer(admin))
      .send({ delta, reason: 'count' })
      .expect(201);
  const lowEvents = async (productId: string) =>
    (await t.dataSource.query(
      `SELECT "id", "actor", "payload" FROM "events" WHERE "type" = 'stock.low' AND "aggregateId" = $1 ORDER BY "occurredAt"`,
      [productId],
    )) as Array<{ id: string; actor: { id: string; role: string }; payload: Record<string, unknown> }>;

  it('an order that takes the stock to its threshold writes one stock.low; the next sale below it writes none', async () => {
    const product = await createProduct(t, admin, { stock: 10, lowStockThreshold: 3, name: 'Blue mug' });
    expect((await order(product.id, 5)).status).toBe(201); // 10 → 5: still above
    expect(await lowEvents(product.id)).toEqual([]);
    const crossing = await order(product.id, 2); // 5 → 3: at the threshold
    expect(crossing.status).toBe(201);
    const [event] = await lowEvents(product.id);
    expect(event.payload).toEqual({
      sku: product.sku,
      name: 'Blue mug',
      stockAfter: 3,
      lowStockThreshold: 3,
      reason: 'order',
      orderId: crossing.body.id,
    });
    expect(event.actor).toMatchObject({ id: alice.id, role: 'customer' });
    expect((await order(product.id, 1)).status).toBe(201); // 3 → 2: below, but no crossing
    expect(await lowEvents(product.id)).toHaveLength(1);

    // The webhook subscriber gets it, signed; the feed lists it.
    await waitFor(async () => expect(receiver.received.some((m) => m.json.id === event.id)).toBe(true), 10000);
    const message = receiver.received.find((m) => m.json.id === event.id)!;
    const verified = new Webhook(secret).verify(message.body, message.headers as Record<string, string>);
    expect(verified).toMatchObject({ type: 'stock.low', aggregateId: product.id, payload: { sku: product.sku, stockAfter: 3 } });
    await waitFor(async () => {
      const feed = await t.http().get('/api/v1/events').query({ limit: 100 }).set(bearer(admin)).expect(200);
      expect(feed.body.items.some((e: { id: string; type: string }) => e.id === event.id && e.type === 'stock.low')).toBe(true);
    });
  });

  it('adjustments: taking stock down across the threshold alerts; a restock above re-arms it', async () => {
    const product = await createProduct(t, admin, { stock: 8, lowStockThreshold: 4 });
    await adjust(product.id, -3); // 8 → 5
    expect(await lowEvents(product.id)).toEqual([]);
    await adjust(product.id, -2); // 5 → 3
    await adjust(product.id, -1); // 3 → 2: no second alert
    expect((await lowEvents(product.id)).map((e) => e.payload)).toEqual([
      { sku: product.sku, name: 'Test product', stockAfter: 3, lowStockThreshold: 4, reason: 'adjustment', orderId: null },
    ]);
    await adjust(product.id, 10); // 2 → 12: above again, no alert for going up
    expect(await lowEvents(product.id)).toHaveLength(1);
    await adjust(product.id, -12); // 12 → 0: a new crossing
    expect((await lowEvents(product.id)).map((e) => e.payload.stockAfter)).toEqual([3, 0]);
  });

  it('an order edit that takes more units across the threshold alerts, in the edit itself', async () => {
    const product = await createProduct(t, admin, { stock: 10, lowStockThreshold: 2 });
    const placed = await order(product.id, 1); // 10 → 9
    expect(placed.status).toBe(201);
    await t
      .http()
      .patch(`/api/v1/orders/${placed.body.id}`)
      .set(bearer(alice.accessToken))
      .send({ items: [{ productId: product.id, quantity: 8 }] })
      .expect(200); // 9 → 2
    expect(await stockOf(t, product.id)).toBe(2);
    expect((await lowEvents(product.id)).map((e) => e.payload)).toEqual([
      { sku: product.sku, name: 'Test product', stockAfter: 2, lowStockThreshold: 2, reason: 'order', orderId: placed.body.id },
    ]);
  });

  it('an order that refuses for short stock writes nothing, and a cancellation (stock going up) never alerts', async () => {
    const product = await createProduct(t, admin, { stock: 6, lowStockThreshold: 5 });
    expect((await order(product.id, 7)).status).toBe(409);
    expect(await lowEvents(product.id)).toEqual([]);
    const placed = await order(product.id, 6); // 6 → 0
    await t.http().post(`/api/v1/orders/${placed.body.id}/cancel`).set(bearer(alice.accessToken)).send({}).expect(200); // 0 → 6
    expect((await lowEvents(product.id)).map((e) => e.payload.stockAfter)).toEqual([0]);
  });

  it('under parallel orders racing past the threshold, exactly one stock.low is written', async () => {
    const product = await createProduct(t, admin, { stock: 40, lowStockThreshold: 20 });
    const results = await Promise.all(Array.from({ length: 40 }, () => order(product.id, 1)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(40);
    const events = await lowEvents(product.id);
    expect(events.map((e) => e.payload.stockAfter)).toEqual([20]);
  });
});

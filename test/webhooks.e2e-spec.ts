import { Webhook } from 'standardwebhooks';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';
import { startReceiver, WebhookReceiver } from './support/webhook-receiver';

const FAST = {
  EVENTS_RELAY_INTERVAL_MS: '100',
  EVENTS_REDELIVER_AFTER_MS: '300',
  WEBHOOK_TIMEOUT_MS: '800',
  WEBHOOK_RETRY_SCHEDULE_MS: '100,200',
  WEBHOOK_POLL_INTERVAL_MS: '100',
};

describe('Webhooks to other services', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    t = await startTestApp(FAST);
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(receivers.map((r) => r.stop()));
  });

  async function receiver(): Promise<WebhookReceiver> {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  }

  async function subscribe(url: string, events: string[]): Promise<{ id: string; secret: string }> {
    const res = await t.http().post('/api/v1/webhooks').set(bearer(admin)).send({ url, events, description: 'test' });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    return res.body;
  }

  async function placeOrder() {
    const product = await createProduct(t, admin, { stock: 1000 });
    const res = await t.http().post('/api/v1/orders').set(bearer(alice.accessToken)).send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: number };
  }

  const deliveries = async (endpointId: string, status?: string) =>
    (await t.http().get(`/api/v1/webhooks/${endpointId}/deliveries`).query(status ? { status } : {}).set(bearer(admin)).expect(200)).body.items as Array<Record<string, unknown>>;

  it('POSTs order.created to an order.* subscriber, signed so that standardwebhooks verifies it, webhook-id = event id', async () => {
    const r = await receiver();
    const endpoint = await subscribe(r.url, ['order.*']);
    const order = await placeOrder();
    await waitFor(async () => expect(r.ofType('order.created').some((m) => m.json.aggregateId === order.id)).toBe(true), 10000);
    const message = r.ofType('order.created').find((m) => m.json.aggregateId === order.id)!;
    const verified = new Webhook(endpoint.secret).verify(message.body, message.headers as Record<string, string>) as typeof message.json;
    expect(verified).toMatchObject({ id: message.headers['webhook-id'], type: 'order.created', aggregateId: order.id, seq: expect.any(Number), actor: expect.any(Object) });
    expect(verified.payload).toMatchObject({ number: order.number });
    const [event] = await t.dataSource.query(`SELECT "id", "seq" FROM "events" WHERE "aggregateId" = $1 AND "type" = 'order.created'`, [order.id]);
    expect(message.headers['webhook-id']).toBe(event.id);
    expect(verified.seq).toBe(Number(event.seq));
    expect(() => new Webhook(`whsec_${Buffer.from('another secret entirely').toString('base64')}`).verify(message.body, message.headers as Record<string, string>)).toThrow();
    await waitFor(async () => expect((await deliveries(endpoint.id, 'succeeded')).length).toBeGreaterThan(0));
  });

  it('an endpoint subscribed only to order.shipped gets that and nothing else', async () => {
    const r = await receiver();
    await subscribe(r.url, ['order.shipped']);
    const order = await placeOrder();
    for (const status of ['confirmed', 'processing']) await t.http().patch(`/api/v1/orders/${order.id}/status`).set(bearer(admin)).send({ status }).expect(200);
    await t.http().patch(`/api/v1/orders/${order.id}/status`).set(bearer(admin)).send({ status: 'shipped', trackingNumber: 'TRACK-1' }).expect(200);
    await waitFor(async () => expect(r.received.length).toBe(1), 10000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.received.map((m) => m.json.type)).toEqual(['order.shipped']);
    expect(r.received[0].json.payload).toMatchObject({ changes: { trackingNumber: 'TRACK-1' } });
  });

  it('a receiver that fails twice gets the event on the third attempt', async () => {
    const r = await receiver();
    r.behaviour = (n) => (n <= 2 ? 503 : 200);
    const endpoint = await subscribe(r.url, ['stock.*']);
    const product = await createProduct(t, admin);
    await t.http().post(`/api/v1/products/${product.id}/stock-adjustments`).set(bearer(admin)).send({ delta: 3, reason: 'recount' }).expect(201);
    await waitFor(async () => expect((await deliveries(endpoint.id, 'succeeded')).length).toBe(1), 10000);
    expect(r.received.length).toBe(3);
    expect(new Set(r.received.map((m) => m.headers['webhook-id'])).size).toBe(1);
    const [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ eventType: 'stock.adjusted', status: 'succeeded', attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
  });

  it('one that always fails ends failed (dead-lettered); a manual retry succeeds once it is fixed', async () => {
    const r = await receiver();
    r.behaviour = () => 500;
    const endpoint = await subscribe(r.url, ['stock.adjusted']);
    const product = await createProduct(t, admin);
    await t.http().post(`/api/v1/products/${product.id}/stock-adjustments`).set(bearer(admin)).send({ delta: 1, reason: 'recount' }).expect(201);
    await waitFor(async () => expect((await deliveries(endpoint.id, 'failed')).length).toBe(1), 10000);
    const [failed] = await deliveries(endpoint.id, 'failed');
    expect(failed).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null });
    expect(r.received.length).toBe(3);
    const health = await t.http().get('/api/v1/health').expect(200);
    expect(health.body.webhookBacklog.failed).toBeGreaterThanOrEqual(1);

    r.behaviour = () => 200;
    const retried = await t.http().post(`/api/v1/webhooks/${endpoint.id}/deliveries/${failed.id as string}/retry`).set(bearer(admin)).expect(202);
    expect(retried.body).toMatchObject({ id: failed.id, status: 'pending', nextAttemptAt: expect.any(String) });
    await waitFor(async () => expect((await deliveries(endpoint.id, 'succeeded')).length).toBe(1), 10000);
    expect(r.received.length).toBe(4);
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/webhook_deliveries_total\{outcome="failed"\} [1-9]/);
    expect(metrics.text).toMatch(/webhook_delivery_duration_seconds_count\{outcome="succeeded"\} [1-9]/);
  });

  it('a receiver that never answers times out without slowing order creation', async () => {
    const timeOrders = async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        await placeOrder();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[Math.floor(n / 2)];
    };
    await timeOrders(3); // warm-up
    const before = await timeOrders(8);
    const r = await receiver();
    r.behaviour = () => 'hang';
    const endpoint = await subscribe(r.url, ['*']);
    const during = await timeOrders(8);
    // Each order's events are queued for the hanging receiver; the order itself never waits for it.
    expect(during).toBeLessThan(before * 3 + 100);
    await waitFor(async () => expect((await deliveries(endpoint.id)).some((d) => String(d.lastError).includes('timed out'))).toBe(true), 10000);
  });

  it('rotate-secret: later deliveries are signed with the new secret', async () => {
    const r = await receiver();
    const endpoint = await subscribe(r.url, ['stock.adjusted']);
    const rotated = await t.http().post(`/api/v1/webhooks/${endpoint.id}/rotate-secret`).set(bearer(admin)).expect(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const product = await createProduct(t, admin);
    await t.http().post(`/api/v1/products/${product.id}/stock-adjustments`).set(bearer(admin)).send({ delta: 1, reason: 'x' }).expect(201);
    await waitFor(async () => expect(r.received.length).toBe(1), 10000);
    const [message] = r.received;
    expect(() => new Webhook(rotated.body.secret).verify(message.body, message.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(message.body, message.headers as Record<string, string>)).toThrow();
  });

  it('manages endpoints: list, get and patch never show the secret; delete; validation; customers get 403', async () => {
    const endpoint = await subscribe('https://erp.example.com/hooks', ['order.*', 'product.created']);
    const got = await t.http().get(`/api/v1/webhooks/${endpoint.id}`).set(bearer(admin)).expect(200);
    expect(got.body).toMatchObject({ id: endpoint.id, url: 'https://erp.example.com/hooks', events: ['order.*', 'product.created'], active: true });
    expect(got.body.secret).toBeUndefined();
    const patched = await t.http().patch(`/api/v1/webhooks/${endpoint.id}`).set(bearer(admin)).send({ events: ['*'], active: false }).expect(200);
    expect(patched.body).toMatchObject({ events: ['*'], active: false, description: 'test' });
    const list = await t.http().get('/api/v1/webhooks').query({ limit: 100 }).set(bearer(admin)).expect(200);
    expect(list.body.items.some((w: { id: string }) => w.id === endpoint.id)).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');

    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)']) {
      const res = await t.http().post('/api/v1/webhooks').set(bearer(admin)).send({ url, events: ['*'] });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
    }
    expect((await t.http().post('/api/v1/webhooks').set(bearer(admin)).send({ url: 'https://x.example.com', events: ['ordr.*'] })).status).toBe(400);
    expect((await t.http().post('/api/v1/webhooks').set(bearer(admin)).send({ url: 'https://x.example.com', events: [] })).status).toBe(400);

    expect((await t.http().get('/api/v1/webhooks').set(bearer(alice.accessToken))).status).toBe(403);
    expect((await t.http().post('/api/v1/webhooks').set(bearer(alice.accessToken)).send({ url: 'https://x.example.com', events: ['*'] })).status).toBe(403);
    expect((await t.http().get(`/api/v1/webhooks/${endpoint.id}/deliveries`).set(bearer(alice.accessToken))).status).toBe(403);

    await t.http().delete(`/api/v1/webhooks/${endpoint.id}`).set(bearer(admin)).expect(204);
    await t.http().get(`/api/v1/webhooks/${endpoint.id}`).set(bearer(admin)).expect(404);
  });
});

describe('Webhooks in production mode', () => {
  let t: TestApp;
  let admin: string;
  let r: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestApp({ ...FAST, NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48), ADMIN_PASSWORD: 'production-admin-1', SHUTDOWN_DELAY_MS: '0' });
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'admin@example.com', password: 'production-admin-1' }).expect(200);
    admin = login.body.accessToken;
    r = await startReceiver();
  });
  afterAll(async () => {
    await t?.close();
    await r?.stop();
  });

  it('refuses URLs that resolve to loopback, private or link-local addresses', async () => {
    for (const url of [r.url, 'http://localhost:9/x', 'http://10.0.0.8/x', 'http://169.254.169.254/latest', 'http://[::1]:8080/x', 'http://192.168.1.1/']) {
      const res = await t.http().post('/api/v1/webhooks').set(bearer(admin)).send({ url, events: ['*'] });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.errors[0].field).toBe('url');
    }
  });

  it('checks the resolved address again at delivery time (a name that later points inside is not reached)', async () => {
    // As if DNS changed after the endpoint was saved: the stored host now resolves to loopback.
    const [{ id }] = await t.dataSource.query(`INSERT INTO "webhook_endpoints" ("url", "events", "secret") VALUES ($1, '{*}', $2) RETURNING "id"`, [
      r.url.replace('127.0.0.1', 'localhost'),
      `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`,
    ]);
    const product = await createProduct(t, admin);
    await waitFor(async () => {
      const [row] = await t.dataSource.query(`SELECT "attempts", "lastError" FROM "webhook_deliveries" WHERE "endpointId" = $1 AND "eventId" IN (SELECT "id" FROM "events" WHERE "aggregateId" = $2)`, [id, product.id]);
      expect(row?.lastError).toMatch(/internal address/);
    }, 10000);
    expect(r.received.length).toBe(0);
  });
});

import { spawn } from 'node:child_process';
import { createClient } from '@redis/client';
import { APP_CONFIG, AppConfig } from '../src/config/app-config';
import { freePort } from '../src/database/embedded-postgres';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockCheck, stockOf } from './support/orders';
import { redisAvailable, startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

const NO_LIMITS = { RATE_LIMIT_PER_MINUTE: '0' };

describe('Orders under concurrency (real parallel HTTP requests)', () => {
  let t: TestApp;
  let admin: string;
  let customers: RegisteredCustomer[];

  beforeAll(async () => {
    t = await startTestApp(NO_LIMITS);
    admin = await loginAsAdmin(t);
    customers = await Promise.all(Array.from({ length: 10 }, () => registerCustomer(t)));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sells exactly the 37 units in stock to 200 parallel orders from 10 customers', async () => {
    const product = await createProduct(t, admin, { stock: 37 });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t
          .http()
          .post('/api/v1/orders')
          .set(bearer(customers[i % 10].accessToken))
          .send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS }),
      ),
    );
    const codes = responses.map((r) => r.status);
    expect(codes.filter((c) => c === 201)).toHaveLength(37);
    expect(codes.filter((c) => c === 409)).toHaveLength(163);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body.stockIssues).toEqual([expect.objectContaining({ productId: product.id, requested: 1, available: 0 })]);
    }
    expect(await stockOf(t, product.id)).toBe(0);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "order_items" WHERE "productId" = $1`, [product.id]);
    expect(n).toBe(37);
    const check = await stockCheck(t, admin);
    expect(check).toMatchObject({ negativeStock: 0, ledgerMismatches: 0 });
  });

  it('never fails on deadlock when orders share two products in opposite line order', async () => {
    const a = await createProduct(t, admin, { stock: 1000 });
    const b = await createProduct(t, admin, { stock: 1000 });
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const items = i % 2 === 0 ? [a, b] : [b, a];
        return t
          .http()
          .post('/api/v1/orders')
          .set(bearer(customers[i % 10].accessToken))
          .send({ items: items.map((p) => ({ productId: p.id, quantity: 2 })), shippingAddress: ADDRESS });
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(60).fill(201));
    expect(await stockOf(t, a.id)).toBe(1000 - 120);
    expect(await stockOf(t, b.id)).toBe(1000 - 120);
  });

  it('creates exactly one order for 25 parallel retries with one Idempotency-Key', async () => {
    const product = await createProduct(t, admin, { stock: 100 });
    const customer = customers[0];
    const body = { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS };
    const key = `checkout-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => t.http().post('/api/v1/orders').set(bearer(customer.accessToken)).set('Idempotency-Key', key).send(body)),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(await stockOf(t, product.id)).toBe(99);

    // After the first finished: the same key and body replay the first answer exactly.
    const replay = await t.http().post('/api/v1/orders').set(bearer(customer.accessToken)).set('Idempotency-Key', key).send(body).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(created[0].body);
    expect(replay.headers.location).toBe(created[0].headers.location);
    // The same key with another body is refused; another customer's identical key is theirs alone.
    await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(customer.accessToken))
      .set('Idempotency-Key', key)
      .send({ ...body, notes: 'different' })
      .expect(422);
    const other = await t.http().post('/api/v1/orders').set(bearer(customers[1].accessToken)).set('Idempotency-Key', key).send(body).expect(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await stockOf(t, product.id)).toBe(98);
  });

  it('replays a refusal too: the same key after a 409 gets the same 409', async () => {
    const product = await createProduct(t, admin, { stock: 0 });
    const body = { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS };
    const first = await t.http().post('/api/v1/orders').set(bearer(customers[2].accessToken)).set('Idempotency-Key', 'k-409').send(body).expect(409);
    const again = await t.http().post('/api/v1/orders').set(bearer(customers[2].accessToken)).set('Idempotency-Key', 'k-409').send(body).expect(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('returns the stock of one order exactly once under concurrent cancels', async () => {
    const product = await createProduct(t, admin, { stock: 10 });
    const created = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(customers[3].accessToken))
      .send({ items: [{ productId: product.id, quantity: 4 }], shippingAddress: ADDRESS })
      .expect(201);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post(`/api/v1/orders/${created.body.id}/cancel`)
          .set(bearer(i % 2 ? admin : customers[3].accessToken))
          .send({}),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await stockOf(t, product.id)).toBe(10);
    expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0 });
  });
});

(redisAvailable() ? describe : describe.skip)('Orders with Redis: failure fall-through and the event stream', () => {
  it('keeps serving reads and writes when Redis stops mid-test', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(async () => {
      const c = createClient({ url: `redis://127.0.0.1:${port}` });
      await c.connect();
      await c.close();
    });
    const t = await startTestApp({ ...NO_LIMITS, REDIS_URL: `redis://127.0.0.1:${port}`, CACHE_TIMEOUT_MS: '200' });
    try {
      const admin = await loginAsAdmin(t);
      const customer = await registerCustomer(t);
      const product = await createProduct(t, admin, { stock: 5 });
      const order = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(customer.accessToken))
        .send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS })
        .expect(201);
      await t.http().get(`/api/v1/orders/${order.body.id}`).set(bearer(customer.accessToken)).expect(200);

      redis.kill('SIGKILL');
      await new Promise((r) => redis.once('exit', r));

      const read = await t.http().get(`/api/v1/orders/${order.body.id}`).set(bearer(customer.accessToken)).expect(200);
      expect(read.body.id).toBe(order.body.id);
      await t.http().patch(`/api/v1/orders/${order.body.id}/status`).set(bearer(admin)).send({ status: 'confirmed' }).expect(200);
      const after = await t.http().get(`/api/v1/orders/${order.body.id}`).set(bearer(customer.accessToken)).expect(200);
      expect(after.body.status).toBe('confirmed');
      await t.http().get('/api/v1/orders').set(bearer(customer.accessToken)).expect(200);
      await t.http().get('/health/ready').expect(200);
    } finally {
      redis.kill('SIGKILL');
      await t.close();
    }
  });

  it('reads its own writes across two instances sharing Redis', async () => {
    // One database, one Redis and one key prefix: two instances of one deployment sharing the cache.
    const env = { ...NO_LIMITS, REDIS_KEY_PREFIX: `shared-${Date.now()}:` };
    const one = await startTestApp(env);
    const two = await startTestApp(env, one.databaseUrl);
    try {
      expect(two.app.get<AppConfig>(APP_CONFIG).redisUrl).toBeTruthy();
      const admin = await loginAsAdmin(one);
      const customer = await registerCustomer(one);
      const product = await createProduct(one, admin, { stock: 10 });
      const order = await one
        .http()
        .post('/api/v1/orders')
        .set(bearer(customer.accessToken))
        .send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS })
        .expect(201);
      for (const status of ['confirmed', 'processing', 'shipped']) {
        // Warm both caches, change on one instance, read at once on the other.
        await Promise.all([one, two].map((t) => t.http().get(`/api/v1/orders/${order.body.id}`).set(bearer(customer.accessToken)).expect(200)));
        await one.http().patch(`/api/v1/orders/${order.body.id}/status`).set(bearer(admin)).send({ status, ...(status === 'shipped' ? { trackingNumber: 'T-1' } : {}) }).expect(200);
        const read = await two.http().get(`/api/v1/orders/${order.body.id}`).set(bearer(customer.accessToken)).expect(200);
        expect(read.body.status).toBe(status);
      }
    } finally {
      await two.close();
      await one.close();
    }
  });

  it('relays every event once to the Redis stream from two instances', async () => {
    const streamKey = `orders.events.test-${Date.now()}`;
    const env = { ...NO_LIMITS, EVENTS_STREAM: 'redis', EVENTS_STREAM_KEY: streamKey, EVENTS_RELAY_INTERVAL_MS: '50' };
    const one = await startTestApp(env);
    const two = await startTestApp(env, one.databaseUrl);
    const redis = createClient({ url: process.env.E2E_REDIS_URL });
    await redis.connect();
    try {
      const admin = await loginAsAdmin(one);
      const customer = await registerCustomer(one);
      const product = await createProduct(one, admin, { stock: 100 });
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? one : two)
            .http()
            .post('/api/v1/orders')
            .set(bearer(customer.accessToken))
            .send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS })
            .expect(201),
        ),
      );
      await waitFor(async () => {
        const [{ n }] = await one.dataSource.query(
          `SELECT count(*)::int AS n FROM "events" WHERE "seq" IS NULL OR "seq" > (SELECT "seq" FROM "event_sink_cursors" WHERE "sink" = 'redis')`,
        );
        expect(n).toBe(0);
      }, 5000);
      const [{ total }] = await one.dataSource.query(`SELECT count(*)::int AS total FROM "events"`);
      const entries = await redis.xRange(streamKey, '-', '+');
      expect(entries).toHaveLength(total);
      const ids = entries.map((e) => e.message.id);
      expect(new Set(ids).size).toBe(total);
      expect(entries.filter((e) => e.message.type === 'order.created')).toHaveLength(30);
      expect(entries.map((e) => e.id)).toEqual(entries.map((e) => `${e.message.seq}-0`));
    } finally {
      await redis.close();
      await two.close();
      await one.close();
    }
  });
});

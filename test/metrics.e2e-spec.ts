import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { ParameterFreeLogger } from '../src/database/parameter-free-logger';
import { loginAsAdmin, registerCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/** /metrics by Prometheus' conventions: counters for counts, `code` for the status, real numbers only. */
describe('Prometheus metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const scrape = async () => (await t.http().get('/metrics').expect(200)).text;
  const sample = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('answers in the content type of the prom-client registry', async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toBe(register.contentType);
  });

  it('labels HTTP requests by method, route and `code`', async () => {
    await t.http().get('/api/v1/orders').expect(401);
    const text = await scrape();
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/api\/v1\/orders",code="401"\} [1-9]/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/orders",code="401"\} [1-9]/m);
    expect(text).not.toMatch(/status="/);
  });

  it('counts cache hits and misses as counters that follow order reads', async () => {
    const admin = await loginAsAdmin(t);
    const customer = await registerCustomer(t);
    const product = await createProduct(t, admin);
    const order = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(customer.accessToken))
      .send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS })
      .expect(201);
    const read = () => t.http().get(`/api/v1/orders/${order.body.id}`).set(bearer(customer.accessToken)).expect(200);
    const counts = async () => {
      const text = await scrape();
      expect(text).toMatch(/^# TYPE cache_hits_total counter$/m);
      expect(text).toMatch(/^# TYPE cache_misses_total counter$/m);
      return { hits: sample(text, 'cache_hits_total')!, misses: sample(text, 'cache_misses_total')! };
    };
    // An order never cached misses (and is a 404); a created order is written through, so its read hits.
    // (Event handlers such as the mail notifier read orders too, so the counts are taken around
    // reads that no handler races: an id that does not exist, and an order whose events are handled.)
    await waitFor(async () => {
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM "events" WHERE "aggregateId" = $1 AND "handledAt" IS NULL`,
        [order.body.id],
      );
      expect(n).toBe(0);
    });
    const before = await counts();
    await t.http().get(`/api/v1/orders/${randomUUID()}`).set(bearer(admin)).expect(404);
    const afterMiss = await counts();
    await read();
    const afterHit = await counts();
    expect([afterMiss.misses - before.misses, afterMiss.hits - before.hits]).toEqual([1, 0]);
    expect([afterHit.misses - afterMiss.misses, afterHit.hits - afterMiss.hits]).toEqual([0, 1]);
    const after = await scrape();
    expect(sample(after, 'orders_created_total')).toBeGreaterThanOrEqual(1);
  });

  it('reports the pg pool from its own counters, and an event backlog that is a real count', async () => {
    const text = await scrape();
    const total = sample(text, 'db_pool_total_connections')!;
    const idle = sample(text, 'db_pool_idle_connections')!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(total);
    expect(sample(text, 'db_pool_waiting_clients')).toBeGreaterThanOrEqual(0);
    expect(total).toBeLessThanOrEqual(20); // extra.max of typeorm-options.ts
    expect(sample(text, 'events_backlog')).toBeGreaterThanOrEqual(0);
  });
});

describe('TypeORM logs', () => {
  it("go through the app's pino logger, parameter-free", async () => {
    const t = await startTestApp();
    try {
      expect(t.dataSource.logger).toBeInstanceOf(ParameterFreeLogger);
    } finally {
      await t.close();
    }
  });
});

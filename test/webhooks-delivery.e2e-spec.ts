import { Client } from 'pg';
import request from 'supertest';
import { loginAsAdmin } from './support/auth';
import { createProduct } from './support/inventory';
import { bearer } from './support/orders';
import { AppProcess, ensureBuilt, killAllApps, startApp } from './support/processes';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';
import { startReceiver, WebhookReceiver } from './support/webhook-receiver';

const FAST = {
  EVENTS_RELAY_INTERVAL_MS: '100',
  EVENTS_REDELIVER_AFTER_MS: '300',
  WEBHOOK_TIMEOUT_MS: '800',
  WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  RATE_LIMIT_PER_MINUTE: '0',
};

type Http = { http: () => ReturnType<typeof request> };

async function subscribe(t: Http, admin: string, url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const res = await t.http().post('/api/v1/webhooks').set(bearer(admin)).send({ url, events });
  expect(res.status).toBe(201);
  return res.body;
}

/** `count` stock adjustments (one `stock.adjusted` event each), `parallel` at a time. */
async function adjustStock(t: Http, admin: string, productId: string, count: number, parallel = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next++;
        await t
          .http()
          .post(`/api/v1/products/${productId}/stock-adjustments`)
          .set(bearer(admin))
          .send({ delta: 1, reason: 'restock' })
          .expect(201);
      }
    }),
  );
}

/** `waitReady`, saying how the process ended if it did. */
const ready = (app: AppProcess): Promise<number> =>
  app.waitReady().catch(async (error: unknown) => {
    const exit = await Promise.race([app.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 100))]);
    throw new Error(`${String(error)}\nexit: ${JSON.stringify(exit)}`);
  });

const succeededOn = async (t: TestApp): Promise<number> => {
  const text = (await t.http().get('/metrics').expect(200)).text;
  return Number(/webhook_deliveries_total\{outcome="succeeded"\} (\d+)/.exec(text)?.[1] ?? 0);
};

describe('Webhook deliveries shared by several instances', () => {
  let a: TestApp;
  let b: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // A generous timeout: on a saturated machine an attempt cut short would be retried, and counted twice.
    const env = { ...FAST, WEBHOOK_TIMEOUT_MS: '10000' };
    a = await startTestApp(env);
    b = await startTestApp(env, a.databaseUrl);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await receiver?.stop();
  });

  it('two instances deliver 500 events to one receiver: none missing, none twice, both sharing the work', async () => {
    // A short wait per answer keeps several deliveries in flight, so both dispatchers claim at once.
    receiver.behaviour = () => new Promise((resolve) => setTimeout(() => resolve(204), 5));
    const adminA = await loginAsAdmin(a);
    const adminB = await loginAsAdmin(b);
    await subscribe(a, adminA, receiver.url, ['stock.adjusted']);
    const productA = await createProduct(a, adminA);
    const productB = await createProduct(b, adminB);
    await Promise.all([adjustStock(a, adminA, productA.id, 250), adjustStock(b, adminB, productB.id, 250)]);

    await waitFor(async () => expect(receiver.counts().unique).toBe(500), 120_000);
    const events = await a.dataSource.query(
      `SELECT "id" FROM "events" WHERE "type" = 'stock.adjusted' AND "aggregateId" = ANY($1::uuid[])`,
      [[productA.id, productB.id]],
    );
    expect(new Set(receiver.received.map((m) => m.headers['webhook-id']))).toEqual(
      new Set(events.map((e: { id: string }) => e.id)),
    );
    // No instance crashed, so no delivery was sent twice.
    expect(receiver.counts().duplicates).toBe(0);
    // The receiver has the last request a moment before its dispatcher records the outcome.
    await waitFor(async () => {
      const [byStatus] = await a.dataSource.query(
        `SELECT count(*) FILTER (WHERE "status" = 'succeeded')::int AS succeeded, count(*)::int AS total, max("attempts")::int AS "maxAttempts" FROM "webhook_deliveries"`,
      );
      expect(byStatus).toEqual({ succeeded: 500, total: 500, maxAttempts: 1 });
    }, 30_000);
    const [sentByA, sentByB] = [await succeededOn(a), await succeededOn(b)];
    expect(sentByA + sentByB).toBe(500);
    expect(sentByA).toBeGreaterThan(0);
    expect(sentByB).toBeGreaterThan(0);
  }, 240_000);
});

describe('Webhook deliveries across a crash (kill -9)', () => {
  let receiver: WebhookReceiver;
  const cleanUps: Array<() => Promise<unknown>> = [];

  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(async () => {
    await killAllApps();
    for (const step of cleanUps) await step().catch(() => undefined);
    await receiver?.stop();
  });

  it('a process killed mid-delivery leaves nothing undelivered: the next one sends the rest (at least once)', async () => {
    receiver = await startReceiver();
    // Slow answers (and at most a quarter of WEBHOOK_CONCURRENCY per endpoint) keep most of them queued at the kill.
    receiver.behaviour = () => new Promise((resolve) => setTimeout(() => resolve(200), 300));
    const env = { ...FAST, DATABASE_URL: await createTestDatabase(), LOG_LEVEL: 'warn' };
    const first = await startApp({ env });
    await ready(first);
    const http1 = { http: () => request(first.url) };
    const admin = await loginAsAdmin(http1);
    await subscribe(http1, admin, receiver.url, ['stock.adjusted']);
    const product = await createProduct(http1, admin);
    await adjustStock(http1, admin, product.id, 80);
    await waitFor(async () => expect(receiver.received.length).toBeGreaterThanOrEqual(10), 20_000);

    first.signal('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const receivedBeforeCrash = receiver.counts().unique;
    const db = new Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    cleanUps.push(() => db.end());
    const [{ leased }] = (
      await db.query(`SELECT count(*)::int AS leased FROM "webhook_deliveries" WHERE "status" = 'pending' AND "attempts" > 0`)
    ).rows;
    expect(receivedBeforeCrash).toBeLessThan(80);

    const second = await startApp({ env });
    await ready(second);
    // Leases of the attempts cut short expire (timeout + 5 s), then they are sent again.
    await waitFor(async () => expect(receiver.counts().unique).toBe(80), 60_000);
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT "status", count(*)::int AS n FROM "webhook_deliveries" GROUP BY "status"`);
      expect(rows).toEqual([{ status: 'succeeded', n: 80 }]);
    }, 20_000);
    const { duplicates } = receiver.counts();
    // Only what was in flight at the kill may come twice: at most a quarter of WEBHOOK_CONCURRENCY (16) per endpoint.
    expect(duplicates).toBeLessThanOrEqual(4);
    process.stdout.write(
      `\n[webhooks kill -9] delivered=80 beforeCrash=${receivedBeforeCrash} leasedAtCrash=${leased} duplicates=${duplicates}\n`,
    );
    await second.stop();
  }, 240_000);
});

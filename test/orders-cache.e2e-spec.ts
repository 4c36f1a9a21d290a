import { OrderCache } from '../src/orders/order-cache';
import { loginAsAdmin, registerCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { redisAvailable, startTestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * Cache-aside's classic race: a read fetches version 1, a write commits version 2 and invalidates,
 * then the slow read puts version 1 back. The next read must still see version 2.
 */
const backends = [
  ...(redisAvailable() ? [{ name: 'Redis', env: {} }] : []),
  { name: 'in-memory (no REDIS_URL)', env: { REDIS_URL: undefined } },
];

describe.each(backends)('Order cache on $name', ({ env }) => {
  it('never serves an order that a slow read put back after a write', async () => {
    const t = await startTestApp({ ...env, EVENTS_RELAY_INTERVAL_MS: '100' });
    try {
      const admin = await loginAsAdmin(t);
      const customer = await registerCustomer(t);
      const product = await createProduct(t, admin, { stock: 5 });
      const created = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(customer.accessToken))
        .send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS })
        .expect(201);
      const id = created.body.id as string;
      const stale = (await t.http().get(`/api/v1/orders/${id}`).set(bearer(customer.accessToken)).expect(200)).body;
      await t.http().patch(`/api/v1/orders/${id}/status`).set(bearer(admin)).send({ status: 'confirmed' }).expect(200);
      // Let every invalidation (the command's and the event handler's) happen first.
      await waitFor(async () => {
        const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "events" WHERE "aggregateId" = $1 AND "handledAt" IS NULL`, [id]);
        expect(n).toBe(0);
      });
      // Now the slow read writes version 1 back, late.
      await t.app.get(OrderCache).put(stale);
      const next = await t.http().get(`/api/v1/orders/${id}`).set(bearer(customer.accessToken)).expect(200);
      expect(next.body).toMatchObject({ status: 'confirmed', version: 2 });
      // and the fresh version is what the cache holds from then on
      const again = await t.http().get(`/api/v1/orders/${id}`).set(bearer(customer.accessToken)).expect(200);
      expect(again.body.version).toBe(2);
    } finally {
      await t.close();
    }
  });
});

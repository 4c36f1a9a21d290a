import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockCheck, stockOf } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

const MAX_INT = 2_147_483_647;

/** Issue 15 rows 2, 4, 6, 19: payment and fulfilment read together, stock that can always come back. */
describe('Orders: status × payment rules, shipping details, stock bounds', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t);
  });
  afterAll(async () => t?.close());

  async function placeOrder(quantity = 2, stock = 10) {
    const product = await createProduct(t, admin, { stock });
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send({ items: [{ productId: product.id, quantity }], shippingAddress: ADDRESS });
    expect(res.status).toBe(201);
    return { order: res.body as { id: string }, product };
  }
  const setStatus = (id: string, status: string, extra: Record<string, unknown> = {}) =>
    t
      .http()
      .patch(`/api/v1/orders/${id}/status`)
      .set(bearer(admin))
      .send({ status, ...extra });
  const pay = (id: string, paymentStatus: string) =>
    t.http().patch(`/api/v1/orders/${id}/payment`).set(bearer(admin)).send({ paymentStatus, reference: 'psp_1' });
  const read = (id: string) => t.http().get(`/api/v1/orders/${id}`).set(bearer(admin));

  it('does not let anyone delete a paid order: it stays for staff', async () => {
    const { order, product } = await placeOrder(3, 10);
    await pay(order.id, 'paid').expect(200);
    const byOwner = await t.http().delete(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken));
    expect(byOwner.status).toBe(409);
    expect(byOwner.body).toMatchObject({ type: expect.stringMatching(/order-not-deletable$/), paymentStatus: 'paid' });
    await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(admin)).send({}).expect(200);
    await t.http().delete(`/api/v1/orders/${order.id}`).set(bearer(admin)).expect(409);
    expect((await read(order.id).expect(200)).body).toMatchObject({ status: 'cancelled', paymentStatus: 'paid' });
    expect(await stockOf(t, product.id)).toBe(10);
  });

  it('never both deletes and takes payment when the owner deletes while staff record the payment', async () => {
    for (let i = 0; i < 6; i++) {
      const { order } = await placeOrder(1, 5);
      const [deleted, paid] = await Promise.all([
        t.http().delete(`/api/v1/orders/${order.id}`).set(bearer(alice.accessToken)),
        pay(order.id, 'paid'),
      ]);
      const outcome = [deleted.status, paid.status].sort().join('/');
      // Delete first: the payment finds no order (404). Payment first: the paid order is kept (409).
      expect(['204/404', '200/409']).toContain(outcome);
    }
  });

  it('leaves cancelling a paid order to staff, keeps the payment to be refunded explicitly, and takes no money for a cancelled order', async () => {
    const { order } = await placeOrder();
    await pay(order.id, 'paid').expect(200);
    const byOwner = await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(alice.accessToken)).send({});
    expect(byOwner.status).toBe(409);
    expect(byOwner.body.detail).toMatch(/contact support/);
    const cancelled = await t
      .http()
      .post(`/api/v1/orders/${order.id}/cancel`)
      .set(bearer(admin))
      .send({ reason: 'out of stock at supplier' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', paymentStatus: 'paid' });
    expect((await pay(order.id, 'refunded').expect(200)).body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });

    const unpaid = (await placeOrder()).order;
    await t.http().post(`/api/v1/orders/${unpaid.id}/cancel`).set(bearer(alice.accessToken)).send({}).expect(200);
    const late = await pay(unpaid.id, 'paid');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ type: expect.stringMatching(/illegal-payment-transition$/), currentStatus: 'cancelled' });
    expect((await read(unpaid.id)).body.paymentStatus).toBe('pending');
  });

  it('refunds an order only once paid, refunding the payment in the same change', async () => {
    const { order } = await placeOrder();
    await setStatus(order.id, 'confirmed').expect(200);
    await setStatus(order.id, 'shipped', { trackingNumber: '1Z999' }).expect(200);
    await setStatus(order.id, 'delivered').expect(200);
    const early = await setStatus(order.id, 'refunded');
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/payment is pending/);
    await pay(order.id, 'paid').expect(200);
    const refunded = await setStatus(order.id, 'refunded').expect(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', paymentStatus: 'refunded', refundedAt: expect.any(String) });
    // The feed shows a change within a second of its commit.
    await waitFor(async () => {
      const events = await t.http().get('/api/v1/events?limit=100').set(bearer(admin)).expect(200);
      const types = events.body.items
        .filter((e: { aggregateId: string }) => e.aggregateId === order.id)
        .map((e: { type: string }) => e.type);
      expect(types.filter((type: string) => type.endsWith('refunded'))).toEqual(
        expect.arrayContaining(['order.payment_refunded', 'order.refunded']),
      );
    });
    // A payment refund on its own is possible whatever the order's status.
    const live = (await placeOrder()).order;
    await pay(live.id, 'paid').expect(200);
    expect((await pay(live.id, 'refunded').expect(200)).body).toMatchObject({ status: 'pending', paymentStatus: 'refunded' });
  });

  it('ships only with a tracking number, and later transitions keep it', async () => {
    const { order } = await placeOrder();
    await setStatus(order.id, 'confirmed').expect(200);
    const bare = await setStatus(order.id, 'shipped');
    expect(bare.status).toBe(400);
    expect(bare.body.errors.map((e: { field: string }) => e.field)).toEqual(['trackingNumber']);
    const early = await setStatus(order.id, 'processing', { trackingNumber: 'TOO-EARLY' });
    expect(early.status).toBe(400);
    expect(early.body.errors.map((e: { field: string }) => e.field)).toEqual(['trackingNumber']);
    await setStatus(order.id, 'shipped', { trackingNumber: '1Z999' }).expect(200);
    const overwrite = await setStatus(order.id, 'delivered', { trackingNumber: 'OTHER' });
    expect(overwrite.status).toBe(400);
    expect((await setStatus(order.id, 'delivered').expect(200)).body).toMatchObject({
      status: 'delivered',
      trackingNumber: '1Z999',
    });
  });

  it('keeps stock plus the units open orders hold within the column, so cancelling never overflows', async () => {
    const { order, product } = await placeOrder(1000, 1_000_000_000);
    const adjust = (delta: number) =>
      t.http().post(`/api/v1/products/${product.id}/stock-adjustments`).set(bearer(admin)).send({ delta, reason: 'restock' });
    await adjust(1_000_000_000).expect(201);
    // stock 1,999,999,000 + 1,000 held = 2,000,000,000: room for exactly MAX_INT − 2e9 more.
    expect((await adjust(MAX_INT - 2_000_000_000 + 1)).status).toBe(409);
    await adjust(MAX_INT - 2_000_000_000).expect(201);
    expect((await adjust(1)).status).toBe(409);
    const cancelled = await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(alice.accessToken)).send({});
    expect(cancelled.status).toBe(200);
    expect(await stockOf(t, product.id)).toBe(MAX_INT);
  });

  it('holds the bound when adjustments race a cancellation', async () => {
    const { order, product } = await placeOrder(1000, 1_000_000_000);
    const deltas = [1_000_000_000, MAX_INT - 2_000_000_000, 1, 1, 500];
    const [cancel, ...adjusted] = await Promise.all([
      t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(alice.accessToken)).send({}),
      ...deltas.map((delta) =>
        t.http().post(`/api/v1/products/${product.id}/stock-adjustments`).set(bearer(admin)).send({ delta, reason: 'race' }),
      ),
    ]);
    expect(cancel.status).toBe(200);
    for (const res of adjusted) expect([201, 409]).toContain(res.status);
    const applied = deltas.filter((_, i) => adjusted[i].status === 201).reduce((a, b) => a + b, 0);
    const stock = await stockOf(t, product.id);
    expect(stock).toBe(1_000_000_000 + applied);
    expect(stock).toBeLessThanOrEqual(MAX_INT);
    expect((await stockCheck(t, admin)).ledgerMismatches).toBe(0);
  });
});

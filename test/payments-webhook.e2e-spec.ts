import { createHmac, randomBytes } from 'node:crypto';
import { loginAsAdmin, registerCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * Payment notifications from the provider (API.md): real signed HTTP requests — HMAC-SHA256 over
 * "<t>.<raw body>" — drive the order's payment status machine once per notification id.
 */
jest.setTimeout(120_000);

const SECRET = randomBytes(24).toString('hex');
const WEBHOOK = '/api/v1/payments/webhook';

const signature = (raw: string, t = Math.floor(Date.now() / 1000), secret = SECRET) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex')}`;

describe('POST /payments/webhook', () => {
  let t: TestApp;
  let admin: string;
  let customer: string;
  let productId: string;

  const post = (raw: string, sig?: string) => {
    const req = t.http().post(WEBHOOK).set('Content-Type', 'application/json');
    if (sig !== undefined) req.set('Payment-Signature', sig);
    return req.send(raw);
  };

  async function newOrder(): Promise<{ id: string; totalCents: number; currency: string }> {
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(customer))
      .send({ items: [{ productId, quantity: 2 }], shippingAddress: ADDRESS })
      .expect(201);
    return res.body;
  }

  const notification = (order: { id: string; totalCents: number; currency: string }, overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      type: 'payment.succeeded',
      orderId: order.id,
      reference: 'pi_123',
      amountCents: order.totalCents,
      currency: order.currency,
      occurredAt: new Date().toISOString(),
      ...overrides,
    });

  const paymentStatusOf = async (orderId: string) =>
    (await t.http().get(`/api/v1/orders/${orderId}`).set(bearer(admin)).expect(200)).body.paymentStatus as string;

  const paymentEventsOf = async (orderId: string) => {
    const feed = await t.http().get('/api/v1/events?limit=100').set(bearer(admin)).expect(200);
    return (feed.body.items as Array<{ type: string; aggregateId: string; actor: unknown }>).filter(
      (e) => e.aggregateId === orderId && e.type.startsWith('order.payment_'),
    );
  };

  beforeAll(async () => {
    t = await startTestApp({ PAYMENT_WEBHOOK_SECRET: SECRET });
    admin = await loginAsAdmin(t);
    customer = (await registerCustomer(t)).accessToken;
    productId = (await createProduct(t, admin, { stock: 1000, priceCents: 1250 })).id;
  });
  afterAll(() => t?.close());

  it('refuses unsigned, wrongly signed, stale and future requests with 401, changing nothing', async () => {
    const order = await newOrder();
    const raw = notification(order);
    const now = Math.floor(Date.now() / 1000);
    for (const sig of [
      undefined,
      'garbage',
      signature(raw, now, 'not-the-secret-at-all'),
      signature(raw, now - 301),
      signature(raw, now + 330),
      signature(`${raw} `, now),
    ]) {
      const res = await post(raw, sig);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await paymentStatusOf(order.id)).toBe('pending');
    expect(await paymentEventsOf(order.id)).toEqual([]);
  });

  it('applies a valid notification once, even sent three times in parallel, with the event and history of a payment change by the system', async () => {
    const order = await newOrder();
    const raw = notification(order);
    const sig = signature(raw);
    const answers = await Promise.all([post(raw, sig), post(raw, sig), post(raw, sig)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body.paymentStatus)).toEqual(['paid', 'paid', 'paid']);
    expect(answers.filter((a) => a.body.replayed === false)).toHaveLength(1);
    expect(await paymentStatusOf(order.id)).toBe('paid');
    // Sent again later: the same outcome, nothing applied.
    const later = await post(raw, signature(raw));
    expect(later.body).toMatchObject({ orderId: order.id, paymentStatus: 'paid', replayed: true });

    await waitFor(async () => {
      const events = await paymentEventsOf(order.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'order.payment_completed', actor: { id: null, role: 'system' } });
    }, 5000);
    await waitFor(async () => {
      const history = await t.http().get(`/api/v1/orders/${order.id}/history`).set(bearer(admin)).expect(200);
      const payments = (history.body.items as Array<{ action: string; actor: { role: string } }>).filter((h) =>
        h.action.includes('payment'),
      );
      expect(payments).toHaveLength(1);
      expect(payments[0].actor.role).toBe('system');
    }, 5000);

    // Refunded later by the provider; a second refund is a transition the machine forbids.
    const refund = notification(order, { type: 'payment.refunded' });
    expect((await post(refund, signature(refund)).expect(200)).body.paymentStatus).toBe('refunded');
    const again = notification(order, { type: 'payment.refunded' });
    await post(again, signature(again)).expect(409);
  });

  it('refuses an amount or currency other than the order total (422), status unchanged', async () => {
    const order = await newOrder();
    for (const overrides of [{ amountCents: order.totalCents - 1 }, { currency: order.currency === 'USD' ? 'EUR' : 'USD' }]) {
      const raw = notification(order, overrides);
      await post(raw, signature(raw)).expect(422);
    }
    expect(await paymentStatusOf(order.id)).toBe('pending');
    // The refused id was not recorded: corrected, it applies.
    const failed = notification(order, { type: 'payment.failed' });
    expect((await post(failed, signature(failed)).expect(200)).body.paymentStatus).toBe('failed');
  });

  it('answers 404 for an unknown order, 409 for a forbidden transition, 400 for a signed body that is not a notification', async () => {
    const order = await newOrder();
    const unknown = notification({ ...order, id: '00000000-0000-4000-8000-000000000000' });
    await post(unknown, signature(unknown)).expect(404);
    const refundUnpaid = notification(order, { type: 'payment.refunded' });
    await post(refundUnpaid, signature(refundUnpaid)).expect(409);
    for (const overrides of [{ type: 'payment.stolen' }, { amountCents: 1.5 }, { orderId: 'x' }, { extra: true }]) {
      const raw = notification(order, overrides);
      await post(raw, signature(raw)).expect(400);
    }
  });

  it('does not exist without PAYMENT_WEBHOOK_SECRET (404)', async () => {
    const plain = await startTestApp({ PAYMENT_WEBHOOK_SECRET: undefined }, t.databaseUrl);
    try {
      const raw = JSON.stringify({ id: 'evt_x' });
      await plain
        .http()
        .post(WEBHOOK)
        .set('Content-Type', 'application/json')
        .set('Payment-Signature', signature(raw))
        .send(raw)
        .expect(404);
    } finally {
      await plain.close();
    }
  });
});

import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';

describe('Orders: sales report (GET /orders/reports/sales)', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;
  let a: { id: string; sku: string };
  let b: { id: string; sku: string };

  // Known orders at known instants, in a month nobody else's orders are in (the test database is its own).
  const at = async (orderId: string, createdAt: string) =>
    t.dataSource.query(`UPDATE "orders" SET "createdAt" = $2 WHERE "id" = $1`, [orderId, createdAt]);
  const place = async (items: Array<{ productId: string; quantity: number }>, createdAt: string) => {
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send({ items, shippingAddress: ADDRESS })
      .expect(201);
    await at(res.body.id, createdAt);
    return res.body as { id: string; totalCents: number };
  };
  const report = (query: string, token = admin) => t.http().get(`/api/v1/orders/reports/sales?${query}`).set(bearer(token));

  let totals: number[];
  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_PER_MINUTE: '0',
      TAX_RATE_BPS: '1000',
      SHIPPING_STANDARD_CENTS: '500',
      FREE_SHIPPING_THRESHOLD_CENTS: '1000000',
    });
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t);
    a = await createProduct(t, admin, { priceCents: 1000, stock: 1000, name: 'Widget, "large"' });
    b = await createProduct(t, admin, { priceCents: 333, stock: 1000, name: 'Gadget' });
    const o1 = await place([{ productId: a.id, quantity: 2 }], '2025-03-03T00:00:00.000Z'); // Monday, first instant of the range
    const o2 = await place(
      [
        { productId: a.id, quantity: 1 },
        { productId: b.id, quantity: 3 },
      ],
      '2025-03-04T12:00:00.000Z',
    );
    const o3 = await place([{ productId: b.id, quantity: 5 }], '2025-03-09T23:59:59.999Z'); // Sunday, last instant of week 1
    const o4 = await place([{ productId: b.id, quantity: 1 }], '2025-03-10T00:00:00.000Z'); // next Monday
    const cancelled = await place([{ productId: a.id, quantity: 7 }], '2025-03-04T13:00:00.000Z');
    await t.http().post(`/api/v1/orders/${cancelled.id}/cancel`).set(bearer(alice.accessToken)).send({}).expect(200);
    await place([{ productId: a.id, quantity: 9 }], '2025-02-28T23:59:59.999Z'); // before the range
    await place([{ productId: a.id, quantity: 9 }], '2025-04-01T00:00:00.000Z'); // after it
    totals = [o1.totalCents, o2.totalCents, o3.totalCents, o4.totalCents];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('puts known orders in the right day, week and month with the right sums; cancelled ones are left out', async () => {
    const [t1, t2, t3, t4] = totals;
    const weeks = await report('from=2025-03-01&to=2025-03-31&groupBy=week').expect(200);
    expect(weeks.body).toMatchObject({
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-03-31T23:59:59.999Z',
      groupBy: 'week',
      currency: 'USD',
    });
    expect(weeks.body.items).toEqual([
      { period: '2025-02-24', orders: 0, revenueCents: 0, averageOrderCents: 0, itemsSold: 0 },
      {
        period: '2025-03-03',
        orders: 3,
        revenueCents: t1 + t2 + t3,
        averageOrderCents: Math.round((t1 + t2 + t3) / 3),
        itemsSold: 2 + 4 + 5,
      },
      { period: '2025-03-10', orders: 1, revenueCents: t4, averageOrderCents: t4, itemsSold: 1 },
      { period: '2025-03-17', orders: 0, revenueCents: 0, averageOrderCents: 0, itemsSold: 0 },
      { period: '2025-03-24', orders: 0, revenueCents: 0, averageOrderCents: 0, itemsSold: 0 },
      { period: '2025-03-31', orders: 0, revenueCents: 0, averageOrderCents: 0, itemsSold: 0 },
    ]);
    expect(weeks.body.topProducts).toEqual([
      { productId: b.id, sku: b.sku, name: 'Gadget', quantity: 9, revenueCents: 9 * 333 },
      { productId: a.id, sku: a.sku, name: 'Widget, "large"', quantity: 3, revenueCents: 3000 },
    ]);

    const days = await report('from=2025-03-03T00:00:00Z&to=2025-03-10T00:00:00Z&groupBy=day&top=1').expect(200);
    expect(days.body.items).toHaveLength(8);
    expect(days.body.items[0]).toEqual({
      period: '2025-03-03',
      orders: 1,
      revenueCents: t1,
      averageOrderCents: t1,
      itemsSold: 2,
    });
    expect(days.body.items[1]).toMatchObject({ period: '2025-03-04', orders: 1, revenueCents: t2, itemsSold: 4 });
    expect(days.body.items[6]).toMatchObject({ period: '2025-03-09', orders: 1, revenueCents: t3 });
    expect(days.body.items[7]).toMatchObject({ period: '2025-03-10', orders: 1, revenueCents: t4 });
    expect(days.body.topProducts).toEqual([expect.objectContaining({ productId: b.id })]);

    const months = await report('from=2025-02-01&to=2025-04-30&groupBy=month').expect(200);
    expect(months.body.items.map((p: { period: string; orders: number }) => [p.period, p.orders])).toEqual([
      ['2025-02', 1],
      ['2025-03', 4],
      ['2025-04', 1],
    ]);
    // An instant range: exactly the orders of that instant.
    const instant = await report('from=2025-03-09T23:59:59.999Z&to=2025-03-09T23:59:59.999Z').expect(200);
    expect(instant.body.items).toEqual([
      { period: '2025-03-09', orders: 1, revenueCents: t3, averageOrderCents: t3, itemsSold: 5 },
    ]);
  });

  it('answers CSV with a header row, CRLF records and RFC 4180 quoting for Accept: text/csv', async () => {
    const [t1, t2, t3, t4] = totals;
    const res = await report('from=2025-03-01&to=2025-03-16&groupBy=week').set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="sales-week-2025-03-01-2025-03-16.csv"');
    expect(res.text).toBe(
      'period,orders,revenueCents,averageOrderCents,itemsSold\r\n' +
        '2025-02-24,0,0,0,0\r\n' +
        `2025-03-03,3,${t1 + t2 + t3},${Math.round((t1 + t2 + t3) / 3)},11\r\n` +
        `2025-03-10,1,${t4},${t4},1\r\n`,
    );
    // JSON is the default, and preferred when the client says so.
    expect((await report('from=2025-03-01&to=2025-03-02')).headers['content-type']).toMatch(/^application\/json/);
    const preferred = await report('from=2025-03-01&to=2025-03-02').set('Accept', 'application/json;q=0.5, text/csv');
    expect(preferred.headers['content-type']).toMatch(/^text\/csv/);
  });

  it('refuses customers with 403 and bad ranges with 400', async () => {
    const denied = await report('from=2025-03-01&to=2025-03-31', alice.accessToken);
    expect(denied.status).toBe(403);
    for (const query of [
      '',
      'from=2025-03-01',
      'to=2025-03-01',
      'from=2025-03-31&to=2025-03-01',
      'from=yesterday&to=2025-03-01',
      'from=2025-03-01&to=2025-03-31&groupBy=year',
      'from=2025-03-01&to=2025-03-31&top=0',
      'from=2025-03-01&to=2025-03-31&top=101',
      'from=2000-01-01&to=2025-03-31&groupBy=day',
      'from=2025-03-01&to=2025-03-31&extra=1',
    ]) {
      const res = await report(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await report('from=2000-01-01&to=2025-03-31&groupBy=month').expect(200);
  });
});

import { toOutboxEvent } from '../src/events/event-relay';
import { toDomainEvent } from '../src/events/event-catalogue';
import { CustomerNotifier } from '../src/notifications/customer-notifier';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { startSmtpServer, TestSmtpServer } from './support/smtp-server';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * Notifications by mail (API.md, "Notifications"), through a real SMTP server started here: customers
 * about their orders, staff (ALERT_EMAILS) about low stock. Mail goes out after commit, from the events.
 */
const FAST = {
  EVENTS_RELAY_INTERVAL_MS: '100',
  EVENTS_REDELIVER_AFTER_MS: '300',
  MAIL_RETRY_BASE_MS: '200',
  MAIL_RETRY_MAX_MS: '400',
  MAIL_POLL_INTERVAL_MS: '100',
  MAIL_TIMEOUT_MS: '10000',
  RATE_LIMIT_PER_MINUTE: '0',
};

describe('Notifications by mail', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ ...FAST, MAIL_URL: smtp.url, ALERT_EMAILS: 'ops@example.com, Buyer@Example.com' });
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t, { name: 'Alice Shopper' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const placeOrder = async (productId: string, quantity = 2) => {
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(alice.accessToken))
      .send({ items: [{ productId, quantity }], shippingAddress: ADDRESS });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: number; totalCents: number; subtotalCents: number };
  };
  const setStatus = (orderId: string, body: Record<string, unknown>) =>
    t.http().patch(`/api/v1/orders/${orderId}/status`).set(bearer(admin)).send(body).expect(200);
  // One per queued mail (X-Mail-ID): an SMTP attempt cut short by a timeout after the server took the
  // message is sent again by the queue (at least once); the count is of mails queued for events.
  const mailsAbout = (number: number) => [
    ...new Map(
      smtp
        .mailTo(alice.email)
        .filter((m) => m.subject.includes(`#${number} `))
        .map((m) => [m.parsed.headers.get('x-mail-id'), m]),
    ).values(),
  ];
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a receipt on creation names the order number, its lines and totals, in plain text', async () => {
    const product = await createProduct(t, admin, { name: 'Enamel mug', priceCents: 1250, stock: 100 });
    const order = await placeOrder(product.id, 2);
    const receipt = await smtp.waitFor((m) => m.to.includes(alice.email) && m.subject === `Order #${order.number} received`);
    expect(receipt.text).toContain('Hello Alice Shopper,');
    expect(receipt.text).toContain(`order #${order.number}`);
    expect(receipt.text).toContain(`2 × Enamel mug (${product.sku}) at 12.50 USD: 25.00 USD`);
    expect(receipt.text).toContain('Subtotal: 25.00 USD');
    expect(receipt.text).toContain(`Total: ${(order.totalCents / 100).toFixed(2)} USD`);
  });

  it('confirmed, shipped (with its tracking number), delivered and refunded: one mail each, none for processing', async () => {
    const product = await createProduct(t, admin, { stock: 100 });
    const order = await placeOrder(product.id, 1);
    await setStatus(order.id, { status: 'confirmed' });
    await setStatus(order.id, { status: 'processing' });
    await setStatus(order.id, { status: 'shipped', trackingNumber: 'TRK-4417-XYZ' });
    await setStatus(order.id, { status: 'delivered' });
    await t
      .http()
      .patch(`/api/v1/orders/${order.id}/payment`)
      .set(bearer(admin))
      .send({ paymentStatus: 'paid', reference: 'staff-only-ref' })
      .expect(200);
    await setStatus(order.id, { status: 'refunded' });

    const subjects = ['received', 'confirmed', 'shipped', 'delivered', 'refunded'].map(
      (what) => `Order #${order.number} ${what}`,
    );
    await waitFor(
      async () =>
        expect(
          mailsAbout(order.number)
            .map((m) => m.subject)
            .sort(),
        ).toEqual([...subjects].sort()),
      15000,
    );
    const shipped = mailsAbout(order.number).find((m) => m.subject.endsWith('shipped'))!;
    expect(shipped.text).toContain('Tracking number: TRK-4417-XYZ');
    const refunded = mailsAbout(order.number).find((m) => m.subject.endsWith('refunded'))!;
    expect(refunded.text).toContain(`${(order.totalCents / 100).toFixed(2)} USD`);
    expect(
      mailsAbout(order.number)
        .map((m) => m.text)
        .join('\n'),
    ).not.toContain('staff-only-ref');
  });

  it('a cancelled order gets its mail, without the reason staff wrote', async () => {
    const product = await createProduct(t, admin, { stock: 100 });
    const order = await placeOrder(product.id, 1);
    await t
      .http()
      .post(`/api/v1/orders/${order.id}/cancel`)
      .set(bearer(admin))
      .send({ reason: 'internal: suspected fraud' })
      .expect(200);
    const mail = await smtp.waitFor((m) => m.subject === `Order #${order.number} cancelled`);
    expect(mail.to).toEqual([alice.email.toLowerCase()]);
    expect(mail.text).not.toContain('fraud');
  });

  it('at most one mail per event: an event handed to the notifier again queues nothing', async () => {
    const product = await createProduct(t, admin, { stock: 100 });
    const order = await placeOrder(product.id, 1);
    await smtp.waitFor((m) => m.subject === `Order #${order.number} received`);
    const [row] = await t.dataSource.query(`SELECT * FROM "events" WHERE "aggregateId" = $1 AND "type" = 'order.created'`, [
      order.id,
    ]);
    // As the relay does after a crash between the mail and the handler's delivery record.
    await t.app.get(CustomerNotifier).handle(toDomainEvent(toOutboxEvent(row)) as never);
    await pause(800);
    expect(mailsAbout(order.number)).toHaveLength(1);
  });

  it('low stock: one alert per address for the crossing (product, sku, stock left), none for the next sale below', async () => {
    const product = await createProduct(t, admin, { name: 'Copper kettle', stock: 6, lowStockThreshold: 3 });
    const alerts = () => smtp.received.filter((m) => m.subject.startsWith(`Low stock: ${product.sku}`));
    await placeOrder(product.id, 2); // 6 → 4: above
    await placeOrder(product.id, 1); // 4 → 3: the crossing
    await waitFor(
      async () =>
        expect(
          alerts()
            .flatMap((m) => m.to)
            .sort(),
        ).toEqual(['buyer@example.com', 'ops@example.com']),
      15000,
    );
    const [alert] = alerts();
    expect(alert.subject).toBe(`Low stock: ${product.sku} (3 left)`);
    expect(alert.text).toContain(`Copper kettle (sku ${product.sku}) is low on stock: 3 left`);
    await placeOrder(product.id, 1); // 3 → 2: below, no crossing
    await pause(1000);
    expect(alerts()).toHaveLength(2);
    expect(smtp.mailTo(alice.email).some((m) => m.subject.startsWith('Low stock'))).toBe(false);
  });

  it('a mail server that is down fails no order and delays the mail until it is back', async () => {
    const product = await createProduct(t, admin, { stock: 100 });
    await smtp.stop();
    try {
      const order = await placeOrder(product.id, 1);
      await pause(500);
      expect(mailsAbout(order.number)).toHaveLength(0);
      const health = await t.http().get('/api/v1/health').expect(200);
      expect(health.body.mailBacklog).toBeGreaterThanOrEqual(1);
      await smtp.start();
      await smtp.waitFor((m) => m.subject === `Order #${order.number} received`);
    } finally {
      await smtp.start();
    }
  });
});

describe('Notifications switched off', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ ...FAST, MAIL_URL: smtp.url, NOTIFY_CUSTOMERS: 'false' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('NOTIFY_CUSTOMERS=false and no ALERT_EMAILS: no order or stock mail, and no event waits for a mail handler', async () => {
    const admin = await loginAsAdmin(t);
    const bob = await registerCustomer(t);
    const product = await createProduct(t, admin, { stock: 4, lowStockThreshold: 3 });
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(bob.accessToken))
      .send({ items: [{ productId: product.id, quantity: 2 }], shippingAddress: ADDRESS });
    expect(res.status).toBe(201);
    await waitFor(async () => {
      const rows = await t.dataSource.query(
        `SELECT "type", "handledAt" IS NOT NULL AS handled FROM "events" WHERE "aggregateId" = ANY($1::uuid[]) AND "type" IN ('order.created', 'stock.low') ORDER BY "type"`,
        [[res.body.id, product.id]],
      );
      expect(rows).toEqual([
        { type: 'order.created', handled: true },
        { type: 'stock.low', handled: true },
      ]);
    }, 10000);
    const handlers = await t.dataSource.query(`SELECT DISTINCT "handler" FROM "event_deliveries"`);
    expect(handlers.map((h: { handler: string }) => h.handler)).not.toEqual(expect.arrayContaining(['customer-mail']));
    expect(handlers.map((h: { handler: string }) => h.handler)).not.toEqual(expect.arrayContaining(['low-stock-mail']));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received.filter((m) => /^(Order|Low stock)/.test(m.subject))).toEqual([]);
  });
});

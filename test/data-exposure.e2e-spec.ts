import { loginAsAdmin, registerCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * Issue 15 rows 14 and 15: what customers must not see — deactivated products, staff-only inventory
 * fields, and the staff-only parts of their orders and order history.
 */
describe('Data customers must not see', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let customer: string;
  let customerId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAsAdmin(t);
    adminId = (await t.http().get('/api/v1/auth/me').set(bearer(admin)).expect(200)).body.id;
    const registered = await registerCustomer(t);
    customer = registered.accessToken;
    customerId = registered.id;
  });
  afterAll(async () => t?.close());

  describe('products (row 14)', () => {
    it('a deactivated product is 404 for customers by id, while staff still read it', async () => {
      const product = await createProduct(t, admin);
      await t.http().delete(`/api/v1/products/${product.id}`).set(bearer(admin)).expect(204);
      const asCustomer = await t.http().get(`/api/v1/products/${product.id}`).set(bearer(customer));
      expect(asCustomer.status).toBe(404);
      expect(asCustomer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(asCustomer.headers.etag).toBeUndefined();
      const asStaff = await t.http().get(`/api/v1/products/${product.id}`).set(bearer(admin)).expect(200);
      expect(asStaff.body).toMatchObject({ id: product.id, active: false });
      // Reactivated, customers see it again.
      await t.http().patch(`/api/v1/products/${product.id}`).set(bearer(admin)).send({ active: true }).expect(200);
      await t.http().get(`/api/v1/products/${product.id}`).set(bearer(customer)).expect(200);
    });

    it('lowStockThreshold is staff-only: absent from customer responses of get and list, present for staff', async () => {
      const product = await createProduct(t, admin, { lowStockThreshold: 4 });
      const one = await t.http().get(`/api/v1/products/${product.id}`).set(bearer(customer)).expect(200);
      expect(one.body).toMatchObject({ id: product.id, stock: 10, active: true });
      expect(one.body).not.toHaveProperty('lowStockThreshold');
      const list = await t.http().get('/api/v1/products').query({ q: product.sku }).set(bearer(customer)).expect(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).not.toHaveProperty('lowStockThreshold');

      const staffOne = await t.http().get(`/api/v1/products/${product.id}`).set(bearer(admin)).expect(200);
      expect(staffOne.body.lowStockThreshold).toBe(4);
      const staffList = await t.http().get('/api/v1/products').query({ q: product.sku }).set(bearer(admin)).expect(200);
      expect(staffList.body.items[0].lowStockThreshold).toBe(4);
    });
  });

  describe('orders and their history (row 15)', () => {
    const REFERENCE = 'psp_staff_only_reference';
    const STAFF_REASON = 'staff-only note: suspected fraud';
    let product: { id: string };
    beforeAll(async () => {
      product = await createProduct(t, admin, { stock: 1000 });
    });

    const place = async () => {
      const res = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(customer))
        .send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS })
        .expect(201);
      expectCustomerView(res.body);
      return res.body as { id: string; version: number };
    };
    const get = (token: string, id: string) => t.http().get(`/api/v1/orders/${id}`).set(bearer(token)).expect(200);
    const history = (token: string, id: string) => t.http().get(`/api/v1/orders/${id}/history`).set(bearer(token)).expect(200);
    const pay = (id: string, paymentStatus: string) =>
      t.http().patch(`/api/v1/orders/${id}/payment`).set(bearer(admin)).send({ paymentStatus, reference: REFERENCE }).expect(200);
    /** No staff-only field, and none of the staff's data anywhere in the body. */
    function expectCustomerView(body: object) {
      expect(body).not.toHaveProperty('paymentReference');
      const text = JSON.stringify(body);
      for (const secret of [REFERENCE, STAFF_REASON, adminId]) expect(text).not.toContain(secret);
    }

    it('GET /orders/:id and GET /orders: a customer gets the customer view, staff the full one, whoever filled the cache', async () => {
      const order = await place();
      await pay(order.id, 'paid');
      await t
        .http()
        .patch(`/api/v1/orders/${order.id}/status`)
        .set(bearer(admin))
        .send({ status: 'confirmed', reason: STAFF_REASON })
        .expect(200);

      // Staff read first (the cache now holds the order), then the customer: the cache must not leak.
      expect((await get(admin, order.id)).body.paymentReference).toBe(REFERENCE);
      for (let i = 0; i < 2; i++) expectCustomerView((await get(customer, order.id)).body);
      // And the other way round: after the customer's reads, staff still get everything.
      const staff = await get(admin, order.id);
      expect(staff.body).toMatchObject({ paymentReference: REFERENCE, paymentStatus: 'paid', status: 'confirmed' });
      const customerRead = await get(customer, order.id);
      expect(customerRead.headers.etag).toBe(staff.headers.etag);
      expect(customerRead.body).toMatchObject({
        id: order.id,
        paymentStatus: 'paid',
        status: 'confirmed',
        items: [expect.objectContaining({ productId: product.id })],
      });

      const list = await t.http().get('/api/v1/orders').set(bearer(customer)).expect(200);
      expect(list.body.items.map((o: { id: string }) => o.id)).toContain(order.id);
      for (const item of list.body.items) expectCustomerView(item);
      const staffList = await t.http().get('/api/v1/orders').query({ customerId }).set(bearer(admin)).expect(200);
      expect(staffList.body.items.find((o: { id: string }) => o.id === order.id).paymentReference).toBe(REFERENCE);
    });

    it('the history: staff named by role alone, no provider reference, no reason staff wrote; staff see it all', async () => {
      const order = await place();
      await pay(order.id, 'paid');
      await t
        .http()
        .patch(`/api/v1/orders/${order.id}/status`)
        .set(bearer(admin))
        .send({ status: 'confirmed', reason: STAFF_REASON })
        .expect(200);
      await waitFor(async () => {
        expect((await history(admin, order.id)).body.items).toHaveLength(3);
      });
      const full = (await history(admin, order.id)).body.items;
      expect(full).toEqual([
        expect.objectContaining({ action: 'created', actor: { id: customerId, role: 'customer' } }),
        expect.objectContaining({
          action: 'payment_completed',
          actor: { id: adminId, role: 'admin' },
          changes: expect.objectContaining({ reference: REFERENCE }),
        }),
        expect.objectContaining({
          action: 'confirmed',
          actor: { id: adminId, role: 'admin' },
          changes: { reason: STAFF_REASON },
        }),
      ]);
      expect(JSON.stringify(full)).toContain(REFERENCE);

      const seen = (await history(customer, order.id)).body.items;
      expect(seen).toHaveLength(3);
      expectCustomerView({ items: seen });
      expect(seen[0].actor).toEqual({ id: customerId, role: 'customer' });
      expect(seen[1].actor).toEqual({ role: 'admin' });
      expect(seen[1].changes).toMatchObject({ paymentStatus: { from: 'pending', to: 'paid' } });
      expect(seen[2]).toMatchObject({ action: 'confirmed', actor: { role: 'admin' }, changes: {} });
    });

    it("a customer's own cancellation reason stays theirs to see; the one staff wrote does not", async () => {
      const own = await place();
      const cancelled = await t
        .http()
        .post(`/api/v1/orders/${own.id}/cancel`)
        .set(bearer(customer))
        .send({ reason: 'changed my mind' })
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'changed my mind', cancelledBy: 'customer' });
      expectCustomerView(cancelled.body);
      expect((await get(customer, own.id)).body.cancelReason).toBe('changed my mind');

      const byStaff = await place();
      const staffCancel = await t
        .http()
        .post(`/api/v1/orders/${byStaff.id}/cancel`)
        .set(bearer(admin))
        .send({ reason: STAFF_REASON })
        .expect(200);
      expect(staffCancel.body).toMatchObject({ cancelReason: STAFF_REASON, cancelledBy: 'admin' });
      const seen = (await get(customer, byStaff.id)).body;
      expect(seen).toMatchObject({ status: 'cancelled', cancelReason: null, cancelledBy: 'admin' });
      expectCustomerView(seen);
      expect((await get(admin, byStaff.id)).body.cancelReason).toBe(STAFF_REASON);
      await waitFor(async () => {
        const items = (await history(customer, byStaff.id)).body.items;
        expect(items.map((e: { action: string }) => e.action)).toEqual(['created', 'cancelled']);
        expect(items[1]).toMatchObject({ actor: { role: 'admin' }, changes: {} });
        expectCustomerView({ items });
      });
      await waitFor(async () => {
        const items = (await history(customer, own.id)).body.items;
        expect(items[1]).toMatchObject({ actor: { id: customerId, role: 'customer' }, changes: { reason: 'changed my mind' } });
      });
    });

    it('customer writes answer the customer view: edit, cancel, reorder, an order from a template, an idempotent replay', async () => {
      const order = await place();
      await pay(order.id, 'failed');
      expect((await get(admin, order.id)).body.paymentReference).toBe(REFERENCE);

      const edited = await t
        .http()
        .patch(`/api/v1/orders/${order.id}`)
        .set(bearer(customer))
        .send({ notes: 'ring twice' })
        .expect(200);
      expect(edited.body.notes).toBe('ring twice');
      expectCustomerView(edited.body);

      const reordered = await t.http().post(`/api/v1/orders/${order.id}/reorder`).set(bearer(customer)).send({}).expect(201);
      expectCustomerView(reordered.body);

      const template = await t
        .http()
        .post('/api/v1/order-templates')
        .set(bearer(customer))
        .send({ name: 'weekly', items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS })
        .expect(201);
      const fromTemplate = await t
        .http()
        .post(`/api/v1/order-templates/${template.body.id}/orders`)
        .set(bearer(customer))
        .send({})
        .expect(201);
      expectCustomerView(fromTemplate.body);

      const key = `exposure-${Date.now()}`;
      const body = { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS };
      const first = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(customer))
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      const replay = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(customer))
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expectCustomerView(first.body);
      expectCustomerView(replay.body);

      const cancelled = await t.http().post(`/api/v1/orders/${order.id}/cancel`).set(bearer(customer)).send({}).expect(200);
      expectCustomerView(cancelled.body);
      // Staff answers of the same routes keep the full view.
      const staffOrder = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(admin))
        .send({ ...body, customerId })
        .expect(201);
      expect(staffOrder.body).toHaveProperty('paymentReference', null);
      const staffEdit = await t
        .http()
        .patch(`/api/v1/orders/${staffOrder.body.id}`)
        .set(bearer(admin))
        .send({ notes: 'x' })
        .expect(200);
      expect(staffEdit.body).toHaveProperty('paymentReference', null);
    });
  });
});

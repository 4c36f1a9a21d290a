import { createHash } from 'node:crypto';
import request from 'supertest';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { AppProcess, ensureBuilt, killAllApps, startApp } from './support/processes';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * Saved payment methods (/payment-methods): tokenised references to the payment provider, never
 * card data. Real PostgreSQL; the card-data guard is also checked against a real server process's
 * log output.
 */
jest.setTimeout(120_000);

// Luhn-valid test numbers of the card networks (not real accounts).
const VISA = '4111111111111111';
const AMEX = '378282246310005';
const MASTERCARD = '5555555555554444';

const now = new Date();
const NEXT_YEAR = now.getUTCFullYear() + 1;
const LAST_MONTH =
  now.getUTCMonth() === 0
    ? { expMonth: 12, expYear: now.getUTCFullYear() - 1 }
    : { expMonth: now.getUTCMonth(), expYear: now.getUTCFullYear() };
const THIS_MONTH = { expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() };

let tokens = 0;
const token = (prefix = 'pm') => `${prefix}_${process.pid}_${++tokens}_${Math.random().toString(36).slice(2)}`;

const card = (overrides: object = {}) => ({
  type: 'card',
  providerToken: token(),
  details: { brand: 'visa', last4: '4242', expMonth: 12, expYear: NEXT_YEAR },
  ...overrides,
});
const paypal = (overrides: object = {}) => ({
  type: 'paypal',
  providerToken: token('ba'),
  details: { email: 'ada@example.com' },
  ...overrides,
});
const bank = (overrides: object = {}) => ({
  type: 'bank_account',
  providerToken: token('src'),
  details: { bankName: 'First Bank', last4: '0001' },
  ...overrides,
});

describe('Payment methods (/payment-methods)', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;
  let bob: RegisteredCustomer;
  /** Every response body of the suite, to show that no provider token ever comes back. */
  const seen: string[] = [];
  const sentTokens: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0', REGISTER_MAX_ATTEMPTS: '1000' });
    admin = await loginAsAdmin(t);
    [alice, bob] = await Promise.all([registerCustomer(t), registerCustomer(t)]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const record = (res: request.Response) => {
    seen.push(res.text ?? '', JSON.stringify(res.headers));
    return res;
  };
  const add = async (accessToken: string, body: Record<string, unknown>) => {
    if (typeof body.providerToken === 'string') sentTokens.push(body.providerToken);
    return record(await t.http().post('/api/v1/payment-methods').set(bearer(accessToken)).send(body));
  };
  const list = async (accessToken: string, query = '') =>
    record(await t.http().get(`/api/v1/payment-methods${query}`).set(bearer(accessToken)));
  const get = async (accessToken: string, id: string) =>
    record(await t.http().get(`/api/v1/payment-methods/${id}`).set(bearer(accessToken)));
  const remove = async (accessToken: string, id: string) =>
    record(await t.http().delete(`/api/v1/payment-methods/${id}`).set(bearer(accessToken)));
  const makeDefault = async (accessToken: string, id: string, body?: object) =>
    record(await t.http().post(`/api/v1/payment-methods/${id}/default`).set(bearer(accessToken)).send(body));
  /** The list's order: the default first, then newest first (ties on the millisecond broken by id, as the query does). */
  const listOrder = (methods: Array<{ id: string; isDefault: boolean; createdAt: string }>) =>
    [...methods]
      .sort(
        (a, b) => Number(b.isDefault) - Number(a.isDefault) || b.createdAt.localeCompare(a.createdAt) || (b.id > a.id ? 1 : -1),
      )
      .map((m) => m.id);
  const rowCount = async () =>
    ((await t.dataSource.query(`SELECT count(*)::int AS n FROM "payment_methods"`)) as Array<{ n: number }>)[0].n;
  const defaultsOf = async (customerId: string) =>
    (
      (await t.dataSource.query(
        `SELECT "id" FROM "payment_methods" WHERE "customerId" = $1 AND "isDefault" AND "deletedAt" IS NULL`,
        [customerId],
      )) as Array<{ id: string }>
    ).map((r) => r.id);

  describe('saving, reading and listing', () => {
    it('saves a card: 201 with Location, the method without its token, and the first one is the default', async () => {
      const c = await registerCustomer(t);
      const body = card({ label: '  Work Visa ' });
      const res = await add(c.accessToken, body);
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/api/v1/payment-methods/${res.body.id}`);
      expect(res.body).toEqual({
        id: expect.any(String),
        type: 'card',
        label: 'Work Visa',
        details: { brand: 'visa', last4: '4242', expMonth: 12, expYear: NEXT_YEAR },
        isDefault: true,
        createdAt: expect.any(String),
      });
      expect((await get(c.accessToken, res.body.id)).body).toEqual(res.body);

      // Stored: the token (to charge it) and its fingerprint, SHA-256 of type + token.
      const [row] = (await t.dataSource.query(`SELECT "providerToken", "fingerprint" FROM "payment_methods" WHERE "id" = $1`, [
        res.body.id,
      ])) as Array<{
        providerToken: string;
        fingerprint: string;
      }>;
      expect(row.providerToken).toBe(body.providerToken);
      expect(row.fingerprint).toBe(createHash('sha256').update(`card\n${body.providerToken}`).digest('hex'));
    });

    it('saves PayPal and bank accounts, with a label made from their details when none is given', async () => {
      const c = await registerCustomer(t);
      const p = await add(c.accessToken, paypal());
      expect(p.status).toBe(201);
      expect(p.body).toMatchObject({
        type: 'paypal',
        label: 'PayPal ada@example.com',
        details: { email: 'ada@example.com' },
        isDefault: true,
      });
      const b = await add(c.accessToken, bank());
      expect(b.status).toBe(201);
      expect(b.body).toMatchObject({
        type: 'bank_account',
        label: 'First Bank ending in 0001',
        details: { bankName: 'First Bank', last4: '0001' },
        isDefault: false,
      });
      const k = await add(c.accessToken, card({ details: { brand: 'mastercard', last4: '4444', ...THIS_MONTH } }));
      expect(k.status).toBe(201); // valid through the end of its expiry month
      expect(k.body.label).toBe('mastercard ending in 4444');
    });

    it('lists the default first, then newest first, keyset-paged, without deleted methods', async () => {
      const c = await registerCustomer(t);
      const first = (await add(c.accessToken, card())).body;
      const second = (await add(c.accessToken, paypal())).body;
      const third = (await add(c.accessToken, bank())).body;
      const gone = (await add(c.accessToken, card())).body;
      expect((await remove(c.accessToken, gone.id)).status).toBe(204);

      const order = listOrder([first, second, third]);
      expect(order[0]).toBe(first.id);
      const all = await list(c.accessToken);
      expect(all.status).toBe(200);
      expect(all.body.items.map((m: { id: string }) => m.id)).toEqual(order);
      expect(all.body.nextCursor).toBeNull();

      const page1 = await list(c.accessToken, '?limit=2');
      expect(page1.body.items.map((m: { id: string }) => m.id)).toEqual(order.slice(0, 2));
      const page2 = await list(c.accessToken, `?limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items.map((m: { id: string }) => m.id)).toEqual(order.slice(2));
      expect(page2.body.nextCursor).toBeNull();

      expect((await list(c.accessToken, '?cursor=not-a-cursor')).status).toBe(400);
    });

    it('lets an admin list a customer’s methods with ?customerId=; a customer always gets their own', async () => {
      const c = await registerCustomer(t);
      const mine = (await add(c.accessToken, card())).body;
      const viaAdmin = await list(admin, `?customerId=${c.id}`);
      expect(viaAdmin.status).toBe(200);
      expect(viaAdmin.body.items.map((m: { id: string }) => m.id)).toEqual([mine.id]);
      const aliceWithBobsId = await list(alice.accessToken, `?customerId=${c.id}`);
      expect(aliceWithBobsId.status).toBe(200);
      expect(aliceWithBobsId.body.items.map((m: { id: string }) => m.id)).not.toContain(mine.id);
    });
  });

  describe('validation by type', () => {
    const expectFields = (res: request.Response, ...fields: string[]) => {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const named = (res.body.errors as Array<{ field: string }>).map((e) => e.field);
      for (const field of fields) expect(named).toContain(field);
    };

    it('refuses a card with a bad last4, month or year, or missing details', async () => {
      expectFields(
        await add(alice.accessToken, card({ details: { brand: 'visa', last4: '424', expMonth: 12, expYear: NEXT_YEAR } })),
        'details.last4',
      );
      expectFields(
        await add(alice.accessToken, card({ details: { brand: 'visa', last4: '42a2', expMonth: 12, expYear: NEXT_YEAR } })),
        'details.last4',
      );
      expectFields(
        await add(alice.accessToken, card({ details: { brand: 'visa', last4: 4242, expMonth: 12, expYear: NEXT_YEAR } })),
        'details.last4',
      );
      expectFields(
        await add(alice.accessToken, card({ details: { brand: 'visa', last4: '4242', expMonth: 13, expYear: NEXT_YEAR } })),
        'details.expMonth',
      );
      expectFields(
        await add(alice.accessToken, card({ details: { brand: 'visa', last4: '4242', expMonth: 0, expYear: NEXT_YEAR } })),
        'details.expMonth',
      );
      expectFields(
        await add(alice.accessToken, card({ details: { brand: 'visa', last4: '4242', expMonth: 1.5, expYear: NEXT_YEAR } })),
        'details.expMonth',
      );
      expectFields(
        await add(alice.accessToken, card({ details: { brand: '', last4: '4242', expMonth: 1, expYear: NEXT_YEAR } })),
        'details.brand',
      );
      expectFields(
        await add(alice.accessToken, card({ details: { last4: '4242' } })),
        'details.brand',
        'details.expMonth',
        'details.expYear',
      );
      expectFields(await add(alice.accessToken, card({ details: undefined })), 'details');
      expectFields(await add(alice.accessToken, card({ details: [] })), 'details');
      expectFields(await add(alice.accessToken, card({ details: 'visa' })), 'details');
    });

    it('refuses a card whose expiry month has passed', async () => {
      const res = await add(alice.accessToken, card({ details: { brand: 'visa', last4: '4242', ...LAST_MONTH } }));
      expectFields(res, 'details.expYear');
      expect(res.body.type).toMatch(/card-expired$/);
    });

    it('refuses a PayPal method without a valid email, and a bank account without a bank or last4', async () => {
      expectFields(await add(alice.accessToken, paypal({ details: { email: 'not-an-email' } })), 'details.email');
      expectFields(await add(alice.accessToken, paypal({ details: {} })), 'details.email');
      expectFields(await add(alice.accessToken, bank({ details: { last4: '0001' } })), 'details.bankName');
      expectFields(await add(alice.accessToken, bank({ details: { bankName: 'First Bank', last4: '01' } })), 'details.last4');
    });

    it("refuses another type's details, unknown detail fields and unknown types", async () => {
      expectFields(
        await add(alice.accessToken, paypal({ details: { brand: 'visa', last4: '4242', expMonth: 12, expYear: NEXT_YEAR } })),
        'details.brand',
        'details.email',
      );
      expectFields(
        await add(
          alice.accessToken,
          bank({ details: { bankName: 'First Bank', last4: '0001', iban: 'DE89370400440532013000' } }),
        ),
        'details.iban',
      );
      expectFields(await add(alice.accessToken, card({ type: 'crypto' })), 'type');
      expectFields(await add(alice.accessToken, card({ type: undefined })), 'type');
    });

    it('refuses a missing, empty, too long or non-printable provider token, and unknown fields', async () => {
      expectFields(await add(alice.accessToken, card({ providerToken: undefined })), 'providerToken');
      expectFields(await add(alice.accessToken, card({ providerToken: '' })), 'providerToken');
      expectFields(await add(alice.accessToken, card({ providerToken: 'x'.repeat(256) })), 'providerToken');
      expectFields(await add(alice.accessToken, card({ providerToken: 'tok\nsecret' })), 'providerToken');
      expectFields(await add(alice.accessToken, card({ providerToken: 'tök' })), 'providerToken');
      expectFields(await add(alice.accessToken, card({ providerToken: 12345 })), 'providerToken');
      expect((await add(alice.accessToken, card({ providerToken: 'x'.repeat(255) }))).status).toBe(201);
      expectFields(await add(alice.accessToken, card({ isDefault: true })), 'isDefault');
      expectFields(await add(alice.accessToken, card({ customerId: bob.id })), 'customerId');
      expectFields(await add(alice.accessToken, card({ label: 'x'.repeat(101) })), 'label');
      expectFields(await add(alice.accessToken, card({ makeDefault: 'yes' })), 'makeDefault');
    });

    it('is for customers: an admin saving a method gets 403', async () => {
      const res = await add(admin, card());
      expect(res.status).toBe(403);
    });
  });

  describe('the default', () => {
    it('moves with makeDefault and POST /:id/default, one default at a time', async () => {
      const c = await registerCustomer(t);
      const first = (await add(c.accessToken, card())).body;
      const second = (await add(c.accessToken, paypal())).body;
      expect([first.isDefault, second.isDefault]).toEqual([true, false]);
      const third = (await add(c.accessToken, bank({ makeDefault: true }))).body;
      expect(third.isDefault).toBe(true);
      expect(await defaultsOf(c.id)).toEqual([third.id]);
      expect((await get(c.accessToken, first.id)).body.isDefault).toBe(false);

      const res = await makeDefault(c.accessToken, second.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: second.id, isDefault: true });
      expect(await defaultsOf(c.id)).toEqual([second.id]);
      const listed = (await list(c.accessToken)).body.items as Array<{ id: string; isDefault: boolean; createdAt: string }>;
      expect(listed.map((m) => [m.id, m.isDefault])[0]).toEqual([second.id, true]);
      expect(listed.map((m) => m.id)).toEqual(listOrder(listed));
      expect(listed.map((m) => m.id).sort()).toEqual([first.id, second.id, third.id].sort());

      // Again: nothing changes. An empty body is fine; a field is not.
      expect((await makeDefault(c.accessToken, second.id, {})).body.isDefault).toBe(true);
      expect((await makeDefault(c.accessToken, second.id, { isDefault: false })).status).toBe(400);
      expect(await defaultsOf(c.id)).toEqual([second.id]);
    });

    it('is gone with the deleted default (no other method takes its place), until one is chosen', async () => {
      const c = await registerCustomer(t);
      const first = (await add(c.accessToken, card())).body;
      const second = (await add(c.accessToken, paypal())).body;
      expect((await remove(c.accessToken, first.id)).status).toBe(204);
      expect(await defaultsOf(c.id)).toEqual([]);
      expect((await get(c.accessToken, second.id)).body.isDefault).toBe(false);
      // The customer still has a method, so a new one is not "the first".
      expect((await add(c.accessToken, bank())).body.isDefault).toBe(false);
      expect((await makeDefault(c.accessToken, second.id)).status).toBe(200);
      expect(await defaultsOf(c.id)).toEqual([second.id]);
    });

    it('a customer whose methods are all deleted starts again: the next one is the default', async () => {
      const c = await registerCustomer(t);
      const only = (await add(c.accessToken, card())).body;
      await remove(c.accessToken, only.id);
      expect((await add(c.accessToken, paypal())).body.isDefault).toBe(true);
    });

    it('stays single when a customer saves methods in parallel', async () => {
      const c = await registerCustomer(t);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => add(c.accessToken, i % 2 ? paypal() : card())));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(results.filter((r) => r.body.isDefault)).toHaveLength(1);
      expect(await defaultsOf(c.id)).toHaveLength(1);

      const ids = results.map((r) => r.body.id as string);
      const switched = await Promise.all(ids.map((id) => makeDefault(c.accessToken, id)));
      expect(switched.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(await defaultsOf(c.id)).toHaveLength(1);
    });

    it('is chosen by the owner only: 403 for an admin', async () => {
      const mine = (await add(alice.accessToken, card())).body;
      expect((await makeDefault(admin, mine.id)).status).toBe(403);
    });
  });

  describe('duplicates', () => {
    it('the same type and provider token twice for one customer is a 409 naming the saved method', async () => {
      const c = await registerCustomer(t);
      const body = card();
      const first = await add(c.accessToken, body);
      const again = await add(c.accessToken, {
        ...body,
        label: 'Another name',
        details: { brand: 'visa', last4: '1881', expMonth: 1, expYear: NEXT_YEAR },
      });
      expect(again.status).toBe(409);
      expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(again.body).toMatchObject({ status: 409, paymentMethodId: first.body.id });
      expect(again.body.type).toMatch(/duplicate-payment-method$/);
      expect(JSON.stringify(again.body)).not.toContain(body.providerToken);
    });

    it('in parallel too: one saved, the others 409', async () => {
      const c = await registerCustomer(t);
      const body = paypal();
      const results = await Promise.all(Array.from({ length: 5 }, () => add(c.accessToken, body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    });

    it('the same token with another type, for another customer, or after deleting the first is not a duplicate', async () => {
      const c = await registerCustomer(t);
      const d = await registerCustomer(t);
      const body = card();
      const first = await add(c.accessToken, body);
      expect((await add(c.accessToken, { ...bank(), providerToken: body.providerToken })).status).toBe(201);
      expect((await add(d.accessToken, body)).status).toBe(201);
      await remove(c.accessToken, first.body.id);
      expect((await add(c.accessToken, body)).status).toBe(201);
    });
  });

  describe('deleting', () => {
    it('is soft: 204, then 404 everywhere, the row kept without its token', async () => {
      const c = await registerCustomer(t);
      const method = (await add(c.accessToken, card())).body;
      const res = await remove(c.accessToken, method.id);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await get(c.accessToken, method.id)).status).toBe(404);
      expect((await remove(c.accessToken, method.id)).status).toBe(404);
      expect((await makeDefault(c.accessToken, method.id)).status).toBe(404);
      expect((await list(c.accessToken)).body.items).toEqual([]);
      const [row] = (await t.dataSource.query(
        `SELECT "deletedAt", "providerToken", "isDefault", "label" FROM "payment_methods" WHERE "id" = $1`,
        [method.id],
      )) as Array<{
        deletedAt: Date | null;
        providerToken: string | null;
        isDefault: boolean;
        label: string;
      }>;
      expect(row).toMatchObject({ providerToken: null, isDefault: false, label: method.label });
      expect(row.deletedAt).toBeInstanceOf(Date);
    });

    it('may be done by an admin', async () => {
      const method = (await add(bob.accessToken, bank())).body;
      expect((await get(admin, method.id)).status).toBe(200);
      expect((await remove(admin, method.id)).status).toBe(204);
      expect((await get(bob.accessToken, method.id)).status).toBe(404);
    });
  });

  describe("another customer's method (BOLA)", () => {
    it('is a 404 on every route, exactly like a missing one, and stays untouched', async () => {
      const mine = (await add(alice.accessToken, card({ makeDefault: true }))).body;
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const id of [mine.id, missing]) {
        const reads = await get(bob.accessToken, id);
        const deletes = await remove(bob.accessToken, id);
        const defaults = await makeDefault(bob.accessToken, id);
        for (const res of [reads, deletes, defaults]) {
          expect(res.status).toBe(404);
          expect(res.body).toMatchObject({ status: 404, detail: 'The payment method does not exist.' });
        }
      }
      expect((await list(bob.accessToken)).body.items.map((m: { id: string }) => m.id)).not.toContain(mine.id);
      expect((await get(alice.accessToken, mine.id)).body).toEqual(mine);
    });

    it('a malformed id is a 400, not a lookup', async () => {
      for (const res of [
        await get(alice.accessToken, 'nope'),
        await remove(alice.accessToken, 'nope'),
        await makeDefault(alice.accessToken, 'nope'),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      }
    });

    it('needs a token: 401 without one', async () => {
      expect((await t.http().get('/api/v1/payment-methods')).status).toBe(401);
      expect((await t.http().post('/api/v1/payment-methods').send(card())).status).toBe(401);
    });
  });

  describe('card data (the guard)', () => {
    const refused = (res: request.Response, field: string, ...numbers: string[]) => {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.type).toMatch(/card-data-refused$/);
      expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
      for (const n of numbers) {
        expect(res.text).not.toContain(n);
        expect(res.text.replace(/\D/g, '')).not.toContain(n.replace(/\D/g, ''));
      }
    };

    it('refuses a card number in any string of the body, nested, with spaces or dashes', async () => {
      const before = await rowCount();
      refused(await add(alice.accessToken, card({ providerToken: VISA })), 'providerToken', VISA);
      refused(await add(alice.accessToken, card({ label: `my card ${'4111 1111 1111 1111'}` })), 'label', VISA);
      refused(
        await add(
          alice.accessToken,
          card({ details: { brand: 'amex', last4: '0005', expMonth: 1, expYear: NEXT_YEAR, number: '3782-822463-10005' } }),
        ),
        'details.number',
        AMEX,
      );
      refused(
        await add(alice.accessToken, bank({ details: { bankName: `Bank ${MASTERCARD}`, last4: '4444' } })),
        'details.bankName',
        MASTERCARD,
      );
      refused(
        await add(
          alice.accessToken,
          card({ extra: { deeper: [{ note: 'ok' }, { note: `pan: 5555-5555-5555-4444 exp 12/30` }] } }),
        ),
        'extra.deeper.1.note',
        MASTERCARD,
      );
      refused(await add(alice.accessToken, card({ details: { [VISA]: 'as a key' } })), 'details', VISA);
      refused(
        await add(alice.accessToken, { type: 'card', providerToken: `tok_${VISA.split('').join(' ')}` }),
        'providerToken',
        VISA,
      );
      expect(await rowCount()).toBe(before);
    });

    it('refuses a field named like a security code, whatever its value, at any depth', async () => {
      const before = await rowCount();
      refused(await add(alice.accessToken, card({ cvv: '123' })), 'cvv');
      refused(
        await add(
          alice.accessToken,
          card({ details: { brand: 'visa', last4: '4242', expMonth: 1, expYear: NEXT_YEAR, CVC2: 123 } }),
        ),
        'details.CVC2',
      );
      refused(
        await add(
          alice.accessToken,
          card({ details: { brand: 'visa', last4: '4242', expMonth: 1, expYear: NEXT_YEAR, securityCode: null } }),
        ),
        'details.securityCode',
      );
      refused(await add(alice.accessToken, card({ meta: [{ card_cvv: '999' }] })), 'meta.0.card_cvv');
      refused(await add(alice.accessToken, card({ cvc: '' })), 'cvc');
      expect(await rowCount()).toBe(before);
    });

    it('guards every body of these routes, POST /:id/default included, and lets last four digits and tokens through', async () => {
      const mine = (await add(alice.accessToken, card())).body;
      refused(await makeDefault(alice.accessToken, mine.id, { cvv: '123' }), 'cvv');
      refused(await makeDefault(alice.accessToken, mine.id, { note: VISA }), 'note', VISA);
      // A Luhn-invalid 16-digit number and a phone number are not card numbers.
      expect((await add(alice.accessToken, card({ label: 'ref 4111111111111112' }))).status).toBe(201);
      expect((await add(alice.accessToken, card({ label: 'call +44 20 7946 0958' }))).status).toBe(201);
    });
  });

  describe('orders placed with a saved method', () => {
    let productId: string;
    beforeAll(async () => {
      productId = (await createProduct(t, admin, { priceCents: 1000, stock: 1000 })).id;
    });
    const order = async (accessToken: string, extra: object) =>
      record(
        await t
          .http()
          .post('/api/v1/orders')
          .set(bearer(accessToken))
          .send({ items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS, ...extra }),
      );

    it('keeps the method id and a snapshot that survives deleting the method', async () => {
      const c = await registerCustomer(t);
      const method = (
        await add(
          c.accessToken,
          card({ label: 'Travel card', details: { brand: 'amex', last4: '0005', expMonth: 3, expYear: NEXT_YEAR } }),
        )
      ).body;
      const placed = await order(c.accessToken, { paymentMethodId: method.id });
      expect(placed.status).toBe(201);
      const snapshot = { type: 'card', label: 'Travel card', brand: 'amex', last4: '0005' };
      expect(placed.body).toMatchObject({ paymentMethodId: method.id, paymentMethodDetails: snapshot, paymentMethod: null });

      expect((await remove(c.accessToken, method.id)).status).toBe(204);
      const read = await record(await t.http().get(`/api/v1/orders/${placed.body.id}`).set(bearer(c.accessToken)));
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ paymentMethodId: method.id, paymentMethodDetails: snapshot });
      // Read from the database too, not only from the order cache.
      const [row] = (await t.dataSource.query(`SELECT "paymentMethodId", "paymentMethodDetails" FROM "orders" WHERE "id" = $1`, [
        placed.body.id,
      ])) as Array<{
        paymentMethodId: string;
        paymentMethodDetails: unknown;
      }>;
      expect(row).toEqual({ paymentMethodId: method.id, paymentMethodDetails: snapshot });
      const listed = await record(await t.http().get('/api/v1/orders').set(bearer(c.accessToken)));
      expect(listed.body.items[0]).toMatchObject({ id: placed.body.id, paymentMethodDetails: snapshot });

      // A deleted method places no more orders.
      const again = await order(c.accessToken, { paymentMethodId: method.id });
      expect(again.status).toBe(422);
      expect(again.body.type).toMatch(/unknown-payment-method$/);
    });

    it('snapshots PayPal and bank accounts with their own details; orders without a method have none', async () => {
      const c = await registerCustomer(t);
      const p = (await add(c.accessToken, paypal())).body;
      const b = (await add(c.accessToken, bank({ label: 'Savings' }))).body;
      expect((await order(c.accessToken, { paymentMethodId: p.id })).body.paymentMethodDetails).toEqual({
        type: 'paypal',
        label: p.label,
        email: 'ada@example.com',
      });
      expect((await order(c.accessToken, { paymentMethodId: b.id })).body.paymentMethodDetails).toEqual({
        type: 'bank_account',
        label: 'Savings',
        bankName: 'First Bank',
        last4: '0001',
      });
      const plain = await order(c.accessToken, { paymentMethod: 'invoice' });
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({ paymentMethod: 'invoice', paymentMethodId: null, paymentMethodDetails: null });
    });

    it("refuses someone else's or an unknown method (422, nothing ordered) and both payment fields together (400)", async () => {
      const mine = (await add(alice.accessToken, card())).body;
      const countOrders = async (customerId: string) =>
        (
          (await t.dataSource.query(`SELECT count(*)::int AS n FROM "orders" WHERE "customerId" = $1`, [customerId])) as Array<{
            n: number;
          }>
        )[0].n;
      const before = await countOrders(bob.id);
      const foreign = await order(bob.accessToken, { paymentMethodId: mine.id });
      expect(foreign.status).toBe(422);
      expect(foreign.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await order(bob.accessToken, { paymentMethodId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
      expect(await countOrders(bob.id)).toBe(before);

      const both = await order(alice.accessToken, { paymentMethodId: mine.id, paymentMethod: 'card' });
      expect(both.status).toBe(400);
      expect(both.body.errors).toEqual([{ field: 'paymentMethodId', message: expect.any(String) }]);
      expect((await order(alice.accessToken, { paymentMethodId: 'not-a-uuid' })).status).toBe(400);
    });

    it("lets an admin order on behalf of a customer with that customer's method only", async () => {
      const mine = (await add(alice.accessToken, paypal())).body;
      const onBehalf = await order(admin, { customerId: alice.id, paymentMethodId: mine.id });
      expect(onBehalf.status).toBe(201);
      expect(onBehalf.body).toMatchObject({
        customerId: alice.id,
        paymentMethodId: mine.id,
        paymentMethodDetails: { type: 'paypal' },
      });
      expect((await order(admin, { customerId: bob.id, paymentMethodId: mine.id })).status).toBe(422);
      expect((await order(admin, { paymentMethodId: mine.id })).status).toBe(422); // the admin's own order: not the admin's method
    });

    it('replays the snapshot with an Idempotency-Key, even after the method is deleted', async () => {
      const c = await registerCustomer(t);
      const method = (await add(c.accessToken, card())).body;
      const body = { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS, paymentMethodId: method.id };
      const first = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .set('Idempotency-Key', `pm-${method.id}`)
        .send(body);
      expect(first.status).toBe(201);
      await remove(c.accessToken, method.id);
      const retry = await t
        .http()
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .set('Idempotency-Key', `pm-${method.id}`)
        .send(body);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.body.paymentMethodDetails).toMatchObject({ type: 'card', last4: '4242' });
    });
  });

  it('never answers with a provider token (every response of this suite)', () => {
    const everything = seen.join('\n');
    expect(sentTokens.length).toBeGreaterThan(20);
    for (const sent of sentTokens) if (sent.length >= 8 && !/^x+$/.test(sent)) expect(everything).not.toContain(sent);
  });
});

describe('Card data and provider tokens in the log (a real server process, LOG_LEVEL=trace)', () => {
  let app: AppProcess;
  const http = () => request(app.url);

  beforeAll(async () => {
    ensureBuilt();
    app = await startApp({ env: { DATABASE_URL: await createTestDatabase(), LOG_LEVEL: 'trace', RATE_LIMIT_PER_MINUTE: '0' } });
    await app.waitReady();
  }, 240_000);
  afterAll(async () => {
    await app?.stop();
    await killAllApps();
  });

  it('no log line holds a refused card number or a saved provider token', async () => {
    const c = await registerCustomer({ http });
    // Base 36: a 13-digit Date.now() is Luhn-valid about one time in ten, and the card-data guard would refuse the token.
    const providerToken = `pm_log_secret_${Date.now().toString(36)}`;
    const saved = await http().post('/api/v1/payment-methods').set(bearer(c.accessToken)).send(card({ providerToken }));
    expect(saved.status).toBe(201);
    expect((await http().post('/api/v1/payment-methods').set(bearer(c.accessToken)).send(card({ providerToken }))).status).toBe(
      409,
    );

    const refusedBodies = [
      card({ providerToken: VISA }),
      card({ label: '4111 1111 1111 1111' }),
      card({ details: { brand: 'amex', last4: '0005', expMonth: 1, expYear: NEXT_YEAR, pan: '3782-822463-10005' } }),
      card({ nested: [{ deeper: { value: `5555 5555-5555 4444` } }] }),
      card({ cvv: '737' }),
    ];
    for (const body of refusedBodies) {
      const res = await http().post('/api/v1/payment-methods').set(bearer(c.accessToken)).send(body);
      expect(res.status).toBe(400);
    }
    await http()
      .post(`/api/v1/payment-methods/${saved.body.id}/default`)
      .set(bearer(c.accessToken))
      .send({ securityCode: '737', pan: VISA })
      .expect(400);

    // The requests above are in the log (so it is the log we are reading) …
    await http().get('/api/v1/payment-methods').set(bearer(c.accessToken)).expect(200);
    const lines = app.output().split('\n');
    expect(lines.some((l) => l.startsWith('{') && l.includes('/api/v1/payment-methods'))).toBe(true);
    // … and none of the values is, in any spelling: the offending lines, if any, are listed.
    const leaks = lines.filter((line) => {
      const digits = line.replace(/[^0-9]/g, '');
      return (
        [VISA, AMEX, MASTERCARD].some((n) => line.includes(n) || digits.includes(n)) ||
        ['4111 1111 1111 1111', '3782-822463-10005', '"737"', providerToken].some((value) => line.includes(value))
      );
    });
    expect(leaks).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import { SessionNotices } from '../src/auth/sessions/session-notices';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, createProduct } from './support/orders';
import { startSmtpServer, TestSmtpServer, tokenFrom } from './support/smtp-server';
import { redisAvailable, startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * Accounts (API.md "Accounts"): the profile, the password change that ends every other session,
 * and — over a real SMTP server — the mails that carry verification and reset tokens.
 */
jest.setTimeout(120_000);

const PUBLIC_URL = 'https://shop.example.test';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const uniqueEmail = (tag: string) => `${tag}-${randomBytes(5).toString('hex')}@example.test`;
const MAIL_ENV = {
  PUBLIC_URL,
  MAIL_RETRY_BASE_MS: '200',
  MAIL_RETRY_MAX_MS: '500',
  MAIL_POLL_INTERVAL_MS: '100',
  MAIL_TIMEOUT_MS: '2000',
};

/** The token of the latest mail to `to` with that subject that carries a link to `path`. */
async function mailedToken(smtp: TestSmtpServer, to: string, subject: string, path: string, after = 0): Promise<string> {
  const mail = await smtp.waitFor(
    (m) => m.to.includes(to.toLowerCase()) && m.subject === subject && smtp.received.indexOf(m) >= after,
  );
  return tokenFrom(mail, path);
}

/** A second login of the same customer: another session. */
async function secondSession(t: TestApp, c: RegisteredCustomer): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

describe('Accounts', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ ...MAIL_ENV, MAIL_URL: smtp.url });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  describe('profile', () => {
    it('GET /me tells whether the address is verified, any pending address and the last login', async () => {
      const c = await registerCustomer(t);
      const res = await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
      expect(res.headers['cache-control']).toMatch(/no-store/);
      expect(res.body).toMatchObject({
        id: c.id,
        email: c.email,
        emailVerified: false,
        emailVerifiedAt: null,
        pendingEmail: null,
      });
      expect(Date.now() - Date.parse(res.body.lastLoginAt)).toBeLessThan(60_000);
      expect(res.body).not.toHaveProperty('passwordHash');
    });

    it('PATCH /me changes the name at once', async () => {
      const c = await registerCustomer(t);
      const res = await t.http().patch('/api/v1/auth/me').set(bearer(c.accessToken)).send({ name: 'New Name' }).expect(200);
      expect(res.body).toMatchObject({ name: 'New Name', email: c.email });
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      await t.http().patch('/api/v1/auth/me').set(bearer(c.accessToken)).set('If-Match', '"1"').send({ name: 'x' }).expect(412);
    });

    it('PATCH /me refuses unknown fields, a role and bad values', async () => {
      const c = await registerCustomer(t);
      for (const body of [{ role: 'admin' }, { email: 'not-an-email' }, { name: '' }, { name: null }, { emailVerified: true }]) {
        const res = await t.http().patch('/api/v1/auth/me').set(bearer(c.accessToken)).send(body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    });

    it('a new email waits as pendingEmail, and a verification mail goes to the new address', async () => {
      const c = await registerCustomer(t);
      const next = uniqueEmail('moved');
      const res = await t
        .http()
        .patch('/api/v1/auth/me')
        .set(bearer(c.accessToken))
        .send({ email: next.toUpperCase() })
        .expect(200);
      expect(res.body).toMatchObject({ email: c.email, pendingEmail: next });
      const mail = await smtp.waitForMailTo(next);
      expect(mail.subject).toBe('Confirm your new email address');
      expect(tokenFrom(mail, '/verify-email')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The current address cancels the change.
      const back = await t.http().patch('/api/v1/auth/me').set(bearer(c.accessToken)).send({ email: c.email }).expect(200);
      expect(back.body.pendingEmail).toBeNull();
    });

    it('refuses an address another account uses (409)', async () => {
      const a = await registerCustomer(t);
      const b = await registerCustomer(t);
      const res = await t.http().patch('/api/v1/auth/me').set(bearer(a.accessToken)).send({ email: b.email }).expect(409);
      expect(res.body.status).toBe(409);
    });
  });

  describe('email verification', () => {
    it('registration mails a token that verifies the address once; then, and for unknown tokens, 400', async () => {
      const c = await registerCustomer(t);
      const token = await mailedToken(smtp, c.email, 'Confirm your email address', '/verify-email');
      const res = await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(200);
      expect(res.body).toMatchObject({ id: c.id, emailVerified: true, pendingEmail: null });
      expect(Date.now() - Date.parse(res.body.emailVerifiedAt)).toBeLessThan(60_000);
      const again = await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(400);
      expect(again.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
      await t
        .http()
        .post('/api/v1/auth/verify-email')
        .send({ token: 'x'.repeat(43) })
        .expect(400);
      await t.http().post('/api/v1/auth/verify-email').send({}).expect(400);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body.emailVerified).toBe(true);
    });

    it('stores tokens hashed, and refuses an expired one', async () => {
      const c = await registerCustomer(t);
      const token = await mailedToken(smtp, c.email, 'Confirm your email address', '/verify-email');
      const rows: Array<{ tokenHash: string }> = await t.dataSource.query(
        `SELECT "tokenHash" FROM "account_tokens" WHERE "userId" = $1`,
        [c.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].tokenHash).not.toContain(token);
      await t.dataSource.query(`UPDATE "account_tokens" SET "expiresAt" = now() - interval '1 second' WHERE "userId" = $1`, [
        c.id,
      ]);
      await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(400);
    });

    it('the email change flow: the new address is verified at that address, then replaces the old one', async () => {
      const c = await registerCustomer(t);
      const next = uniqueEmail('changed');
      await t.http().patch('/api/v1/auth/me').set(bearer(c.accessToken)).send({ email: next }).expect(200);
      const token = await mailedToken(smtp, next, 'Confirm your new email address', '/verify-email');
      const res = await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(200);
      expect(res.body).toMatchObject({ email: next, pendingEmail: null, emailVerified: true });
      await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(401);
      await t.http().post('/api/v1/auth/login').send({ email: next, password: c.password }).expect(200);
    });

    it('refuses to verify a pending address another account took meanwhile (409)', async () => {
      const a = await registerCustomer(t);
      const wanted = uniqueEmail('wanted');
      await t.http().patch('/api/v1/auth/me').set(bearer(a.accessToken)).send({ email: wanted }).expect(200);
      const token = await mailedToken(smtp, wanted, 'Confirm your new email address', '/verify-email');
      await registerCustomer(t, { email: wanted });
      await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(409);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(a.accessToken)).expect(200);
      expect(me.body.email).toBe(a.email);
    });

    it('resend mails a new token (the earlier one stops working), 409 once verified', async () => {
      const c = await registerCustomer(t);
      const first = await mailedToken(smtp, c.email, 'Confirm your email address', '/verify-email');
      const mark = smtp.received.length;
      const res = await t.http().post('/api/v1/auth/resend-verification').set(bearer(c.accessToken)).expect(202);
      expect(res.body.status).toBe('accepted');
      const second = await mailedToken(smtp, c.email, 'Confirm your email address', '/verify-email', mark);
      expect(second).not.toBe(first);
      await t.http().post('/api/v1/auth/verify-email').send({ token: first }).expect(400);
      await t.http().post('/api/v1/auth/verify-email').send({ token: second }).expect(200);
      const conflict = await t.http().post('/api/v1/auth/resend-verification').set(bearer(c.accessToken)).expect(409);
      expect(conflict.body.detail).toMatch(/already verified/);
    });

    it('allows 5 resends per account per hour, then 429 with Retry-After', async () => {
      const c = await registerCustomer(t);
      for (let i = 0; i < 5; i++) await t.http().post('/api/v1/auth/resend-verification').set(bearer(c.accessToken)).expect(202);
      const res = await t.http().post('/api/v1/auth/resend-verification').set(bearer(c.accessToken)).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('password reset', () => {
    it('forgot-password answers the same for known and unknown addresses, and mails only the known one', async () => {
      const c = await registerCustomer(t);
      const unknown = uniqueEmail('nobody');
      const timed = async (email: string) => {
        const started = Date.now();
        const res = await t.http().post('/api/v1/auth/forgot-password').send({ email });
        return { status: res.status, body: res.body as unknown, ms: Date.now() - started };
      };
      const known = await timed(c.email);
      const other = await timed(unknown);
      expect(known.status).toBe(202);
      expect(other).toMatchObject({ status: known.status, body: known.body });
      expect(Math.abs(known.ms - other.ms)).toBeLessThan(200);
      const mail = await smtp.waitFor((m) => m.to.includes(c.email) && m.subject === 'Reset your password');
      expect(mail.links[0].startsWith(`${PUBLIC_URL}/reset-password?token=`)).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      expect(smtp.mailTo(unknown)).toEqual([]);
    });

    it('reset works once and ends every session of the user', async () => {
      const c = await registerCustomer(t);
      const other = await secondSession(t, c);
      const mark = smtp.received.length;
      await t.http().post('/api/v1/auth/forgot-password').send({ email: c.email }).expect(202);
      const token = await mailedToken(smtp, c.email, 'Reset your password', '/reset-password', mark);
      await t.http().post('/api/v1/auth/reset-password').send({ token, password: 'short' }).expect(400);
      await t.http().post('/api/v1/auth/reset-password').send({ token, password: 'reset-password-77' }).expect(204);
      for (const session of [c, other]) {
        await t.http().get('/api/v1/auth/me').set(bearer(session.accessToken)).expect(401);
        await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      }
      const again = await t.http().post('/api/v1/auth/reset-password').send({ token, password: 'another-one-88' }).expect(400);
      expect(again.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
      await t
        .http()
        .post('/api/v1/auth/reset-password')
        .send({ token: 'y'.repeat(43), password: 'another-one-88' })
        .expect(400);
      await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(401);
      const login = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: 'reset-password-77' }).expect(200);
      // Reading the reset mail proved the address.
      expect(login.body.user.emailVerified).toBe(true);
    });

    it('rate limits forgot-password per IP + email', async () => {
      const email = uniqueEmail('flood');
      for (let i = 0; i < 5; i++) await t.http().post('/api/v1/auth/forgot-password').send({ email }).expect(202);
      const res = await t.http().post('/api/v1/auth/forgot-password').send({ email }).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('change-password', () => {
    it('refuses a wrong current password with 400 naming currentPassword, and changes nothing', async () => {
      const c = await registerCustomer(t);
      const res = await t
        .http()
        .post('/api/v1/auth/change-password')
        .set(bearer(c.accessToken))
        .send({ currentPassword: 'not-my-password', newPassword: 'another-password-2' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(200);
    });

    it('ends every other session (refresh and access tokens) while the caller goes on', async () => {
      const c = await registerCustomer(t);
      const other = await secondSession(t, c);
      await t.http().get('/api/v1/auth/me').set(bearer(other.accessToken)).expect(200);

      await t
        .http()
        .post('/api/v1/auth/change-password')
        .set(bearer(c.accessToken))
        .send({ currentPassword: c.password, newPassword: 'a-new-password-9' })
        .expect(204);

      await t.http().get('/api/v1/auth/me').set(bearer(other.accessToken)).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
      await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }).expect(200);
      await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(401);
      await t.http().post('/api/v1/auth/login').send({ email: c.email, password: 'a-new-password-9' }).expect(200);
      const notice = await smtp.waitFor((m) => m.to.includes(c.email) && m.subject === 'Your password was changed');
      expect(notice.text).toContain('other sessions were signed out');
    });
  });
});

describe('Accounts with REQUIRE_VERIFIED_EMAIL=true and a mail server that is down', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await smtp.stop();
    t = await startTestApp({ ...MAIL_ENV, MAIL_URL: smtp.url, REQUIRE_VERIFIED_EMAIL: 'true' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('registration and orders succeed while SMTP is down; the mail arrives once it is back; unverified customers cannot order', async () => {
    const admin = await loginAsAdmin(t);
    const product = await createProduct(t, admin, { stock: 10 });
    const c = await registerCustomer(t);
    const order = { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS };
    const refused = await t.http().post('/api/v1/orders').set(bearer(c.accessToken)).send(order).expect(403);
    expect(refused.body.detail).toMatch(/email address must be verified/);
    // Nor through a saved template.
    const template = await t
      .http()
      .post('/api/v1/order-templates')
      .set(bearer(c.accessToken))
      .send({ name: 'Weekly', ...order })
      .expect(201);
    const fromTemplate = await t
      .http()
      .post(`/api/v1/order-templates/${template.body.id}/orders`)
      .set(bearer(c.accessToken))
      .expect(403);
    expect(fromTemplate.body.detail).toMatch(/email address must be verified/);
    // Staff are not held back.
    await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(admin))
      .send({ ...order, customerId: c.id })
      .expect(201);

    await waitFor(async () => {
      const [row] = await t.dataSource.query(`SELECT "status", "attempts" FROM "mail_messages" WHERE "to" = $1`, [c.email]);
      expect(row.status).toBe('pending');
      expect(row.attempts).toBeGreaterThanOrEqual(1);
    }, 10_000);
    await smtp.start();
    const token = await mailedToken(smtp, c.email, 'Confirm your email address', '/verify-email');
    await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(200);
    await t.http().post('/api/v1/orders').set(bearer(c.accessToken)).send(order).expect(201);
    // One verification mail, sent once the server was back (order mails may come too).
    expect(smtp.mailTo(c.email).filter((m) => m.subject === 'Confirm your email address')).toHaveLength(1);
  });
});

(redisAvailable() ? describe : describe.skip)('Accounts across instances sharing Redis', () => {
  let a: TestApp;
  let b: TestApp;
  const prefix = `t${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    a = await startTestApp({ REDIS_KEY_PREFIX: prefix });
    b = await startTestApp({ REDIS_KEY_PREFIX: prefix }, a.databaseUrl);
    await waitFor(async () => expect([a, b].map((app) => app.app.get(SessionNotices).reliable)).toEqual([true, true]));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("a password change on one instance ends the other sessions' access tokens on the other at the next request", async () => {
    const c = await registerCustomer(a);
    const other = await secondSession(a, c);
    // Instance b holds both sessions in its in-process cache.
    for (const token of [c.accessToken, other.accessToken, c.accessToken, other.accessToken]) {
      await b.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    }
    await a
      .http()
      .post('/api/v1/auth/change-password')
      .set(bearer(c.accessToken))
      .send({ currentPassword: c.password, newPassword: 'a-new-password-9' })
      .expect(204);
    await b.http().get('/api/v1/auth/me').set(bearer(other.accessToken)).expect(401);
    await b.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
  });
});

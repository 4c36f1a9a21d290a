import { randomBytes } from 'node:crypto';
import { SessionNotices } from '../src/auth/sessions/session-notices';
import { registerCustomer, RegisteredCustomer } from './support/auth';
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

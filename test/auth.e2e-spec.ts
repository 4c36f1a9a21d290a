import { createClient } from '@redis/client';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { RedisRateLimitStore } from '../src/auth/rate-limit/redis-rate-limit-store';
import { SessionNotices } from '../src/auth/sessions/session-notices';
import { Sessions } from '../src/auth/sessions/sessions';
import type { RedisClient } from '../src/redis/redis.module';
import { ADMIN, loginAsAdmin, registerCustomer } from './support/auth';
import { redisAvailable, startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

const SECRET = randomBytes(48).toString('base64url');
const ISSUER = 'order-management-api';
const AUDIENCE = 'order-management-api';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT built by hand, so a test can get every header and claim exactly wrong. */
function jwt(
  claims: Record<string, unknown>,
  { alg = 'HS256', secret = SECRET }: { alg?: string; secret?: string } = {},
): string {
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  if (alg === 'none') return `${head}.`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function claimsFor(userId: string, sid: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: userId,
    sid,
    role: 'admin',
    typ: 'access',
    jti: randomUUID(),
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

/** The claims of a token we issued (not verified: for reading `sid` and friends in tests). */
const claimsOf = (token: string): Record<string, string> => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

function expectUnauthorizedProblem(res: {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}): void {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  expect(String(res.body.type)).toMatch(/unauthorized$/);
}

describe('Auth: accounts, tokens, roles and limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ JWT_SECRET: SECRET });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('register, login, me', () => {
    it('registers a customer (201 + Location, no secret in the answer), who logs in and reads themself', async () => {
      const email = `Alice.${randomBytes(4).toString('hex')}@Example.com`;
      const reg = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email, password: 'alice-password', name: 'Alice' })
        .expect(201);
      expect(reg.headers.location).toBe(`/api/v1/users/${reg.body.id}`);
      expect(reg.body).toMatchObject({ email: email.toLowerCase(), name: 'Alice', role: 'customer', active: true });
      expect(JSON.stringify(reg.body)).not.toMatch(/password|hash|argon/i);

      const login = await t.http().post('/api/v1/auth/login').send({ email, password: 'alice-password' }).expect(200);
      expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 1800, user: { id: reg.body.id, role: 'customer' } });
      expect(typeof login.body.accessToken).toBe('string');
      expect(typeof login.body.refreshToken).toBe('string');
      expect(JSON.stringify(login.body.user)).not.toMatch(/password|hash/i);

      const [, payload] = login.body.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      expect(claims).toMatchObject({ sub: reg.body.id, role: 'customer', iss: ISSUER, aud: AUDIENCE });
      expect(claims.exp - claims.iat).toBe(1800);
      expect(typeof claims.jti).toBe('string');

      const me = await t.http().get('/api/v1/auth/me').set(bearer(login.body.accessToken)).expect(200);
      expect(me.body).toMatchObject({ id: reg.body.id, email: email.toLowerCase(), role: 'customer' });
      expect(me.headers.etag).toBe(`"${me.body.version}"`);
    });

    it('stores the password as an argon2id hash', async () => {
      const c = await registerCustomer(t);
      const [row] = await t.dataSource.query(`SELECT "passwordHash" FROM "users" WHERE "id" = $1`, [c.id]);
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    });

    it('answers 409 for an email that exists, whatever its case', async () => {
      const c = await registerCustomer(t);
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email: c.email.toUpperCase(), password: 'another-password', name: 'Mallory' })
        .expect(409);
      expect(res.body).toMatchObject({ status: 409, title: 'Conflict' });
    });

    it('never lets a registration choose its role, and checks the password length', async () => {
      const email = `eve-${randomBytes(4).toString('hex')}@example.com`;
      const withRole = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email, password: 'eve-password', name: 'Eve', role: 'admin' })
        .expect(400);
      expect(withRole.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'role' })]));
      await t.http().post('/api/v1/auth/register').send({ email, password: 'short', name: 'Eve' }).expect(400);
      await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email, password: 'x'.repeat(129), name: 'Eve' })
        .expect(400);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const c = await registerCustomer(t);
      const wrongPassword = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: 'not-the-password' });
      const unknownEmail = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: `nobody-${c.email}`, password: c.password });
      expectUnauthorizedProblem(wrongPassword);
      expectUnauthorizedProblem(unknownEmail);
      expect(wrongPassword.body.detail).toBe(unknownEmail.body.detail);
      expect(wrongPassword.body.type).toBe(unknownEmail.body.type);
    });

    it('logs in the admin from ADMIN_EMAIL / ADMIN_PASSWORD', async () => {
      const token = await loginAsAdmin(t);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
      expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin', active: true });
    });
  });

  describe('refresh tokens', () => {
    it('rotates: the new pair works, the old refresh token does not', async () => {
      const c = await registerCustomer(t);
      const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toBe(c.refreshToken);
      expect(first.body.accessToken).not.toBe(c.accessToken);
      await t.http().get('/api/v1/auth/me').set(bearer(first.body.accessToken)).expect(200);
      const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
      expect(second.body.user.id).toBe(c.id);
    });

    it('treats a rotated token presented again as theft: 401 and the whole family is revoked', async () => {
      const c = await registerCustomer(t);
      const rotated = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }).expect(200);
      expectUnauthorizedProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }));
      // The legitimate holder's current token died with the family.
      expectUnauthorizedProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }));
      // So did every access token of that session, the one issued to whoever held the stolen token too.
      expectUnauthorizedProblem(await t.http().get('/api/v1/auth/me').set(bearer(rotated.body.accessToken)));
      expectUnauthorizedProblem(await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)));
      // Another session of the same user is untouched.
      const other = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(200);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(200);
    });

    it('lets only one of two concurrent refreshes of the same token succeed', async () => {
      const c = await registerCustomer(t);
      const results = await Promise.all(
        [1, 2, 3].map(() => t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken })),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 401)).toHaveLength(2);
    });

    it('answers 401 for an unknown refresh token', async () => {
      expectUnauthorizedProblem(
        await t
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: randomBytes(32).toString('base64url') }),
      );
    });

    it('stores refresh tokens only as hashes', async () => {
      const c = await registerCustomer(t);
      const rows = await t.dataSource.query(
        `SELECT t."tokenHash" FROM "refresh_tokens" t JOIN "refresh_token_families" f ON f."id" = t."familyId" WHERE f."userId" = $1`,
        [c.id],
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.tokenHash).not.toContain(c.refreshToken);
    });
  });

  describe('logout', () => {
    it('kills the access token used for the call and the refresh token family (204)', async () => {
      const c = await registerCustomer(t);
      await t.http().post('/api/v1/auth/logout').set(bearer(c.accessToken)).send({ refreshToken: c.refreshToken }).expect(204);
      expectUnauthorizedProblem(await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)));
      expectUnauthorizedProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }));
    });

    it('ends the whole session: every access token issued in it answers 401, other sessions go on', async () => {
      const c = await registerCustomer(t);
      const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }).expect(200);
      expect(claimsOf(refreshed.body.accessToken).sid).toBe(claimsOf(c.accessToken).sid);
      const other = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(200);
      await t
        .http()
        .post('/api/v1/auth/logout')
        .set(bearer(refreshed.body.accessToken))
        .send({ refreshToken: refreshed.body.refreshToken })
        .expect(204);
      expectUnauthorizedProblem(await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)));
      expectUnauthorizedProblem(await t.http().get('/api/v1/auth/me').set(bearer(refreshed.body.accessToken)));
      await t.http().get('/api/v1/auth/me').set(bearer(other.body.accessToken)).expect(200);
    });

    it('needs a bearer token', async () => {
      expectUnauthorizedProblem(await t.http().post('/api/v1/auth/logout').send({ refreshToken: 'x' }));
    });

    it("cannot revoke another user's session", async () => {
      const alice = await registerCustomer(t);
      const bob = await registerCustomer(t);
      await t
        .http()
        .post('/api/v1/auth/logout')
        .set(bearer(bob.accessToken))
        .send({ refreshToken: alice.refreshToken })
        .expect(204);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: alice.refreshToken }).expect(200);
    });
  });

  describe('bearer tokens that must be refused', () => {
    let userId: string;
    let sid: string;
    let otherSid: string;
    beforeAll(async () => {
      const [c, other] = await Promise.all([registerCustomer(t), registerCustomer(t)]);
      userId = c.id;
      sid = claimsOf(c.accessToken).sid;
      otherSid = claimsOf(other.accessToken).sid;
    });

    it('accepts a well-formed token signed with the secret (the control case)', async () => {
      await t
        .http()
        .get('/api/v1/auth/me')
        .set(bearer(jwt(claimsFor(userId, sid, { role: 'customer' }))))
        .expect(200);
    });

    it.each([
      ['no token at all', () => undefined],
      ['alg: none', () => jwt(claimsFor(userId, sid), { alg: 'none' })],
      ['a forged signature', () => jwt(claimsFor(userId, sid), { secret: 'not-the-secret-not-the-secret-000' })],
      ['another algorithm than the pinned one', () => jwt(claimsFor(userId, sid), { alg: 'HS512' })],
      ['a wrong audience', () => jwt(claimsFor(userId, sid, { aud: 'another-service' }))],
      ['a wrong issuer', () => jwt(claimsFor(userId, sid, { iss: 'someone-else' }))],
      [
        'an expired exp',
        () => jwt(claimsFor(userId, sid, { iat: Math.floor(Date.now() / 1000) - 4000, exp: Math.floor(Date.now() / 1000) - 60 })),
      ],
      ['a token that is not an access token', () => jwt(claimsFor(userId, sid, { typ: 'refresh' }))],
      ['an unknown user', () => jwt(claimsFor(randomUUID(), sid))],
      ['no session', () => jwt(claimsFor(userId, sid, { sid: undefined }))],
      ['an unknown session', () => jwt(claimsFor(userId, randomUUID()))],
      ["another user's session", () => jwt(claimsFor(userId, otherSid))],
      ['garbage', () => 'not.a.jwt'],
    ])('answers 401 for %s', async (_name, token) => {
      const value = token();
      const req = t.http().get('/api/v1/auth/me');
      const res = value ? await req.set(bearer(value)) : await req;
      expectUnauthorizedProblem(res);
      expect(res.body.detail).toBe('A valid bearer access token is required.');
    });

    it('answers 401 for a refresh token used as an access token', async () => {
      const c = await registerCustomer(t);
      expectUnauthorizedProblem(await t.http().get('/api/v1/auth/me').set(bearer(c.refreshToken)));
    });
  });

  describe('roles and users administration', () => {
    it('answers 403 to a customer on an admin route', async () => {
      const c = await registerCustomer(t);
      const res = await t.http().get('/api/v1/users').set(bearer(c.accessToken)).expect(403);
      expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' });
    });

    it('lists users to an admin with cursor pagination and no secrets', async () => {
      const admin = await loginAsAdmin(t);
      for (let i = 0; i < 3; i++) await registerCustomer(t);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Array<{ email: string }>; nextCursor: string | null } } = await t
          .http()
          .get('/api/v1/users')
          .query(cursor ? { limit: 2, cursor } : { limit: 2 })
          .set(bearer(admin))
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon/);
        seen.push(...res.body.items.map((u: { email: string }) => u.email));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(seen);
      const total = await t.dataSource.query(`SELECT count(*)::int AS n FROM "users"`);
      expect(seen).toHaveLength(total[0].n);
      await t.http().get('/api/v1/users').query({ cursor: 'garbage' }).set(bearer(admin)).expect(400);
    });

    it('lets an admin promote a customer, whose existing token gets admin rights at once', async () => {
      const admin = await loginAsAdmin(t);
      const c = await registerCustomer(t);
      await t.http().get('/api/v1/users').set(bearer(c.accessToken)).expect(403);
      const res = await t.http().patch(`/api/v1/users/${c.id}`).set(bearer(admin)).send({ role: 'admin' }).expect(200);
      expect(res.body).toMatchObject({ id: c.id, role: 'admin' });
      await t.http().get('/api/v1/users').set(bearer(c.accessToken)).expect(200);
    });

    it('honours If-Match (412 when stale) and rejects unknown fields', async () => {
      const admin = await loginAsAdmin(t);
      const c = await registerCustomer(t);
      const current = await t.http().get(`/api/v1/users/${c.id}`).set(bearer(admin)).expect(200);
      await t
        .http()
        .patch(`/api/v1/users/${c.id}`)
        .set(bearer(admin))
        .set('If-Match', '"999"')
        .send({ active: true })
        .expect(412);
      await t
        .http()
        .patch(`/api/v1/users/${c.id}`)
        .set(bearer(admin))
        .set('If-Match', current.headers.etag)
        .send({ active: true })
        .expect(200);
      await t.http().patch(`/api/v1/users/${c.id}`).set(bearer(admin)).send({ email: 'x@example.com' }).expect(400);
      await t.http().patch(`/api/v1/users/${randomUUID()}`).set(bearer(admin)).send({ active: false }).expect(404);
    });

    it('does not let an admin deactivate themself', async () => {
      const admin = await loginAsAdmin(t);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(admin)).expect(200);
      await t.http().patch(`/api/v1/users/${me.body.id}`).set(bearer(admin)).send({ active: false }).expect(409);
    });
  });

  describe('deactivation', () => {
    it("kills the user's live tokens on the next request, and their login answers the generic 401", async () => {
      const admin = await loginAsAdmin(t);
      const c = await registerCustomer(t);
      await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
      await t.http().patch(`/api/v1/users/${c.id}`).set(bearer(admin)).send({ active: false }).expect(200);

      expectUnauthorizedProblem(await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)));
      expectUnauthorizedProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }));
      const login = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password });
      const wrong = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: 'not-the-password' });
      expectUnauthorizedProblem(login);
      expect(login.body.detail).toBe(wrong.body.detail);

      // Reactivation revives no old token: only a new login works.
      await t.http().patch(`/api/v1/users/${c.id}`).set(bearer(admin)).send({ active: true }).expect(200);
      expectUnauthorizedProblem(await t.http().get('/api/v1/auth/me').set(bearer(c.accessToken)));
      expectUnauthorizedProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }));
      const again = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(200);
      await t.http().get('/api/v1/auth/me').set(bearer(again.body.accessToken)).expect(200);
    });
  });

  describe('login throttling', () => {
    it('answers 429 with Retry-After after 10 failed attempts for one IP + email, even with the right password', async () => {
      const c = await registerCustomer(t);
      for (let i = 0; i < 10; i++) {
        expectUnauthorizedProblem(
          await t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: c.email, password: `wrong-${i}-password` }),
        );
      }
      const blocked = await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(429);
      expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(900);
      expect(blocked.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      // Another account from the same address is not affected.
      const other = await registerCustomer(t);
      await t.http().post('/api/v1/auth/login').send({ email: other.email, password: other.password }).expect(200);
    });

    it('does not count successful logins', async () => {
      const c = await registerCustomer(t);
      for (let i = 0; i < 12; i++)
        await t.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(200);
    });
  });

  describe('test login', () => {
    it('is 404 unless AUTH_TEST_LOGIN=true', async () => {
      const res = await t.http().post('/api/v1/auth/login-test').send({}).expect(404);
      expect(res.body).toMatchObject({ status: 404, detail: 'No resource is found at this address.' });
    });
  });
});

describe('Auth with AUTH_TEST_LOGIN=true and tight limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_TEST_LOGIN: 'true', RATE_LIMIT_PER_MINUTE: '5', REGISTER_MAX_ATTEMPTS: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives tokens for a new test identity, and again for the same one', async () => {
    const created = await t.http().post('/api/v1/auth/login-test').send({ role: 'customer' }).expect(200);
    expect(created.body).toMatchObject({ tokenType: 'Bearer', user: { role: 'customer' } });
    expect(created.body.customerId).toBe(created.body.user.id);
    const again = await t.http().post('/api/v1/auth/login-test').send({ customerId: created.body.customerId }).expect(200);
    expect(again.body.user.id).toBe(created.body.customerId);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(again.body.accessToken)).expect(200);
    expect(me.body.id).toBe(created.body.customerId);
  });

  it('limits each caller globally, with 429 and Retry-After', async () => {
    const login = await t.http().post('/api/v1/auth/login-test').send({}).expect(200);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await t.http().get('/api/v1/auth/me').set(bearer(login.body.accessToken));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Probes are never limited.
    for (let i = 0; i < 7; i++) await t.http().get('/health/live').expect(200);
  });

  it('limits registrations per IP + email', async () => {
    const body = { email: `reg-${randomBytes(4).toString('hex')}@example.com`, password: 'register-password', name: 'R' };
    await t.http().post('/api/v1/auth/register').send(body).expect(201);
    await t.http().post('/api/v1/auth/register').send(body).expect(409);
    const res = await t.http().post('/api/v1/auth/register').send(body).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

(redisAvailable() ? describe : describe.skip)('Auth across instances sharing Redis', () => {
  let a: TestApp;
  let b: TestApp;
  const prefix = `t${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    a = await startTestApp({ REDIS_KEY_PREFIX: prefix, JWT_SECRET: SECRET, LOGIN_MAX_FAILURES: '3' });
    b = await startTestApp({ REDIS_KEY_PREFIX: prefix, JWT_SECRET: SECRET, LOGIN_MAX_FAILURES: '3' }, a.databaseUrl);
    // Each instance trusts its session cache once its own heartbeat has come back through Redis.
    await waitFor(async () => expect([a, b].map((app) => app.app.get(SessionNotices).reliable)).toEqual([true, true]));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('counts failed logins on every instance together', async () => {
    const c = await registerCustomer(a);
    await b.http().post('/api/v1/auth/login').send({ email: c.email, password: 'wrong-password-1' }).expect(401);
    await a.http().post('/api/v1/auth/login').send({ email: c.email, password: 'wrong-password-2' }).expect(401);
    await b.http().post('/api/v1/auth/login').send({ email: c.email, password: 'wrong-password-3' }).expect(401);
    await a.http().post('/api/v1/auth/login').send({ email: c.email, password: c.password }).expect(429);
  });

  it('denies a logged-out access token on every instance', async () => {
    const c = await registerCustomer(a);
    await b.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
    await a.http().post('/api/v1/auth/logout').set(bearer(c.accessToken)).send({ refreshToken: c.refreshToken }).expect(204);
    await b.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(401);
  });

  it('applies a role change and a deactivation made on one instance on the very next request on the other', async () => {
    const admin = await loginAsAdmin(a);
    const c = await registerCustomer(a);
    // Both instances have the session in their in-process cache.
    for (const app of [a, b, a, b]) await app.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
    await b.http().get('/api/v1/users').set(bearer(c.accessToken)).expect(403);

    await a.http().patch(`/api/v1/users/${c.id}`).set(bearer(admin)).send({ role: 'admin' }).expect(200);
    await b.http().get('/api/v1/users').set(bearer(c.accessToken)).expect(200);
    await b.http().patch(`/api/v1/users/${c.id}`).set(bearer(admin)).send({ role: 'customer' }).expect(200);
    await a.http().get('/api/v1/users').set(bearer(c.accessToken)).expect(403);

    await b.http().patch(`/api/v1/users/${c.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    await a.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(401);
    await b.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(401);
  });

  it('answers the session check from memory: no database query on a repeated request', async () => {
    const c = await registerCustomer(a);
    await b.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
    const load = jest.spyOn(b.app.get(Sessions) as unknown as { load: () => Promise<unknown> }, 'load');
    try {
      for (let i = 0; i < 5; i++) await b.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(200);
      expect(load).not.toHaveBeenCalled();
      // Once the session ends, the next check reads the database again (and finds it ended).
      await a.http().post('/api/v1/auth/logout').set(bearer(c.accessToken)).send({ refreshToken: c.refreshToken }).expect(204);
      await b.http().get('/api/v1/auth/me').set(bearer(c.accessToken)).expect(401);
      expect(load).toHaveBeenCalledTimes(1);
    } finally {
      load.mockRestore();
    }
  });

  it('lets requests through when Redis is down (rate limiting fails open, never a 500)', async () => {
    const down = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true }) as unknown as RedisClient;
    const store = new RedisRateLimitStore(down, prefix);
    await expect(store.increment('k', 1000, 1, 1000, 'default')).resolves.toMatchObject({ isBlocked: false });
    await expect(store.peek('k')).resolves.toEqual({ totalHits: 0, secondsLeft: 0 });
  });
});

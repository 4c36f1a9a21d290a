import { loginAsAdmin, registerCustomer } from './support/auth';
import { bearer } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 15 row 10: ending a session (reuse detection, logout, deactivation) makes EVERY access token
 * of it answer 401 from the next request, fired in parallel; reactivation revives none.
 */
describe('Ending a session ends all of its tokens', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAsAdmin(t);
  });
  afterAll(async () => t?.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set(bearer(token));
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });
  /** Every token answers 401, 10 parallel requests each. */
  const expectAllDead = async (tokens: string[]) => {
    const statuses = (await Promise.all(tokens.flatMap((token) => Array.from({ length: 10 }, () => me(token))))).map((r) => r.status);
    expect([...new Set(statuses)]).toEqual([401]);
  };

  it('reuse of a rotated refresh token kills the access tokens issued from it (the thief\'s included)', async () => {
    const customer = await registerCustomer(t);
    const stolen = customer.refreshToken;
    const thief = (await refresh(stolen).expect(200)).body as { accessToken: string; refreshToken: string };
    expect((await me(thief.accessToken)).status).toBe(200);
    // The victim's client presents the rotated token again: reuse, the session ends.
    expect((await refresh(stolen)).status).toBe(401);
    await expectAllDead([thief.accessToken, customer.accessToken]);
    expect((await refresh(thief.refreshToken)).status).toBe(401);
  });

  it('logout kills every access token of the session, not only the presented one', async () => {
    const customer = await registerCustomer(t);
    const second = (await refresh(customer.refreshToken).expect(200)).body as { accessToken: string; refreshToken: string };
    const other = (await t.http().post('/api/v1/auth/login').send({ email: customer.email, password: customer.password }).expect(200)).body;
    await t.http().post('/api/v1/auth/logout').set(bearer(second.accessToken)).send({ refreshToken: second.refreshToken }).expect(204);
    await expectAllDead([customer.accessToken, second.accessToken]);
    // Another session (another login) goes on.
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('deactivation kills every session; reactivation revives none', async () => {
    const customer = await registerCustomer(t);
    const second = (await t.http().post('/api/v1/auth/login').send({ email: customer.email, password: customer.password }).expect(200)).body;
    const patch = (active: boolean) => t.http().patch(`/api/v1/users/${customer.id}`).set(bearer(admin)).send({ active });
    await patch(false).expect(200);
    await expectAllDead([customer.accessToken, second.accessToken]);
    await patch(true).expect(200);
    await expectAllDead([customer.accessToken, second.accessToken]);
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/login').send({ email: customer.email, password: customer.password })).status).toBe(200);
  });
});

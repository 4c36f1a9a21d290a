import { ADMIN, registerCustomer } from './support/auth';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait';

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/** Issue 15 rows 5, 7, 11: what an attacker's requests cost, and that each one counts. */
describe('Credential budget: attempts counted before the hash, bounded password work, every request counted per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_MAX_FAILURES: '10',
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_QUEUE: '4',
      RATE_LIMIT_PER_MINUTE: '35',
      // Each scenario comes from its own client address (X-Forwarded-For from the loopback test client).
      TRUST_PROXY: 'loopback',
    });
  });
  afterAll(async () => t?.close());

  const login = (ip: string, body: { email: string; password: string }) =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send(body);

  it('checks at most LOGIN_MAX_FAILURES passwords however many wrong ones arrive in parallel', async () => {
    const customer = await registerCustomer(t);
    const wrong = { email: customer.email, password: 'wrong-password-1' };
    const statuses: number[] = [];
    // In waves the hash budget (1 running + 4 waiting) can take, so every refusal is the limiter's.
    for (let wave = 0; wave < 6; wave++) {
      statuses.push(...(await Promise.all(Array.from({ length: 5 }, () => login('203.0.113.5', wrong)))).map((r) => r.status));
    }
    expect(count(statuses, 401)).toBe(10);
    expect(count(statuses, 429)).toBe(20);
    expect((await login('203.0.113.5', { email: customer.email, password: customer.password })).status).toBe(429);
    // Another address is not locked out.
    expect((await login('203.0.113.6', { email: customer.email, password: customer.password })).status).toBe(200);
  });

  it('gives back the attempts the hashing budget refused with 503, so a flood does not lock the account', async () => {
    const customer = await registerCustomer(t);
    const wrong = { email: customer.email, password: 'wrong-password-2' };
    // Exactly LOGIN_MAX_FAILURES at once: 1 hashes, 4 wait, the rest are refused with 503 unchecked.
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => login('203.0.113.7', wrong)))).map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(count(statuses, 503)).toBeGreaterThan(0);
    // Only the checked passwords used up attempts: the right one still logs in.
    expect((await login('203.0.113.7', { email: customer.email, password: customer.password })).status).toBe(200);
  });

  it('runs a bounded number of password hashes: beyond the queue, 503 with Retry-After at once', async () => {
    const flood = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(`198.51.100.${i + 1}`, { email: `nobody-${i}@example.com`, password: 'whatever-123' }),
      ),
    );
    const statuses = flood.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(count(statuses, 503)).toBeGreaterThan(0);
    const busy = flood.find((r) => r.status === 503)!;
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
    process.stdout.write(
      `40 parallel unknown-email logins: ${count(statuses, 401)} checked, ${count(statuses, 503)} refused with 503\n`,
    );
    expect((await login('198.51.100.200', ADMIN)).status).toBe(200);
  });

  it('counts requests with invalid tokens against the IP, then refuses them with 429', async () => {
    const ip = '192.0.2.10';
    const statuses = (
      await Promise.all(
        Array.from({ length: 40 }, () =>
          t.http().get('/api/v1/orders').set('X-Forwarded-For', ip).set('Authorization', 'Bearer not.a.token'),
        ),
      )
    ).map((r) => r.status);
    // Counted after each response: the burst itself may already see the first refusals.
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(count(statuses, 401)).toBeGreaterThan(0);
    await waitFor(async () => {
      const res = await t.http().get('/api/v1/orders').set('X-Forwarded-For', ip).set('Authorization', 'Bearer not.a.token');
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  it('counts requests for unknown routes against the IP too', async () => {
    const ip = '192.0.2.11';
    for (let i = 0; i < 36; i++) await t.http().get(`/api/v1/no-such-route-${i}`).set('X-Forwarded-For', ip);
    await waitFor(async () => expect((await t.http().get('/api/v1/nothing-here').set('X-Forwarded-For', ip)).status).toBe(429));
    // Other clients are unaffected.
    expect((await t.http().get('/api/v1/nothing-here').set('X-Forwarded-For', '192.0.2.12')).status).toBe(404);
  });
});

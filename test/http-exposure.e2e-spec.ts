import { connect, Socket } from 'node:net';
import { ADMIN, loginAsAdmin, registerCustomer } from './support/auth';
import { startTestApp, TestApp } from './support/test-app';

const wrong = { email: ADMIN.email, password: 'not-the-password' };

/** Opens a raw socket to the app; resolves once connected. */
const openSocket = (url: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });

/** Milliseconds until the server closes the socket, and what it answered before closing. */
const closedAfter = (socket: Socket): Promise<{ ms: number; answer: string }> =>
  new Promise((resolve) => {
    const began = Date.now();
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ ms: Date.now() - began, answer }));
  });

describe('HTTP exposure: proxy trust, slow clients, caching, body types, docs and metrics', () => {
  describe('with the defaults (no proxy trusted)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        LOGIN_MAX_FAILURES: '3',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        METRICS_TOKEN: 'metrics-token-0123456789',
        DOCS_ENABLED: 'false',
      });
    });
    afterAll(async () => t?.close());

    it('ignores X-Forwarded-For from an untrusted peer: rotating it does not get around the login lockout', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push(
          (
            await t
              .http()
              .post('/api/v1/auth/login')
              .set('X-Forwarded-For', `203.0.113.${i + 1}`)
              .send(wrong)
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
      const right = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.77').send(ADMIN);
      expect(right.status).toBe(429);
      expect(right.headers['retry-after']).toMatch(/^\d+$/);
    });

    it('answers 408 and closes a socket whose headers do not arrive in time', async () => {
      const socket = await openSocket(t.url);
      const closed = closedAfter(socket);
      socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      const { ms, answer } = await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(ms).toBeLessThan(3500);
    });

    it('closes a socket whose body trickles in past the request timeout', async () => {
      const socket = await openSocket(t.url);
      const closed = closedAfter(socket);
      socket.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
      );
      const drip = setInterval(() => socket.writable && socket.write(' '), 300);
      const { ms, answer } = await closed;
      clearInterval(drip);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(ms).toBeLessThan(4500);
    });

    it('marks token responses and personal data no-store', async () => {
      const customer = await registerCustomer(t, { password: 'customer-password-1' });
      const login = await t.http().post('/api/v1/auth/login').send({ email: customer.email, password: customer.password });
      expect(login.status).toBe(200);
      const refresh = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken });
      const me = await t.http().get('/api/v1/auth/me').auth(customer.accessToken, { type: 'bearer' });
      const orders = await t.http().get('/api/v1/orders').auth(customer.accessToken, { type: 'bearer' });
      const unauthorized = await t.http().get('/api/v1/orders');
      for (const res of [login, refresh, me, orders, unauthorized]) expect(res.headers['cache-control']).toBe('no-store');
    });

    it('refuses bodies that are not JSON with 415, whatever the route', async () => {
      const form = await t
        .http()
        .post('/api/v1/auth/register')
        .type('form')
        .send({ email: 'form@example.com', password: 'password-12', name: 'Form' });
      expect(form.status).toBe(415);
      expect(form.headers['content-type']).toMatch(/^application\/problem\+json/);
      const text = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'text/plain')
        .send('{"email":"a@b.c","password":"x"}');
      expect(text.status).toBe(415);
      const none = await t.http().post('/api/v1/auth/login').set('Content-Type', '').send('{}');
      expect(none.status).toBe(415);
      const json = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send('{"email":"nobody@example.com","password":"password-12"}');
      expect(json.status).not.toBe(415);
      // A bare POST (Content-Length: 0, no type) has no body to refuse.
      const customer = await registerCustomer(t);
      const bare = await t.http().post('/api/v1/auth/logout').auth(customer.accessToken, { type: 'bearer' });
      expect(bare.status).not.toBe(415);
      expect(bare.status).toBeLessThan(500);
    });

    it('hides the docs when DOCS_ENABLED=false and asks for METRICS_TOKEN on /metrics', async () => {
      expect((await t.http().get('/docs-json')).status).toBe(404);
      expect((await t.http().get('/docs')).status).toBe(404);
      const anonymous = await t.http().get('/metrics');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await t.http().get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789-wrong')).status).toBe(401);
      const admin = await loginAsAdmin(t).catch(() => '');
      expect(
        (
          await t
            .http()
            .get('/metrics')
            .auth(admin || 'x', { type: 'bearer' })
        ).status,
      ).toBe(401);
      const scraped = await t.http().get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789');
      expect(scraped.status).toBe(200);
      expect(scraped.text).toContain('http_requests_total');
    });
  });

  describe('behind configured proxies', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'uniquelocal, 127.0.0.0/8' });
    });
    afterAll(async () => t?.close());

    it('takes the client address from X-Forwarded-For when the peer is a trusted proxy', async () => {
      const rotating: number[] = [];
      for (let i = 0; i < 5; i++)
        rotating.push(
          (
            await t
              .http()
              .post('/api/v1/auth/login')
              .set('X-Forwarded-For', `203.0.113.${i + 1}`)
              .send(wrong)
          ).status,
        );
      expect(rotating).toEqual([401, 401, 401, 401, 401]);
      const same: number[] = [];
      for (let i = 0; i < 4; i++)
        same.push((await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.9').send(wrong)).status);
      expect(same).toEqual([401, 401, 401, 429]);
      // Another client behind the same proxy is not locked out.
      expect((await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.10').send(ADMIN)).status).toBe(200);
    });
  });

  describe('with the Kubernetes ConfigMap value and a connection cap', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'uniquelocal', HTTP_MAX_CONNECTIONS: '4' });
    });
    afterAll(async () => t?.close());

    it('starts with TRUST_PROXY=uniquelocal and does not believe a loopback peer', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await t
              .http()
              .post('/api/v1/auth/login')
              .set('X-Forwarded-For', `10.0.0.${i + 1}`)
              .send(wrong)
          ).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429]);
    });

    it('closes connections beyond HTTP_MAX_CONNECTIONS at once, and serves again when they are gone', async () => {
      const held = await Promise.all([1, 2, 3, 4].map(() => openSocket(t.url)));
      // Let the server count them before the next one arrives.
      await new Promise((r) => setTimeout(r, 100));
      const extra = await openSocket(t.url);
      const refused = closedAfter(extra);
      extra.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
      const { ms, answer } = await refused;
      expect(answer).toBe('');
      expect(ms).toBeLessThan(1000);
      for (const socket of held) socket.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect((await t.http().get('/health/live')).status).toBe(200);
    });
  });
});

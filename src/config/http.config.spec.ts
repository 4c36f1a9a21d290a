import { ConfigError, loadAppConfig } from './app-config';
import { parseTrustProxy } from './http.config';

describe('HTTP exposure configuration', () => {
  const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) };

  it('trusts no proxy unless told, and bounds how long a client may hold a socket', () => {
    expect(loadAppConfig(base)).toMatchObject({
      trustProxy: false,
      headersTimeoutMs: 10000,
      requestTimeoutMs: 30000,
      keepAliveTimeoutMs: 5000,
      maxConnections: 2000,
      docsEnabled: true,
      metricsToken: undefined,
    });
  });

  it('reads TRUST_PROXY as off, a hop count, or a list of addresses, CIDRs and named ranges', () => {
    for (const off of [undefined, '', 'false', 'none', '0']) expect(parseTrustProxy(off)).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('uniquelocal')).toEqual(['uniquelocal']);
    expect(parseTrustProxy('loopback, 10.244.0.0/16,fd00::/8, 192.0.2.7')).toEqual([
      'loopback',
      '10.244.0.0/16',
      'fd00::/8',
      '192.0.2.7',
    ]);
  });

  it('refuses `true` (anyone could choose their address) and anything that is not an address', () => {
    for (const bad of ['true', 'everyone', '10.0.0.0/33', '10.0.0.0/8/1', 'fd00::/129', '33', '10.0.0']) {
      expect(() => parseTrustProxy(bad)).toThrow(ConfigError);
    }
    expect(() => loadAppConfig({ ...base, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('keeps the Kubernetes ConfigMap value working', () => {
    expect(loadAppConfig({ ...base, TRUST_PROXY: 'uniquelocal' }).trustProxy).toEqual(['uniquelocal']);
  });

  it('turns the docs off in production unless asked for, and refuses a short metrics token', () => {
    const production = {
      ...base,
      NODE_ENV: 'production',
      ADMIN_PASSWORD: 'a-real-admin-password',
      DATABASE_URL: 'postgres://db/orders',
    };
    expect(loadAppConfig(production).docsEnabled).toBe(false);
    expect(loadAppConfig({ ...production, DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
    expect(() => loadAppConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('refuses a request timeout below the headers timeout', () => {
    expect(() => loadAppConfig({ ...base, HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /HTTP_REQUEST_TIMEOUT_MS/,
    );
  });
});

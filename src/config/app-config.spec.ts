import { ConfigError, loadAppConfig } from './app-config';

describe('auth configuration', () => {
  const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) };

  it('has safe defaults', () => {
    expect(loadAppConfig(base)).toMatchObject({
      accessTokenTtlSeconds: 1800,
      refreshTokenTtlSeconds: 604800,
      authTestLogin: false,
      loginMaxFailures: 10,
      loginWindowSeconds: 900,
      rateLimitPerMinute: 1000,
    });
  });

  it('reads overrides, and 0 turns the global rate limit off', () => {
    const config = loadAppConfig({ ...base, ACCESS_TOKEN_TTL_SECONDS: '600', AUTH_TEST_LOGIN: 'true', RATE_LIMIT_PER_MINUTE: '0', JWT_AUDIENCE: 'shop' });
    expect(config).toMatchObject({ accessTokenTtlSeconds: 600, authTestLogin: true, rateLimitPerMinute: 0, jwtAudience: 'shop' });
  });

  it('refuses the test login in production', () => {
    const production = { ...base, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-real-admin-password', DATABASE_URL: 'postgres://db/orders' };
    expect(loadAppConfig(production).authTestLogin).toBe(false);
    expect(() => loadAppConfig({ ...production, AUTH_TEST_LOGIN: 'true' })).toThrow(ConfigError);
    expect(() => loadAppConfig({ ...production, AUTH_TEST_LOGIN: 'true' })).toThrow(/AUTH_TEST_LOGIN/);
  });

  it('rejects invalid values with the variable named', () => {
    expect(() => loadAppConfig({ ...base, ACCESS_TOKEN_TTL_SECONDS: '5' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
    expect(() => loadAppConfig({ ...base, LOGIN_MAX_FAILURES: 'many' })).toThrow(/LOGIN_MAX_FAILURES/);
  });
});

describe('process configuration', () => {
  const test = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) };
  const production = { ...test, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-real-admin-password' };

  it('refuses to start in production without DATABASE_URL (no embedded database on a container layer)', () => {
    expect(() => loadAppConfig(production)).toThrow(ConfigError);
    expect(() => loadAppConfig(production)).toThrow(/^Missing environment variable DATABASE_URL: required when NODE_ENV=production/);
    expect(loadAppConfig({ ...production, DATABASE_URL: 'postgres://db/orders' }).databaseUrl).toBe('postgres://db/orders');
    expect(loadAppConfig(test).databaseUrl).toBeUndefined();
  });

  it('bounds the first connection retry and the shutdown grace period, both configurable', () => {
    expect(loadAppConfig(test)).toMatchObject({ databaseConnectRetryMs: 30000, shutdownGraceMs: 10000, shutdownDelayMs: 0 });
    expect(loadAppConfig({ ...test, DATABASE_CONNECT_RETRY_MS: '0', SHUTDOWN_GRACE_MS: '2500' })).toMatchObject({
      databaseConnectRetryMs: 0,
      shutdownGraceMs: 2500,
    });
    expect(() => loadAppConfig({ ...test, SHUTDOWN_GRACE_MS: 'soon' })).toThrow(/SHUTDOWN_GRACE_MS/);
  });
});

describe('events configuration', () => {
  const test = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) };

  it('takes the relay fault hook only in tests, and only in its known forms', () => {
    expect(loadAppConfig({ ...test, RELAY_FAULT: 'kill-after-stream:40' }).relayFault).toEqual({ action: 'kill', value: 40 });
    expect(loadAppConfig(test).relayFault).toBeNull();
    expect(() => loadAppConfig({ ...test, RELAY_FAULT: 'explode' })).toThrow(/RELAY_FAULT/);
    expect(() => loadAppConfig({ ...test, NODE_ENV: 'development', RELAY_FAULT: 'pause-after-stream:100' })).toThrow(/NODE_ENV=test only/);
  });
});

describe('event sinks configuration', () => {
  const test = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) };

  it('takes several sinks from EVENTS_STREAMS, still reads EVENTS_STREAM, and names what a sink lacks', () => {
    expect(loadAppConfig(test).eventsStreams).toEqual([]);
    expect(loadAppConfig({ ...test, EVENTS_STREAM: 'redis', REDIS_URL: 'redis://r' }).eventsStreams).toEqual(['redis']);
    const both = loadAppConfig({ ...test, EVENTS_STREAMS: 'redis,kafka', REDIS_URL: 'redis://r', KAFKA_BROKERS: 'k1:9092,k2:9092' });
    expect(both.eventsStreams).toEqual(['redis', 'kafka']);
    expect(both.kafka).toMatchObject({ brokers: ['k1:9092', 'k2:9092'], clientId: 'order-api', topics: 'per-type', sasl: null, tls: null });
    expect(() => loadAppConfig({ ...test, EVENTS_STREAMS: 'kafka' })).toThrow(/EVENTS_STREAMS="kafka": kafka needs KAFKA_BROKERS/);
    expect(() => loadAppConfig({ ...test, EVENTS_STREAMS: 'redis,rabbit' })).toThrow(/EVENTS_STREAMS/);
    expect(() => loadAppConfig({ ...test, EVENTS_STREAMS: 'kafka', KAFKA_BROKERS: 'k1', KAFKA_SASL_MECHANISM: 'PLAIN' })).toThrow(/KAFKA_BROKERS/);
    expect(() => loadAppConfig({ ...test, EVENTS_STREAMS: 'kafka', KAFKA_BROKERS: 'k1:9092', KAFKA_SASL_MECHANISM: 'PLAIN' })).toThrow(
      /KAFKA_SASL_USERNAME/,
    );
  });
});

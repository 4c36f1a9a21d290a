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
    const production = { ...base, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-real-admin-password' };
    expect(loadAppConfig(production).authTestLogin).toBe(false);
    expect(() => loadAppConfig({ ...production, AUTH_TEST_LOGIN: 'true' })).toThrow(ConfigError);
    expect(() => loadAppConfig({ ...production, AUTH_TEST_LOGIN: 'true' })).toThrow(/AUTH_TEST_LOGIN/);
  });

  it('rejects invalid values with the variable named', () => {
    expect(() => loadAppConfig({ ...base, ACCESS_TOKEN_TTL_SECONDS: '5' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
    expect(() => loadAppConfig({ ...base, LOGIN_MAX_FAILURES: 'many' })).toThrow(/LOGIN_MAX_FAILURES/);
  });
});

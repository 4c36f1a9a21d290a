import { randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import type { AppConfig } from '../../config/app-config';
import { InvalidAccessTokenError } from '../domain/auth.errors';
import { AccessTokens } from './access-tokens';

const config = {
  jwtSecret: 'a-test-secret-of-at-least-thirty-two-characters',
  jwtIssuer: 'order-management-api',
  jwtAudience: 'order-management-api',
  accessTokenTtlSeconds: 600,
} as AppConfig;

describe('AccessTokens', () => {
  const claims = { sub: randomUUID(), sid: randomUUID(), role: 'customer' as const };

  afterEach(() => jest.useRealTimers());

  it('answers a token it verified before from memory until its exp, then refuses it', () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T12:00:00Z') });
    const tokens = new AccessTokens(config);
    const token = tokens.sign(claims);
    const first = tokens.verify(token);
    expect(first).toEqual({ ...claims, typ: 'access' });
    expect(tokens.verify(token)).toBe(first);
    jest.setSystemTime(new Date('2026-12-02T12:09:59.999Z'));
    expect(tokens.verify(token)).toBe(first);
    jest.setSystemTime(new Date('2026-12-02T12:10:00Z'));
    expect(() => tokens.verify(token)).toThrow(InvalidAccessTokenError);
  });

  it('verifies any other string in full: a changed signature or payload is refused although the genuine token is remembered', () => {
    const tokens = new AccessTokens(config);
    const token = tokens.sign(claims);
    tokens.verify(token);
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect(() => tokens.verify(`${header}.${payload}.${flipped}`)).toThrow(InvalidAccessTokenError);
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    expect(() => tokens.verify(`${header}.${forged}.${signature}`)).toThrow(InvalidAccessTokenError);
  });

  it('refuses a token signed with another secret, and never remembers a refusal', () => {
    const tokens = new AccessTokens(config);
    const other = sign({ ...claims, typ: 'access' }, 'another-secret-of-at-least-thirty-two-chars', {
      algorithm: 'HS256',
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      expiresIn: 600,
    });
    expect(() => tokens.verify(other)).toThrow(InvalidAccessTokenError);
    expect(() => tokens.verify(other)).toThrow(InvalidAccessTokenError);
  });
});

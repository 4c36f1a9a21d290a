import { attemptKey, hashRefreshToken, newRefreshToken, normalizeEmail } from './credentials';

describe('credentials', () => {
  it('normalizes emails to one spelling', () => {
    expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com');
  });

  it('makes refresh tokens unique, opaque and long', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('hashes refresh tokens deterministically without revealing them', () => {
    const token = newRefreshToken();
    expect(hashRefreshToken(token)).toBe(hashRefreshToken(token));
    expect(hashRefreshToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(token)).not.toContain(token);
  });

  it('keys credential attempts by IP and case-insensitive email, without the email in clear', () => {
    expect(attemptKey('login', '1.2.3.4', 'A@x.io')).toBe(attemptKey('login', '1.2.3.4', 'a@x.io'));
    expect(attemptKey('login', '1.2.3.4', 'a@x.io')).not.toBe(attemptKey('login', '1.2.3.5', 'a@x.io'));
    expect(attemptKey('login', '1.2.3.4', 'a@x.io')).not.toBe(attemptKey('register', '1.2.3.4', 'a@x.io'));
    expect(attemptKey('login', '1.2.3.4', 'a@x.io')).not.toContain('a@x.io');
  });
});

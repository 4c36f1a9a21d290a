import { createHash, randomBytes } from 'node:crypto';

/** Emails are compared case-insensitively; we keep one canonical spelling. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** An opaque refresh token: 256 random bits, URL-safe. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');

/**
 * Refresh tokens are high-entropy random strings, so a fast hash is enough to make a stolen table
 * useless (no dictionary to try); it also lets us look a token up by its hash.
 */
export const hashRefreshToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The rate-limit bucket of credential attempts: one IP and one email, hashed to keep emails out of Redis. */
export const attemptKey = (kind: 'login' | 'register' | 'forgot-password', ip: string, email: string): string =>
  `${kind}:${createHash('sha256').update(`${ip}|${normalizeEmail(email)}`).digest('hex').slice(0, 40)}`;

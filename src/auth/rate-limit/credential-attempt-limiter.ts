import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { TooManyRequestsError } from '../domain/auth.errors';
import { attemptKey } from '../domain/credentials';
import { RATE_LIMIT_STORE, RateLimitStore } from './rate-limit-store';

/**
 * Brute-force protection per IP + email. Login counts every attempt BEFORE the password is checked
 * (one atomic increment; over `loginMaxFailures` in `loginWindowSeconds` → 429, even for the right
 * password, until the window ends), so parallel attempts never check more passwords than the limit;
 * a successful login clears the count. Register counts every attempt.
 */
@Injectable()
export class CredentialAttemptLimiter {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts the attempt; throws 429 once this IP + email has used up its attempts. */
  async claimLoginAttempt(ip: string, email: string): Promise<void> {
    const windowMs = this.config.loginWindowSeconds * 1000;
    const record = await this.store.increment(attemptKey('login', ip, email), windowMs, this.config.loginMaxFailures, 0, 'login');
    if (record.totalHits > this.config.loginMaxFailures) {
      throw new TooManyRequestsError(
        record.timeToExpire,
        'Too many failed logins for this account from your address; retry later.',
      );
    }
  }

  /**
   * The attempt never reached a verdict (503: the database was away or the hashing budget was full),
   * so it does not use up one of the account's attempts: an outage must not lock users out.
   */
  async giveBackLoginAttempt(ip: string, email: string): Promise<void> {
    await this.store.giveBack(attemptKey('login', ip, email));
  }

  async recordLoginSuccess(ip: string, email: string): Promise<void> {
    await this.store.reset(attemptKey('login', ip, email));
  }

  /** `POST /auth/forgot-password`: every request counts, per IP + email (known or not: the answer is the same). */
  async countPasswordResetRequest(ip: string, email: string): Promise<void> {
    const windowMs = this.config.passwordResetWindowSeconds * 1000;
    const limit = this.config.passwordResetMaxRequests;
    const record = await this.store.increment(attemptKey('forgot-password', ip, email), windowMs, limit, 0, 'forgot-password');
    if (record.totalHits > limit)
      throw new TooManyRequestsError(record.timeToExpire, 'Too many password-reset requests for this address; retry later.');
  }

  /** `POST /auth/resend-verification`: per account, per hour. */
  async countVerificationResend(userId: string): Promise<void> {
    const limit = this.config.verificationResendMaxPerHour;
    const record = await this.store.increment(`resend-verification:${userId}`, 3600_000, limit, 0, 'resend-verification');
    if (record.totalHits > limit)
      throw new TooManyRequestsError(record.timeToExpire, 'Too many verification mails for this account; retry later.');
  }

  async countRegistration(ip: string, email: string): Promise<void> {
    const windowMs = this.config.registerWindowSeconds * 1000;
    const record = await this.store.increment(
      attemptKey('register', ip, email),
      windowMs,
      this.config.registerMaxAttempts,
      windowMs,
      'register',
    );
    if (record.isBlocked)
      throw new TooManyRequestsError(record.timeToBlockExpire, 'Too many registration attempts; retry later.');
  }
}

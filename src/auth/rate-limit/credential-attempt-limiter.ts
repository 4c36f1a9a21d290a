import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { TooManyRequestsError } from '../domain/auth.errors';
import { attemptKey } from '../domain/credentials';
import { RATE_LIMIT_STORE, RateLimitStore } from './rate-limit-store';

/**
 * Brute-force protection per IP + email. Login counts failures only (after `loginMaxFailures` in
 * `loginWindowSeconds`, even the right password gets 429 until the window ends); register counts
 * every attempt.
 */
@Injectable()
export class CredentialAttemptLimiter {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assertLoginAllowed(ip: string, email: string): Promise<void> {
    const state = await this.store.peek(attemptKey('login', ip, email));
    if (state.totalHits >= this.config.loginMaxFailures) {
      throw new TooManyRequestsError(state.secondsLeft, 'Too many failed logins for this account from your address; retry later.');
    }
  }

  async recordLoginFailure(ip: string, email: string): Promise<void> {
    const windowMs = this.config.loginWindowSeconds * 1000;
    await this.store.increment(attemptKey('login', ip, email), windowMs, this.config.loginMaxFailures, 0, 'login');
  }

  async recordLoginSuccess(ip: string, email: string): Promise<void> {
    await this.store.reset(attemptKey('login', ip, email));
  }

  async countRegistration(ip: string, email: string): Promise<void> {
    const windowMs = this.config.registerWindowSeconds * 1000;
    const record = await this.store.increment(attemptKey('register', ip, email), windowMs, this.config.registerMaxAttempts, windowMs, 'register');
    if (record.isBlocked) throw new TooManyRequestsError(record.timeToBlockExpire, 'Too many registration attempts; retry later.');
  }
}

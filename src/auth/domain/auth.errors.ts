import { DomainError, UnauthorizedError } from '../../common/errors/domain-error';

/** One message for every wrong credential (unknown email, wrong password, deactivated account). */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('The email or password is incorrect.');
  }
}

/** Missing, malformed, forged, expired, revoked or otherwise unusable bearer token. */
export class InvalidAccessTokenError extends UnauthorizedError {
  constructor() {
    super('A valid bearer access token is required.');
    this.headers['WWW-Authenticate'] = 'Bearer';
  }
}

/** Unknown, expired, rotated or revoked refresh token. */
export class InvalidRefreshTokenError extends UnauthorizedError {
  constructor() {
    super('The refresh token is invalid or has expired; log in again.');
  }
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly type = 'rate-limited';
  readonly title = 'Too Many Requests';
  constructor(retryAfterSeconds: number, detail = 'Too many requests; retry later.') {
    super(detail);
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    this.headers['Retry-After'] = String(seconds);
    this.extensions.retryAfterSeconds = seconds;
  }
}

/** Too many password checks are running or waiting on this instance: try again in a moment. */
export class PasswordWorkBusyError extends DomainError {
  readonly status = 503;
  readonly type = 'service-unavailable';
  readonly title = 'Service Unavailable';
  constructor() {
    super('Too many sign-ins are being checked right now; retry in a moment.');
    this.headers['Retry-After'] = '1';
    this.extensions.retryAfterSeconds = 1;
  }
}

import { ConflictError, ValidationError } from '../../common/errors/domain-error';

/** Unknown, used, superseded or expired token: one answer for all, so it tells nothing. */
export class InvalidAccountTokenError extends ValidationError {
  constructor(what: 'verification' | 'password-reset') {
    super(
      [{ field: 'token', message: 'is unknown, already used or expired' }],
      `The ${what} link is invalid or has expired; ask for a new one.`,
    );
  }
}

export class EmailAlreadyVerifiedError extends ConflictError {
  override readonly type = 'email-already-verified';
  constructor() {
    super('Your email address is already verified.');
  }
}

export class EmailTakenError extends ConflictError {
  override readonly type = 'email-taken';
  constructor() {
    super('An account with this email already exists.');
  }
}

/** The change would leave no active admin: nobody could manage users any more. */
export class LastActiveAdminError extends ConflictError {
  override readonly type = 'last-active-admin';
  constructor() {
    super('This is the last active admin: make another user an admin before demoting or deactivating this one.');
  }
}

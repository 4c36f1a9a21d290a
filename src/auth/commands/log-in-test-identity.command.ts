import type { Role } from '../../common/auth/auth-user';

/** `POST /auth/login-test` (seed 001): tokens for a test identity, only when AUTH_TEST_LOGIN=true. */
export class LogInTestIdentityCommand {
  constructor(
    readonly customerId?: string,
    readonly role?: Role,
  ) {}
}

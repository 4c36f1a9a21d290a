import { Command } from '@nestjs/cqrs';
import type { SignedIn } from './log-in.handler';
import type { Role } from '../../common/auth/auth-user';

/** `POST /auth/login-test` (seed 001): tokens for a test identity, only when AUTH_TEST_LOGIN=true. */
export class LogInTestIdentityCommand extends Command<SignedIn> {
  constructor(
    readonly customerId?: string,
    readonly role?: Role,
  ) {
    super();
  }
}

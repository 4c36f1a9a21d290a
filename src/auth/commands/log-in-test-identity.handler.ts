import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { InvalidCredentialsError } from '../domain/auth.errors';
import { User } from '../entities/user.entity';
import { Sessions } from '../sessions/sessions';
import { TokenIssuer } from '../tokens/token-issuer';
import type { SignedIn } from './log-in.handler';
import { LogInTestIdentityCommand } from './log-in-test-identity.command';

/** Not a valid PHC string: a test identity can never log in with a password. */
const NO_PASSWORD = '!test-identity';

/**
 * Signs in as an existing user by id, or creates a test identity (`test-<id>@login-test.invalid`,
 * role from the request, default customer) and signs in as it. The controller answers 404 unless
 * AUTH_TEST_LOGIN=true, and configuration refuses that flag in production.
 */
@CommandHandler(LogInTestIdentityCommand)
export class LogInTestIdentityHandler implements ICommandHandler<LogInTestIdentityCommand, SignedIn> {
  constructor(
    private readonly sessions: Sessions,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute({ customerId, role }: LogInTestIdentityCommand): Promise<SignedIn> {
    return this.sessions.transaction(async (writer) => {
      const repo = writer.manager.getRepository(User);
      const id = customerId ?? randomUUID();
      let user = await repo.findOneBy({ id });
      if (!user) {
        await repo
          .createQueryBuilder()
          .insert()
          .values({
            id,
            email: `test-${id}@login-test.invalid`,
            name: 'Test identity',
            passwordHash: NO_PASSWORD,
            role: role ?? 'customer',
            active: true,
            // A test identity has no mailbox to verify: it counts as verified (REQUIRE_VERIFIED_EMAIL).
            emailVerifiedAt: new Date(),
          })
          .orIgnore()
          .execute();
        user = await repo.findOneByOrFail({ id });
      }
      if (!user.active) throw new InvalidCredentialsError();
      return { ...(await this.tokens.issue(writer, user)), user };
    });
  }
}

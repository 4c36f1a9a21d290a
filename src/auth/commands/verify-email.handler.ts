import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, Not } from 'typeorm';
import { PG_UNIQUE_VIOLATION, pgErrorOf } from '../../database/pg-error';
import { AccountTokens } from '../accounts/account-tokens';
import { EmailTakenError, InvalidAccountTokenError } from '../domain/account.errors';
import { User } from '../entities/user.entity';
import { VerifyEmailCommand } from './verify-email.command';

/**
 * Uses a verification token up. It verifies the address it was mailed to: the account's own address
 * (after registration), or its `pendingEmail`, which then replaces the old address — unless another
 * account took that address meanwhile (409). A token for an address the account no longer asks
 * for (a later change superseded it) is refused like an unknown one.
 */
@CommandHandler(VerifyEmailCommand)
export class VerifyEmailHandler implements ICommandHandler<VerifyEmailCommand, User> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccountTokens,
  ) {}

  async execute({ token }: VerifyEmailCommand): Promise<User> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const used = await this.tokens.consume(manager, token, 'verify-email');
        if (!used) throw new InvalidAccountTokenError('verification');
        const repo = manager.getRepository(User);
        const user = await repo.findOne({ where: { id: used.userId }, lock: { mode: 'pessimistic_write' } });
        if (!user || !user.active) throw new InvalidAccountTokenError('verification');
        if (used.email === user.email) {
          user.emailVerifiedAt ??= new Date();
        } else if (used.email === user.pendingEmail) {
          if (await repo.existsBy({ email: used.email, id: Not(user.id) })) throw new EmailTakenError();
          user.email = used.email;
          user.pendingEmail = null;
          user.emailVerifiedAt = new Date();
        } else {
          throw new InvalidAccountTokenError('verification');
        }
        return repo.save(user);
      });
    } catch (error) {
      // Two accounts verifying the same new address at once: the unique index decides.
      if (pgErrorOf(error).code === PG_UNIQUE_VIOLATION) throw new EmailTakenError();
      throw error;
    }
  }
}

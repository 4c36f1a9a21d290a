import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, Not } from 'typeorm';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error';
import { assertIfMatch } from '../../common/http/if-match';
import { Mailer } from '../../mail/mailer';
import { AccountTokens } from '../accounts/account-tokens';
import { normalizeEmail } from '../domain/credentials';
import { User } from '../entities/user.entity';
import { UpdateProfileCommand } from './update-profile.command';

/**
 * The caller's own name and address. A new address is not applied at once: it waits as
 * `pendingEmail`, and a verification token goes to it (the mail is queued in this transaction and
 * sent after commit); verifying it swaps the addresses. Asking for the current address again
 * cancels a pending change.
 */
@CommandHandler(UpdateProfileCommand)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfileCommand, User> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccountTokens,
    private readonly mailer: Mailer,
  ) {}

  async execute({ userId, changes, ifMatch }: UpdateProfileCommand): Promise<User> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      const user = await repo.findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('user');
      assertIfMatch(ifMatch, user.version);
      if (changes.name !== undefined) user.name = changes.name;
      if (changes.email !== undefined) {
        const email = normalizeEmail(changes.email);
        if (email === user.email) {
          user.pendingEmail = null;
          await this.tokens.retire(manager, user.id, 'verify-email');
        } else if (email !== user.pendingEmail) {
          if (await repo.existsBy({ email, id: Not(user.id) }))
            throw new ConflictError('An account with this email already exists.');
          user.pendingEmail = email;
          const token = await this.tokens.issue(manager, user.id, 'verify-email', email);
          await this.mailer.enqueue(
            { to: email, template: 'confirm-new-email', data: { name: user.name, token, newEmail: email } },
            manager,
          );
        }
      }
      return repo.save(user);
    });
    this.mailer.flush();
    return saved;
  }
}

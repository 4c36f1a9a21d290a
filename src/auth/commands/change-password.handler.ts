import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError, ValidationError } from '../../common/errors/domain-error';
import { Mailer } from '../../mail/mailer';
import { AccountTokens } from '../accounts/account-tokens';
import { User } from '../entities/user.entity';
import { Sessions } from '../sessions/sessions';
import { PasswordHasher } from '../users/password-hasher';
import { ChangePasswordCommand } from './change-password.command';

/**
 * A new password for the caller, who proves the current one. Every other session of the user ends
 * (their refresh tokens, and their access tokens from the next request on every instance: the
 * session notices are published before this returns); the calling session goes on. Outstanding
 * password-reset links stop working, and the account's address is told.
 */
@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand, void> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly tokens: AccountTokens,
    private readonly mailer: Mailer,
  ) {}

  async execute({ caller, currentPassword, newPassword }: ChangePasswordCommand): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: caller.id });
    if (!user) throw new NotFoundError('user');
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new ValidationError(
        [{ field: 'currentPassword', message: 'is not your current password' }],
        'The current password is incorrect.',
      );
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.sessions.transaction(async (writer) => {
      const repo = writer.manager.getRepository(User);
      const locked = await repo.findOne({ where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw new NotFoundError('user');
      locked.passwordHash = passwordHash;
      await repo.save(locked);
      await writer.endAllOf(user.id, 'password-change', caller.sessionId);
      await this.tokens.retire(writer.manager, user.id, 'reset-password');
      await this.mailer.enqueue({ to: locked.email, template: 'password-changed', data: { name: locked.name, everySession: false } }, writer.manager);
    });
    this.mailer.flush();
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Mailer } from '../../mail/mailer';
import { AccountTokens } from '../accounts/account-tokens';
import { InvalidAccountTokenError } from '../domain/account.errors';
import { User } from '../entities/user.entity';
import { Sessions } from '../sessions/sessions';
import { PasswordHasher } from '../users/password-hasher';
import { ResetPasswordCommand } from './reset-password.command';

/**
 * Sets a new password with a mailed reset token, which works once. Every session of the user ends
 * (refresh and access tokens, on every instance, before this returns). Having read the mail proves
 * the address, so an unverified address whose token this was counts as verified.
 */
@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand, void> {
  constructor(
    private readonly sessions: Sessions,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccountTokens,
    private readonly mailer: Mailer,
  ) {}

  async execute({ token, password }: ResetPasswordCommand): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.sessions.transaction(async (writer) => {
      const used = await this.tokens.consume(writer.manager, token, 'reset-password');
      if (!used) throw new InvalidAccountTokenError('password-reset');
      const repo = writer.manager.getRepository(User);
      const user = await repo.findOne({ where: { id: used.userId }, lock: { mode: 'pessimistic_write' } });
      // A token mailed to an address the account no longer has is not its owner's any more.
      if (!user || !user.active || used.email !== user.email) throw new InvalidAccountTokenError('password-reset');
      user.passwordHash = passwordHash;
      user.emailVerifiedAt ??= new Date();
      await repo.save(user);
      await writer.endAllOf(user.id, 'password-reset');
      await this.tokens.retire(writer.manager, user.id, 'reset-password');
      await this.mailer.enqueue(
        { to: user.email, template: 'password-changed', data: { name: user.name, everySession: true } },
        writer.manager,
      );
    });
    this.mailer.flush();
  }
}

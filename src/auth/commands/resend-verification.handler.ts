import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { Mailer } from '../../mail/mailer';
import { AccountTokens } from '../accounts/account-tokens';
import { EmailAlreadyVerifiedError } from '../domain/account.errors';
import { User } from '../entities/user.entity';
import { CredentialAttemptLimiter } from '../rate-limit/credential-attempt-limiter';
import { ResendVerificationCommand } from './resend-verification.command';

/**
 * A fresh verification mail (earlier links stop working): to the pending address when a change
 * waits, otherwise to the account's address — 409 when that is verified already. At most
 * VERIFICATION_RESEND_MAX_PER_HOUR per account, then 429.
 */
@CommandHandler(ResendVerificationCommand)
export class ResendVerificationHandler implements ICommandHandler<ResendVerificationCommand, void> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccountTokens,
    private readonly mailer: Mailer,
    private readonly limiter: CredentialAttemptLimiter,
  ) {}

  async execute({ userId }: ResendVerificationCommand): Promise<void> {
    const current = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!current) throw new NotFoundError('user');
    if (!current.pendingEmail && current.emailVerifiedAt) throw new EmailAlreadyVerifiedError();
    await this.limiter.countVerificationResend(userId);
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(User).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('user');
      const to = user.pendingEmail ?? (user.emailVerifiedAt ? null : user.email);
      if (!to) throw new EmailAlreadyVerifiedError();
      const token = await this.tokens.issue(manager, user.id, 'verify-email', to);
      if (to === user.pendingEmail) {
        await this.mailer.enqueue({ to, template: 'confirm-new-email', data: { name: user.name, token, newEmail: to } }, manager);
      } else {
        await this.mailer.enqueue({ to, template: 'verify-email', data: { name: user.name, token } }, manager);
      }
    });
    this.mailer.flush();
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Mailer } from '../../mail/mailer';
import { AccountTokens } from '../accounts/account-tokens';
import { normalizeEmail } from '../domain/credentials';
import { User } from '../entities/user.entity';
import { CredentialAttemptLimiter } from '../rate-limit/credential-attempt-limiter';
import { ForgotPasswordCommand } from './forgot-password.command';

/**
 * The answer must not tell whether an account exists: whatever the address, the caller gets the
 * same 202 no sooner than ANSWER_FLOOR_MS after the request began — more than the few milliseconds
 * writing a token and queueing its mail take, and the mail itself is sent after commit by the
 * dispatcher, never while the request waits. Only an active account's address gets a mail.
 */
const ANSWER_FLOOR_MS = 250;

@CommandHandler(ForgotPasswordCommand)
export class ForgotPasswordHandler implements ICommandHandler<ForgotPasswordCommand, void> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccountTokens,
    private readonly mailer: Mailer,
    private readonly limiter: CredentialAttemptLimiter,
  ) {}

  async execute({ email, ip }: ForgotPasswordCommand): Promise<void> {
    const started = Date.now();
    const canonical = normalizeEmail(email);
    await this.limiter.countPasswordResetRequest(ip, canonical);
    try {
      await this.dataSource.transaction(async (manager) => {
        const user = await manager.getRepository(User).findOneBy({ email: canonical, active: true });
        if (!user) return;
        const token = await this.tokens.issue(manager, user.id, 'reset-password', user.email);
        await this.mailer.enqueue({ to: user.email, template: 'reset-password', data: { name: user.name, token } }, manager);
      });
      this.mailer.flush();
    } finally {
      const left = ANSWER_FLOOR_MS - (Date.now() - started);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ConflictError } from '../../common/errors/domain-error';
import { Mailer } from '../../mail/mailer';
import { AccountTokens } from '../accounts/account-tokens';
import { normalizeEmail } from '../domain/credentials';
import { User } from '../entities/user.entity';
import { CredentialAttemptLimiter } from '../rate-limit/credential-attempt-limiter';
import { PasswordHasher } from '../users/password-hasher';
import { RegisterUserCommand } from './register-user.command';

/** Creates a customer (never anything else: the request has no `role`) and mails them a verification link. */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand, User> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly limiter: CredentialAttemptLimiter,
    private readonly tokens: AccountTokens,
    private readonly mailer: Mailer,
  ) {}

  async execute({ email, password, name, ip }: RegisterUserCommand): Promise<User> {
    const canonical = normalizeEmail(email);
    await this.limiter.countRegistration(ip, canonical);
    const passwordHash = await this.hasher.hash(password);
    const user = await this.dataSource.transaction(async (manager) => {
      // ON CONFLICT instead of catching the unique violation: a duplicate is an answer, not an error to log.
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(User)
        .values({ email: canonical, name, passwordHash, role: 'customer', active: true })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
      if (!id) throw new ConflictError('An account with this email already exists.');
      // The verification mail is queued with the account and sent after commit.
      const token = await this.tokens.issue(manager, id, 'verify-email', canonical);
      await this.mailer.enqueue({ to: canonical, template: 'verify-email', data: { name, token } }, manager);
      return manager.getRepository(User).findOneByOrFail({ id });
    });
    this.mailer.flush();
    return user;
  }
}

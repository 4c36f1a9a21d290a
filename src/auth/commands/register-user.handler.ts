import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ConflictError } from '../../common/errors/domain-error';
import { normalizeEmail } from '../domain/credentials';
import { User } from '../entities/user.entity';
import { CredentialAttemptLimiter } from '../rate-limit/credential-attempt-limiter';
import { isUniqueViolation } from '../users/pg-errors';
import { PasswordHasher } from '../users/password-hasher';
import { RegisterUserCommand } from './register-user.command';

/** Creates a customer (never anything else: the request has no `role`). */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand, User> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly limiter: CredentialAttemptLimiter,
  ) {}

  async execute({ email, password, name, ip }: RegisterUserCommand): Promise<User> {
    const canonical = normalizeEmail(email);
    await this.limiter.countRegistration(ip, canonical);
    const passwordHash = await this.hasher.hash(password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const repo = manager.getRepository(User);
        return repo.save(repo.create({ email: canonical, name, passwordHash, role: 'customer', active: true }));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('An account with this email already exists.');
      throw error;
    }
  }
}

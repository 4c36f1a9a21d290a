import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { InvalidCredentialsError } from '../domain/auth.errors';
import { normalizeEmail } from '../domain/credentials';
import { User } from '../entities/user.entity';
import { CredentialAttemptLimiter } from '../rate-limit/credential-attempt-limiter';
import { Sessions } from '../sessions/sessions';
import { IssuedTokens, TokenIssuer } from '../tokens/token-issuer';
import { PasswordHasher } from '../users/password-hasher';
import { LogInCommand } from './log-in.command';

export interface SignedIn extends IssuedTokens {
  user: User;
}

/**
 * Unknown email, wrong password and deactivated account all answer the same 401 after the same
 * amount of work, so the answer reveals nothing about which accounts exist. An attempt that gets no
 * verdict (the database or the hashing budget answers 503) is given back to the account's limit.
 */
@CommandHandler(LogInCommand)
export class LogInHandler implements ICommandHandler<LogInCommand, SignedIn> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly limiter: CredentialAttemptLimiter,
    private readonly tokens: TokenIssuer,
    private readonly sessions: Sessions,
  ) {}

  async execute({ email, password, ip }: LogInCommand): Promise<SignedIn> {
    const canonical = normalizeEmail(email);
    await this.limiter.claimLoginAttempt(ip, canonical);
    let user: User | null;
    let passwordOk: boolean;
    try {
      user = await this.dataSource.getRepository(User).findOneBy({ email: canonical });
      passwordOk = await this.hasher.verify(user?.passwordHash, password);
    } catch (error) {
      await this.limiter.giveBackLoginAttempt(ip, canonical);
      throw error;
    }
    if (!user || !passwordOk || !user.active) throw new InvalidCredentialsError();
    await this.limiter.recordLoginSuccess(ip, canonical);
    const tokens = await this.sessions.transaction(async (writer) => {
      // Not a change of the user's resource: its version stays.
      const [rows] = (await writer.manager.query(
        `UPDATE "users" SET "lastLoginAt" = now() WHERE "id" = $1 RETURNING "lastLoginAt"`,
        [user.id],
      )) as [Array<{ lastLoginAt: Date }>, number];
      user.lastLoginAt = rows[0]?.lastLoginAt ?? user.lastLoginAt;
      return this.tokens.issue(writer, user);
    });
    return { ...tokens, user };
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { hashRefreshToken } from '../domain/credentials';
import { RefreshToken } from '../entities/refresh-token.entity';
import { RefreshTokenFamily } from '../entities/refresh-token-family.entity';
import { Sessions } from '../sessions/sessions';
import { LogOutCommand } from './log-out.command';

/**
 * Ends the caller's session — every access token issued in it answers 401 from the next request,
 * on every instance — and the session of the presented refresh token when it is the caller's.
 * Idempotent: an unknown or already revoked refresh token is not an error.
 */
@CommandHandler(LogOutCommand)
export class LogOutHandler implements ICommandHandler<LogOutCommand, void> {
  constructor(private readonly sessions: Sessions) {}

  async execute({ user, refreshToken }: LogOutCommand): Promise<void> {
    await this.sessions.transaction(async (writer) => {
      await writer.end(user.sessionId, 'logout');
      const token = await writer.manager.getRepository(RefreshToken).findOneBy({ tokenHash: hashRefreshToken(refreshToken) });
      if (!token || token.familyId === user.sessionId) return;
      const owned = await writer.manager.getRepository(RefreshTokenFamily).existsBy({ id: token.familyId, userId: user.id });
      if (owned) await writer.end(token.familyId, 'logout');
    });
  }
}

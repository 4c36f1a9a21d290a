import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, IsNull } from 'typeorm';
import { hashRefreshToken } from '../domain/credentials';
import { RefreshTokenFamily } from '../entities/refresh-token-family.entity';
import { RefreshToken } from '../entities/refresh-token.entity';
import { AccessTokenDenylist } from '../tokens/access-token-denylist';
import { LogOutCommand } from './log-out.command';

/**
 * Ends the session: revokes the refresh token's family (when it is the caller's) and denies the
 * access token used for the call until it expires. Idempotent: an unknown or already revoked
 * refresh token is not an error.
 */
@CommandHandler(LogOutCommand)
export class LogOutHandler implements ICommandHandler<LogOutCommand, void> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly denylist: AccessTokenDenylist,
  ) {}

  async execute({ user, refreshToken }: LogOutCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await manager.getRepository(RefreshToken).findOneBy({ tokenHash: hashRefreshToken(refreshToken) });
      if (!token) return;
      await manager
        .getRepository(RefreshTokenFamily)
        .update({ id: token.familyId, userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'logout' });
    });
    if (user.jti && user.exp) await this.denylist.deny(user.jti, user.exp);
  }
}

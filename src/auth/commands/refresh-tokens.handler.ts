import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidRefreshTokenError } from '../domain/auth.errors';
import { hashRefreshToken } from '../domain/credentials';
import { RefreshTokenFamily } from '../entities/refresh-token-family.entity';
import { RefreshToken } from '../entities/refresh-token.entity';
import { User } from '../entities/user.entity';
import { SessionEndReason, Sessions } from '../sessions/sessions';
import { TokenIssuer } from '../tokens/token-issuer';
import type { SignedIn } from './log-in.handler';
import { RefreshTokensCommand } from './refresh-tokens.command';

type Outcome = { ok: true; signedIn: SignedIn } | { ok: false };

/**
 * Rotation with reuse detection. The session (family) row is locked, so two refreshes of one
 * session are serialized: the first rotates, the second sees a rotated token — exactly what a thief
 * replaying a stolen token looks like — and the whole session ends, its access tokens included
 * (committed and announced before the 401).
 */
@CommandHandler(RefreshTokensCommand)
export class RefreshTokensHandler implements ICommandHandler<RefreshTokensCommand, SignedIn> {
  constructor(
    private readonly sessions: Sessions,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute({ refreshToken }: RefreshTokensCommand): Promise<SignedIn> {
    const tokenHash = hashRefreshToken(refreshToken);
    const outcome = await this.sessions.transaction(async (writer): Promise<Outcome> => {
      const { manager } = writer;
      const found = await manager.getRepository(RefreshToken).findOneBy({ tokenHash });
      if (!found) return { ok: false };
      const family = await manager
        .getRepository(RefreshTokenFamily)
        .findOne({ where: { id: found.familyId }, lock: { mode: 'pessimistic_write' } });
      const token = await manager.getRepository(RefreshToken).findOneByOrFail({ id: found.id });
      if (!family || family.revokedAt) return { ok: false };
      const endSession = async (reason: SessionEndReason) => {
        await writer.end(family.id, reason);
        return { ok: false } as const;
      };
      if (token.rotatedAt) return endSession('reuse');
      if (token.expiresAt.getTime() <= Date.now()) return endSession('expired');
      const user = await manager.getRepository(User).findOneBy({ id: family.userId });
      if (!user || !user.active) return endSession('deactivated');
      await manager.getRepository(RefreshToken).update({ id: token.id }, { rotatedAt: new Date() });
      const issued = await this.tokens.issue(writer, user, family.id);
      return { ok: true, signedIn: { ...issued, user } };
    });
    if (!outcome.ok) throw new InvalidRefreshTokenError();
    return outcome.signedIn;
  }
}

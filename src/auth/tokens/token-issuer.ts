import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { hashRefreshToken, newRefreshToken } from '../domain/credentials';
import { RefreshToken } from '../entities/refresh-token.entity';
import { User } from '../entities/user.entity';
import type { SessionWriter } from '../sessions/sessions';
import { AccessTokens } from './access-tokens';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Issues a token pair of a session: an access token carrying its id, a refresh token stored hashed in it. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly accessTokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A pair in `sessionId`, written in the writer's transaction; a new session when none is given (a login). */
  async issue(sessions: SessionWriter, user: Pick<User, 'id' | 'role'>, sessionId?: string): Promise<IssuedTokens> {
    const sid = sessionId ?? (await sessions.start(user.id));
    const refreshToken = newRefreshToken();
    await sessions.manager.getRepository(RefreshToken).insert({
      familyId: sid,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
      rotatedAt: null,
    });
    const accessToken = this.accessTokens.sign({ sub: user.id, sid, role: user.role });
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds };
  }
}

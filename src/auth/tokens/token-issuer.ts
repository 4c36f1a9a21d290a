import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { hashRefreshToken, newRefreshToken } from '../domain/credentials';
import { RefreshTokenFamily } from '../entities/refresh-token-family.entity';
import { RefreshToken } from '../entities/refresh-token.entity';
import { User } from '../entities/user.entity';

/** Claims of an access token beyond the registered ones (`iss`, `aud`, `exp`, `iat`, `jti`, `sub`). */
export interface AccessTokenClaims {
  sub: string;
  role: User['role'];
  /** Marks the token as an access token, so no other token we might sign is accepted in its place. */
  typ: 'access';
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Signs access tokens and records refresh tokens (hashed) in a family. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Issues a pair inside the caller's transaction; a new family when `familyId` is not given (a login). */
  async issue(manager: EntityManager, user: Pick<User, 'id' | 'role'>, familyId?: string): Promise<IssuedTokens> {
    const family = familyId ?? (await manager.getRepository(RefreshTokenFamily).save({ userId: user.id, revokedAt: null, revokedReason: null })).id;
    const refreshToken = newRefreshToken();
    await manager.getRepository(RefreshToken).insert({
      familyId: family,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
      rotatedAt: null,
    });
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { jwtid: randomUUID() });
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds };
  }
}

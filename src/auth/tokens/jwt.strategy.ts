import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth/auth-user';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { InvalidAccessTokenError } from '../domain/auth.errors';
import { SessionLookup } from './session-lookup';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const JWT_STRATEGY = 'jwt';

/**
 * Verifies the bearer access token (RFC 8725: algorithm pinned to HS256, issuer, audience and
 * expiry checked), then checks the session is still live: the user exists and is active and the
 * token was not logged out. Puts an `AuthUser` with the user's *current* role on `request.user`.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionLookup,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a public
      // key on every request (~20 % of the CPU of a cached read in bench/).
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer, // typings predate KeyObject support
      algorithms: ['HS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
    });
  }

  async validate(payload: Record<string, unknown>): Promise<AuthUser> {
    const { sub, jti, exp, typ } = payload;
    if (typ !== 'access' || typeof sub !== 'string' || !UUID.test(sub) || typeof jti !== 'string' || !UUID.test(jti) || typeof exp !== 'number') {
      throw new InvalidAccessTokenError();
    }
    const session = await this.sessions.find(sub, jti);
    if (!session) throw new InvalidAccessTokenError();
    return { id: session.id, role: session.role, jti, exp };
  }
}

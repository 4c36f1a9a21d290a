import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { sign, verify } from 'jsonwebtoken';
import type { Role } from '../../common/auth/auth-user';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { InvalidAccessTokenError } from '../domain/auth.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Tokens whose signature and claims were checked, kept until they expire (bounded: the oldest go first). */
const VERIFIED_TOKENS_MAX = 5_000;

/** The claims we put in an access token beyond the registered ones (`iss`, `aud`, `exp`, `iat`, `jti`). */
export interface AccessTokenClaims {
  sub: string;
  /** The session (refresh-token family): ending it ends every access token issued in it. */
  sid: string;
  role: Role;
  /** Marks the token as an access token, so no other token we might sign is accepted in its place. */
  typ: 'access';
}

/**
 * Signs and verifies access tokens (RFC 8725: HS256 pinned, issuer, audience and expiry checked).
 * The secret is a KeyObject: given a string, `jsonwebtoken` first tries to parse it as a public
 * key on every verification (~20 % of the CPU of a cached read in bench/).
 *
 * A client sends the same token with every request for its lifetime, so a verified token's claims
 * are remembered, keyed by the whole token string (any other byte, the signature's included, is
 * another key and is verified in full), until the token's `exp`, which is checked on every use.
 * Nothing else about a token can change: whether its session still stands (logout, deactivation,
 * role or password change) is `Sessions.check`, on every request, cached token or not.
 */
@Injectable()
export class AccessTokens {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { claims: AccessTokenClaims; expiresAtMs: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret));
  }

  sign(claims: Omit<AccessTokenClaims, 'typ'>): string {
    const payload: AccessTokenClaims = { ...claims, typ: 'access' };
    return sign(payload, this.key, {
      algorithm: 'HS256',
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      expiresIn: this.config.accessTokenTtlSeconds,
      jwtid: randomUUID(),
    });
  }

  /** The token's claims, or InvalidAccessTokenError whatever is wrong with it (nothing is learnt from the answer). */
  verify(token: string): AccessTokenClaims {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.claims;
      this.verified.delete(token);
    }
    let payload: unknown;
    try {
      payload = verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
      });
    } catch {
      throw new InvalidAccessTokenError();
    }
    const { sub, sid, typ, role, exp, nbf } = (payload ?? {}) as Record<string, unknown>;
    if (typ !== 'access' || typeof sub !== 'string' || !UUID.test(sub) || typeof sid !== 'string' || !UUID.test(sid)) {
      throw new InvalidAccessTokenError();
    }
    const claims: AccessTokenClaims = Object.freeze({ sub: sub.toLowerCase(), sid: sid.toLowerCase(), typ, role: role as Role });
    // jsonwebtoken accepts a token while floor(now / 1000) < exp, i.e. now < exp * 1000 ms. Ours all
    // carry an `exp` and no `nbf`; a token otherwise made is verified in full every time.
    if (typeof exp === 'number' && nbf === undefined) this.remember(token, claims, exp * 1000);
    return claims;
  }

  private remember(token: string, claims: AccessTokenClaims, expiresAtMs: number): void {
    if (this.verified.size >= VERIFIED_TOKENS_MAX) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { claims, expiresAtMs });
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { IS_PUBLIC } from '../../common/auth/public.decorator';
import { InvalidAccessTokenError } from '../domain/auth.errors';
import { Sessions } from '../sessions/sessions';
import { AccessTokens } from '../tokens/access-tokens';

/**
 * Global: every route needs a valid bearer access token of a live session unless marked
 * `@Public()`. Puts an `AuthUser` with the user's *current* role on `request.user`. Only "no such
 * session", "ended" or "someone else's" is a 401; when the session could not be checked (the
 * database is away) `Sessions.check` throws DatabaseUnavailableError, which goes through as a 503
 * with Retry-After: the caller's token is fine, the service is not.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly sessions: Sessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const claims = this.tokens.verify(bearerTokenOf(request));
    const session = await this.sessions.check(claims.sid);
    if (!session || !session.live || session.userId !== claims.sub) throw new InvalidAccessTokenError();
    request.user = { id: claims.sub, role: session.role, sessionId: claims.sid };
    return true;
  }
}

function bearerTokenOf(request: Request): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer +([^ ]+) *$/i.exec(header) : null;
  if (!match) throw new InvalidAccessTokenError();
  return match[1];
}

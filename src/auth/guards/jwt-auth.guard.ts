import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '../../common/auth/public.decorator';
import { DomainError } from '../../common/errors/domain-error';
import { InvalidAccessTokenError } from '../domain/auth.errors';
import { JWT_STRATEGY } from '../tokens/jwt.strategy';

/** Global: every route needs a valid bearer access token unless marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  // Passport reports a bad token through `info` (expired, bad signature, wrong audience, ...); the
  // client gets one generic problem document whatever the reason, so nothing is learnt from it.
  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof DomainError) throw error;
    if (error || !user) throw new InvalidAccessTokenError();
    return user;
  }
}

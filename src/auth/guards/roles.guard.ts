import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser, Role } from '../../common/auth/auth-user';
import { ROLES_KEY } from '../../common/auth/roles.decorator';
import { ForbiddenError } from '../../common/errors/domain-error';
import { InvalidAccessTokenError } from '../domain/auth.errors';

/** Global: enforces `@Roles(...)`; an authenticated caller without the role gets 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw new InvalidAccessTokenError();
    if (!roles.includes(user.role)) throw new ForbiddenError(`This action requires the ${roles.join(' or ')} role.`);
    return true;
  }
}

import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from '../../common/auth/auth-user';
import { REQUIRES_VERIFIED_EMAIL } from '../../common/auth/requires-verified-email.decorator';
import { ForbiddenError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CustomerDirectory } from '../users/customer-directory';

export class EmailNotVerifiedError extends ForbiddenError {
  override readonly type = 'email-not-verified';
  constructor() {
    super(
      'Your email address must be verified before you can do this: open the link in the verification mail, or ask for a new one with POST /api/v1/auth/resend-verification.',
    );
  }
}

/** Global: enforces `@RequiresVerifiedEmail()` for customers when REQUIRE_VERIFIED_EMAIL=true (one indexed read then). */
@Injectable()
export class VerifiedEmailGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly customers: CustomerDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.config.requireVerifiedEmail) return true;
    const required = this.reflector.getAllAndOverride<boolean | undefined>(REQUIRES_VERIFIED_EMAIL, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user || user.role !== 'customer') return true;
    if (!(await this.customers.hasVerifiedEmail(user.id))) throw new EmailNotVerifiedError();
    return true;
  }
}

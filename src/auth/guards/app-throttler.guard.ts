import { ExecutionContext, Injectable } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { AuthUser } from '../../common/auth/auth-user';
import { TooManyRequestsError } from '../domain/auth.errors';
import { COUNTED_BY_THROTTLER } from '../rate-limit/uncounted-traffic-limiter';

/**
 * Global default limit: per user when authenticated (it runs after the JWT guard), per IP
 * otherwise. Probes and metrics are never limited. 429 is a problem document with `Retry-After`.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const path = context.switchToHttp().getRequest<{ path?: string }>().path ?? '';
    return path.startsWith('/health/') || path === '/metrics';
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    (req as Record<symbol, unknown>)[COUNTED_BY_THROTTLER] = true;
    const user = req.user as AuthUser | undefined;
    return user?.id ? `user:${user.id}` : `ip:${normalizeIp(String(req.ip ?? ''), this.ipv6SubnetPrefix)}`;
  }

  // One budget per caller across all routes (the library's default is one per route).
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new TooManyRequestsError(detail.timeToBlockExpire);
  }
}

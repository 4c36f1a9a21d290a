import { normalizeIp } from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { TooManyRequestsError } from '../domain/auth.errors';
import type { RateLimitStore } from './rate-limit-store';

/** Set on a request the global throttler counted (see AppThrottlerGuard.getTracker). */
export const COUNTED_BY_THROTTLER = Symbol('counted by the throttler');

const WINDOW_MS = 60_000;

/**
 * The global throttler runs after authentication and only on routes that exist, so requests with
 * an invalid token (401) and requests for unknown routes (404) never reach it — a free way to
 * probe. This counts every API request the throttler did not count against the caller's IP, in the
 * same per-IP budget (RATE_LIMIT_PER_MINUTE, shared through the store across instances), after its
 * response. Once an instance sees the budget used up, it refuses that IP's requests with 429 from
 * memory until the window ends: no extra round trip on the way in for anyone.
 */
export function uncountedTrafficLimiter(store: RateLimitStore, config: AppConfig, prefix: string) {
  const blockedUntil = new Map<string, number>();
  const limit = config.rateLimitPerMinute;
  return (req: Request, res: Response, next: NextFunction, refuse: (error: TooManyRequestsError) => void): void => {
    if (limit === 0 || !req.path.startsWith(prefix)) return next();
    const ip = normalizeIp(String(req.ip ?? ''), 64);
    const key = `default:ip:${ip}`;
    const until = blockedUntil.get(ip);
    if (until !== undefined) {
      if (until > Date.now()) return refuse(new TooManyRequestsError((until - Date.now()) / 1000));
      blockedUntil.delete(ip);
    }
    res.once('finish', () => {
      if ((req as unknown as Record<symbol, unknown>)[COUNTED_BY_THROTTLER]) return;
      void store
        .increment(key, WINDOW_MS, limit, WINDOW_MS, 'default')
        .then((record) => {
          if (record.totalHits > limit) blockedUntil.set(ip, Date.now() + Math.max(record.timeToExpire, 1) * 1000);
          if (blockedUntil.size > 100_000) blockedUntil.clear();
        })
        .catch(() => undefined);
    });
    next();
  };
}

import { EVENT_TYPES } from '../../events/event-types';

/**
 * What an endpoint subscribes to: exact event types (`order.shipped`), prefixes (`order.*`) or
 * everything (`*`). A prefix must name a known family, so a typo (`ordr.*`) is refused rather than
 * silently matching nothing.
 */
export function isValidSubscription(pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    return EVENT_TYPES.some((type) => type.startsWith(prefix));
  }
  return (EVENT_TYPES as readonly string[]).includes(pattern);
}

/** True when an event of `type` goes to an endpoint subscribed to `patterns`. */
export function subscribes(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/**
 * The same rule as a SQL condition on an endpoint row `w` and an event type expression, for the
 * fan-out statement (must agree with `subscribes`).
 */
export const SUBSCRIBES_SQL = (endpoint: string, type: string) =>
  `EXISTS (SELECT 1 FROM unnest(${endpoint}."events") p
            WHERE p = '*' OR p = ${type} OR (right(p, 2) = '.*' AND left(${type}, length(p) - 1) = left(p, length(p) - 1)))`;

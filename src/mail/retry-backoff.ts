export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * When the next attempt of a mail that failed its `attempt`-th try (1-based) is due: the base delay
 * doubling per attempt, capped at `maxMs`; null when that was the last attempt.
 */
export function nextMailAttemptDelayMs(policy: BackoffPolicy, attempt: number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  return Math.min(policy.baseMs * 2 ** Math.max(0, attempt - 1), policy.maxMs);
}

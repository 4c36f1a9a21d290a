export interface RetryPolicy {
  /** Give up once the next attempt would start later than this after the first; 0: one attempt. */
  budgetMs: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export interface RetryNotice {
  attempt: number;
  retryInMs: number;
  error: unknown;
}

/**
 * Failures that a database which is not up yet gives, and that waiting can cure: nothing listens
 * (a container still starting, PostgreSQL's first-run init with TCP off), a name not resolvable
 * yet, a server starting up or shutting down (57P03, 57P01). Bad credentials, a missing database or
 * a malformed URL fail at once: retrying them would only delay the one clear error line.
 */
export function isTransientConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P03', '57P01'].includes(code)) {
    return true;
  }
  return typeof e?.message === 'string' && /Connection terminated|timeout expired/i.test(e.message);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `connect` until it succeeds, retrying transient failures with exponential backoff (250 ms
 * doubling up to 5 s by default) for at most `budgetMs`. Resolves with the number of attempts.
 */
export async function connectWithRetry(
  connect: () => Promise<unknown>,
  policy: RetryPolicy,
  onRetry: (notice: RetryNotice) => void = () => undefined,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = { now: Date.now, sleep },
): Promise<number> {
  const deadline = clock.now() + policy.budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await connect();
      return attempt;
    } catch (error) {
      const retryInMs = Math.min(policy.maxDelayMs ?? 5000, (policy.firstDelayMs ?? 250) * 2 ** (attempt - 1));
      if (!isTransientConnectionError(error) || clock.now() + retryInMs > deadline) throw error;
      onRetry({ attempt, retryInMs, error });
      await clock.sleep(retryInMs);
    }
  }
}

import { nextMailAttemptDelayMs } from './retry-backoff';

describe('nextMailAttemptDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 5000, maxAttempts: 5 };

  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => nextMailAttemptDelayMs(policy, n))).toEqual([1000, 2000, 4000, 5000]);
  });

  it('gives up after the last attempt', () => {
    expect(nextMailAttemptDelayMs(policy, 5)).toBeNull();
    expect(nextMailAttemptDelayMs({ ...policy, maxAttempts: 1 }, 1)).toBeNull();
  });
});

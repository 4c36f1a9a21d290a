import { nextAttemptDelayMs } from './retry-schedule';

describe('nextAttemptDelayMs', () => {
  const schedule = [5000, 30000];
  it('waits the schedule entry of each failed attempt, then gives up', () => {
    expect(nextAttemptDelayMs(schedule, 1)).toBe(5000);
    expect(nextAttemptDelayMs(schedule, 2)).toBe(30000);
    expect(nextAttemptDelayMs(schedule, 3)).toBeNull();
  });
  it('an empty schedule means a single attempt', () => expect(nextAttemptDelayMs([], 1)).toBeNull());
});

/**
 * When the next attempt of a failed delivery is due, or null when it is dead-lettered: one first
 * attempt plus one per entry of the schedule. `attempt` counts the attempts of the current schedule
 * (a manual retry starts a new one), 1 for the first.
 */
export function nextAttemptDelayMs(schedule: readonly number[], attempt: number): number | null {
  return attempt <= schedule.length ? schedule[attempt - 1] : null;
}

/** PostgreSQL unique_violation (23505), as surfaced by TypeORM's QueryFailedError. */
export const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string; driverError?: { code?: string } })?.code === '23505' ||
  (error as { driverError?: { code?: string } })?.driverError?.code === '23505';

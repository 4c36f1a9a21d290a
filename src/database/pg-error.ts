/** The PostgreSQL error code and constraint of a failed query (TypeORM's QueryFailedError wraps pg's error). */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } } | undefined;
  if (!e || typeof e !== 'object') return {};
  return { code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint };
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';

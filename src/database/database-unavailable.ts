import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';

/** Seconds a client is asked to wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * The database could not be reached, or the connection broke, while serving a request: nothing
 * the client did wrong and nothing a retry a moment later will not cure. 503 with Retry-After.
 */
export class DatabaseUnavailableError extends DomainError {
  readonly status = 503;
  readonly type = 'service-unavailable';
  readonly title = 'Service Unavailable';

  constructor(detail = 'The database is not reachable at the moment; retry shortly.') {
    super(detail);
    this.headers['Retry-After'] = String(DATABASE_RETRY_AFTER_SECONDS);
  }
}

/** Socket-level failures of the connection to the server (node's error codes). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/**
 * PostgreSQL SQLSTATEs that say the server is away or going away rather than that the statement is
 * wrong: class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now),
 * 53300 (too many connections): what a restart, a failover or a full server produces.
 */
const PG_CODES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);

/** What `pg` and `pg-pool` say when a connection ends or cannot be had (they set no code). */
const MESSAGES = [
  /^Connection terminated/i, // "Connection terminated unexpectedly", "... due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool: no connection within connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /Query read timeout/i,
  /^timeout expired$/, // pg: connectionTimeoutMillis elapsed while connecting
];

/**
 * True when `error` (a pg error, or TypeORM's QueryFailedError wrapping one) means the database is
 * unreachable or the connection was lost — not that the query or the data was wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM releases a transaction's query runner when its connection fails; what the transaction
  // does next then fails with one of these rather than with the connection's own error.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message, driverError, cause } = e as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || PG_CODES.has(code))) return true;
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
    e = driverError ?? cause;
  }
  return false;
}

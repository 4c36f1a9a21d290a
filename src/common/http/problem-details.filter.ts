import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../../database/database-unavailable';
import { DomainError } from '../errors/domain-error';

export const PROBLEM_BASE = 'https://order-api.dev/problems/';

const TYPES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  503: 'service-unavailable',
};

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/**
 * The one place where errors become HTTP responses: RFC 9457 problem details
 * (`application/problem+json`). Domain errors carry their own status; Nest HTTP exceptions keep
 * theirs; a database that is unreachable or a connection that broke is a 503 with Retry-After
 * (the client did nothing wrong and a retry will do); anything else is a 500 whose details go
 * only to the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Also called by the Express middleware that answers before Nest's routing (body parser, unknown routes). */
  respond(exception: unknown, request: Request, response: Response): void {
    const { problem, headers } = this.toProblem(exception);
    problem.instance = request.originalUrl?.split('?')[0];
    // The request's id travels in the line itself: above `info` no per-request logger is bound.
    const reqId = (request as Request & { id?: string }).id;
    if (problem.status === 503 && (exception instanceof DatabaseUnavailableError || isDatabaseUnavailable(exception))) {
      this.logger.warn(
        { err: loggableError(exception, false), reqId, url: request.originalUrl, method: request.method },
        'database unavailable',
      );
    } else if (problem.status >= 500) {
      this.logger.error(
        { err: loggableError(exception), reqId, url: request.originalUrl, method: request.method },
        'unhandled error',
      );
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) if (!response.getHeader(name)) response.setHeader(name, value);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  toProblem(exception: unknown): { problem: ProblemDocument; headers: Record<string, string> } {
    if (exception instanceof DomainError) {
      return {
        problem: {
          type: PROBLEM_BASE + exception.type,
          title: exception.title,
          status: exception.status,
          detail: exception.detail,
          ...exception.extensions,
        },
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      return {
        problem: {
          type: PROBLEM_BASE + (TYPES[status] ?? 'error'),
          title: statusTitle(status),
          status,
          detail: detailOf(status, body),
        },
        headers: {},
      };
    }
    if (isDatabaseUnavailable(exception)) return this.toProblem(new DatabaseUnavailableError());
    const status = bodyParserStatus(exception);
    if (status) {
      return {
        problem: {
          type: PROBLEM_BASE + TYPES[status],
          title: statusTitle(status),
          status,
          detail: status === 413 ? 'The request body is larger than 1 MB.' : bodyParserDetail(exception),
        },
        headers: {},
      };
    }
    return {
      problem: {
        type: PROBLEM_BASE + 'internal',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred. It has been logged; quote the X-Request-Id header when reporting it.',
      },
      headers: {},
    };
  }
}

/**
 * What of an unexpected error goes to the log. A failed query's `parameters` and PostgreSQL's
 * `detail` ("Failing row contains (...)", "Key (email)=(...)") carry password hashes and personal
 * data, so only the error's name, message, stack, SQL text and PostgreSQL's code and location remain.
 */
export function loggableError(exception: unknown, withStack = true): unknown {
  if (!(exception instanceof Error)) return exception;
  type DbError = { code?: string; constraint?: string; table?: string; column?: string };
  const e = exception as Error & DbError & { query?: unknown; driverError?: DbError };
  const db = e.driverError ?? e;
  return {
    type: e.name,
    message: e.message,
    ...(withStack ? { stack: e.stack } : {}),
    ...(typeof e.query === 'string' ? { query: e.query } : {}),
    ...(db.code ? { code: db.code, constraint: db.constraint, table: db.table, column: db.column } : {}),
  };
}

function statusTitle(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function detailOf(status: number, body: string | object): string {
  if (status === 404) return 'No resource is found at this address.';
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return statusTitle(status);
}

function bodyParserDetail(exception: unknown): string {
  const type = (exception as { type?: string }).type;
  if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported')
    return 'The request body is not valid JSON.';
  return 'The request body could not be read (check its Content-Encoding and Content-Length).';
}

/**
 * Errors of the Express body parser are http-errors with a 4xx `status` (and usually a `type`):
 * too large is 413; anything else the client sent wrong (malformed JSON, unsupported charset or
 * encoding, a body that does not inflate or does not match its Content-Length) is 400.
 */
function bodyParserStatus(exception: unknown): 400 | 413 | undefined {
  const e = exception as { type?: string; status?: number; expose?: boolean } | undefined;
  if (!e || typeof e !== 'object') return undefined;
  if (e.type === 'entity.too.large') return 413;
  if (e.type === 'entity.parse.failed' || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return 400;
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return 400;
  return undefined;
}
